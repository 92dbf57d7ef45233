package io.vigil.command.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.deployment.DeploymentEvent.DeploymentCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentRevisionCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentStatusChanged;
import io.vigil.kernel.deployment.DeploymentStatus;
import io.vigil.kernel.target.ConnectionStatus;
import io.vigil.kernel.target.TargetEvent.HeartbeatReceived;
import io.vigil.kernel.target.TargetEvent.TargetRegistered;
import io.vigil.kernel.target.TargetEvent.TargetSecretRotated;
import io.vigil.kernel.target.TargetEvent.TargetWentStale;
import io.vigil.kernel.target.TargetType;

/**
 * What the agent API needs to know about a target in one {@code _id} read: its secret hash and
 * generation, its deployments with their current revision and log-collection switch, and what the
 * aggregates know of its connection and each deployment's reported status — so a heartbeat that
 * repeats what is known needs no command and no other read.
 *
 * <p>A subscribing processing group: it is written inside the command's unit of work, so when a
 * command returns, every node already sees its outcome (new credentials, a recorded status).
 */
@Component
@ProcessingGroup(AgentDirectory.PROCESSING_GROUP)
public class AgentDirectory {

    public static final String PROCESSING_GROUP = "agent-directory";

    private final MongoCollection<Document> targets;
    private final MongoCollection<Document> deployments;

    public AgentDirectory(MongoTemplate mongo) {
        this.targets = mongo.getCollection("agent_targets");
        this.deployments = mongo.getCollection("agent_deployments");
    }

    /**
     * A deployment as the agent API sees it: the revision to run, the log switch, and the last status
     * the aggregate recorded ({@code reportedRevisionId}, {@code status}, {@code message}).
     */
    public record DeploymentEntry(String deploymentId, String revisionId, List<String> revisionIds,
                                  boolean logCollectionEnabled, String reportedRevisionId, DeploymentStatus status,
                                  String message) {}

    /**
     * A target as the agent API sees it; {@code status}, {@code agentVersion} and {@code contactGeneration}
     * are what the aggregate recorded of the agent's last contact that changed something.
     */
    public record TargetEntry(String targetId, String secretHash, long secretGeneration, boolean metricsEnabled,
                              ConnectionStatus status, String agentVersion, long contactGeneration,
                              Map<String, DeploymentEntry> deployments) {}

    @EventHandler
    void on(TargetRegistered event) {
        targets.updateOne(Filters.eq("_id", event.targetId()),
                Updates.combine(
                        Updates.setOnInsert("deployments", new Document()),
                        Updates.set("secretHash", event.secretHash()),
                        Updates.set("secretGeneration", event.secretGeneration()),
                        Updates.set("status", ConnectionStatus.NOT_CONNECTED.name()),
                        Updates.set("type", event.type().name()),
                        Updates.setOnInsert("metricsEnabled", false)),
                new UpdateOptions().upsert(true));
    }

    @EventHandler
    void on(HeartbeatReceived event) {
        targets.updateOne(Filters.eq("_id", event.targetId()), Updates.combine(
                Updates.set("status", ConnectionStatus.CONNECTED.name()),
                Updates.set("agentVersion", event.agentVersion()),
                Updates.set("contactGeneration", event.secretGeneration())));
    }

    /** Written inside the rotation's unit of work: the old generation's tokens fail from the next request on. */
    @EventHandler
    void on(TargetSecretRotated event) {
        targets.updateOne(Filters.eq("_id", event.targetId()), Updates.combine(
                Updates.set("secretHash", event.secretHash()),
                Updates.set("secretGeneration", event.secretGeneration()),
                Updates.set("status", ConnectionStatus.NOT_CONNECTED.name())));
    }

    @EventHandler
    void on(TargetWentStale event) {
        targets.updateOne(Filters.eq("_id", event.targetId()), Updates.set("status", ConnectionStatus.STALE.name()));
    }

    @EventHandler
    void on(DeploymentCreated event) {
        deployments.updateOne(Filters.eq("_id", event.deploymentId()),
                Updates.set("targetId", event.targetId()), new UpdateOptions().upsert(true));
        targets.updateOne(Filters.eq("_id", event.targetId()),
                Updates.set("deployments." + event.deploymentId() + ".logCollectionEnabled",
                        event.logCollectionEnabled()));
    }

    @EventHandler
    void on(DeploymentRevisionCreated event) {
        String path = "deployments." + event.deploymentId();
        targets.updateOne(Filters.eq("_id", event.targetId()), Updates.combine(
                Updates.set(path + ".revisionId", event.revisionId()),
                Updates.addToSet(path + ".revisionIds", event.revisionId())));
    }

    @EventHandler
    void on(DeploymentStatusChanged event) {
        String path = "deployments." + event.deploymentId();
        targets.updateOne(Filters.eq("_id", event.targetId()), Updates.combine(
                Updates.set(path + ".reportedRevisionId", event.revisionId()),
                Updates.set(path + ".status", event.status().name()),
                Updates.set(path + ".message", event.message())));
    }

    public TargetEntry target(String targetId) {
        Document doc = targets.find(Filters.eq("_id", targetId)).first();
        if (doc == null) {
            return null;
        }
        Map<String, DeploymentEntry> entries = new LinkedHashMap<>();
        Document deps = doc.get("deployments", Document.class);
        if (deps != null) {
            deps.forEach((id, value) -> {
                Document d = (Document) value;
                String status = d.getString("status");
                entries.put(id, new DeploymentEntry(id, d.getString("revisionId"),
                        new ArrayList<>(d.getList("revisionIds", String.class, List.of())),
                        d.getBoolean("logCollectionEnabled", true), d.getString("reportedRevisionId"),
                        status == null ? DeploymentStatus.NO_STATUS : DeploymentStatus.valueOf(status),
                        d.getString("message")));
            });
        }
        String status = doc.getString("status");
        Number contactGeneration = doc.get("contactGeneration", Number.class);
        return new TargetEntry(targetId, doc.getString("secretHash"), doc.getLong("secretGeneration"),
                doc.getBoolean("metricsEnabled", false),
                status == null ? ConnectionStatus.NOT_CONNECTED : ConnectionStatus.valueOf(status),
                doc.getString("agentVersion"), contactGeneration == null ? 0 : contactGeneration.longValue(),
                entries);
    }

    /** @return the target's type, or null for an unknown target */
    public TargetType type(String targetId) {
        Document doc = targets.find(Filters.eq("_id", targetId)).projection(new Document("type", 1)).first();
        return doc == null || doc.getString("type") == null ? null : TargetType.valueOf(doc.getString("type"));
    }

    /** @return the target a deployment belongs to, or null for an unknown deployment */
    public String targetOfDeployment(String deploymentId) {
        Document doc = deployments.find(Filters.eq("_id", deploymentId)).first();
        return doc == null ? null : doc.getString("targetId");
    }
}
