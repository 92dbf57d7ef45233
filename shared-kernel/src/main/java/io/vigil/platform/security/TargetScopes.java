package io.vigil.platform.security;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.deployment.DeploymentEvent.DeploymentCreated;
import io.vigil.kernel.target.TargetEvent.TargetAssigned;
import io.vigil.kernel.target.TargetEvent.TargetRegistered;

/**
 * Which organisation owns each target, which target each deployment runs on, and which targets each
 * customer organisation owns — all {@code _id}-addressed. A subscribing processing group like the agent
 * directory: written inside the command's unit of work, so an assignment is in force on every node when
 * its request returns. (Only command nodes publish events; on a query-only node this handler never runs
 * and the node reads what the command nodes wrote into the shared MongoDB.)
 */
@Component
@ProcessingGroup(TargetScopes.PROCESSING_GROUP)
public class TargetScopes {

    public static final String PROCESSING_GROUP = "target-scope";

    private final MongoCollection<Document> targets;
    private final MongoCollection<Document> deployments;
    private final MongoCollection<Document> organisations;

    public TargetScopes(MongoTemplate mongo) {
        this.targets = mongo.getCollection("scope_targets");
        this.deployments = mongo.getCollection("scope_deployments");
        this.organisations = mongo.getCollection("scope_organisations");
    }

    @Autowired
    void failTheCommandWhenTheScopeCannotBeWritten(EventProcessingConfigurer configurer) {
        configurer.registerListenerInvocationErrorHandler(PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }

    @EventHandler
    void on(TargetRegistered event) {
        targets.updateOne(Filters.eq("_id", event.targetId()), Updates.set("organisationId", event.organisationId()),
                new UpdateOptions().upsert(true));
        if (event.organisationId() != null) {
            organisations.updateOne(Filters.eq("_id", event.organisationId()),
                    Updates.addToSet("targetIds", event.targetId()), new UpdateOptions().upsert(true));
        }
    }

    @EventHandler
    void on(TargetAssigned event) {
        targets.updateOne(Filters.eq("_id", event.targetId()), Updates.set("organisationId", event.organisationId()),
                new UpdateOptions().upsert(true));
        if (event.previousOrganisationId() != null) {
            organisations.updateOne(Filters.eq("_id", event.previousOrganisationId()),
                    Updates.pull("targetIds", event.targetId()));
        }
        if (event.organisationId() != null) {
            organisations.updateOne(Filters.eq("_id", event.organisationId()),
                    Updates.addToSet("targetIds", event.targetId()), new UpdateOptions().upsert(true));
        }
    }

    @EventHandler
    void on(DeploymentCreated event) {
        deployments.updateOne(Filters.eq("_id", event.deploymentId()), Updates.set("targetId", event.targetId()),
                new UpdateOptions().upsert(true));
    }

    /** Whether no target has a scope yet (a data directory from before scopes existed, or a new one). */
    public boolean isEmpty() {
        return targets.find().limit(1).first() == null;
    }

    /** Where a target belongs. {@code known} false: no such target. */
    public record Owner(boolean known, String organisationId) {}

    public Owner ownerOf(String targetId) {
        Document doc = targetId == null ? null : targets.find(Filters.eq("_id", targetId)).first();
        return doc == null ? new Owner(false, null) : new Owner(true, doc.getString("organisationId"));
    }

    /** @return the target of a deployment, or null for an unknown deployment */
    public String targetOfDeployment(String deploymentId) {
        Document doc = deploymentId == null ? null : deployments.find(Filters.eq("_id", deploymentId)).first();
        return doc == null ? null : doc.getString("targetId");
    }

    public Set<String> targetsOf(String organisationId) {
        Document doc = organisations.find(Filters.eq("_id", organisationId)).first();
        return doc == null ? Set.of() : new HashSet<>(doc.getList("targetIds", String.class, List.of()));
    }
}
