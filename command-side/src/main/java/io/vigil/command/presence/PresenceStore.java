package io.vigil.command.presence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.protocol.AgentProtocol.DeploymentReport;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatRequest;

/**
 * The time of every heartbeat, per target and per deployment it reports: telemetry, one document per
 * target addressed by {@code _id}, never events (DESIGN §2). It also remembers what the aggregates were
 * last told ("confirmed" fields) so that only a heartbeat that changes something becomes a command, and
 * counts stale marks per target and deployment (the epochs the aggregates use to settle races).
 *
 * <p>Document: {@code {_id: targetId, lastSeen, confirmed, agentVersion, generation, marked, epoch,
 * deployments: {deploymentId: {lastSeen, confirmed, revisionId, status, message, marked, epoch}}}}.
 */
@Component
public class PresenceStore {

    private final MongoCollection<Document> presence;

    public PresenceStore(MongoTemplate mongo) {
        this.presence = mongo.getCollection("presence");
    }

    /** How many stale marks a target (or a deployment entry of its document) has had; 0 if none. */
    public static long epoch(Document doc) {
        Object epoch = doc.get("epoch");
        return epoch instanceof Number n ? n.longValue() : 0;
    }

    /** Records the time of a heartbeat and answers the document as it was before. */
    public Document touch(String targetId, HeartbeatRequest request, Instant now) {
        Date at = Date.from(now);
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set("lastSeen", at));
        for (DeploymentReport report : request.deployments()) {
            updates.add(Updates.set("deployments." + report.deploymentId() + ".lastSeen", at));
        }
        return presence.findOneAndUpdate(Filters.eq("_id", targetId), Updates.combine(updates),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
    }

    /** After the aggregates accepted the heartbeat's commands: remember what they now know. */
    public void confirm(String targetId, long generation, HeartbeatRequest request) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set("confirmed", true));
        updates.add(Updates.set("agentVersion", request.agentVersion()));
        updates.add(Updates.set("generation", generation));
        updates.add(Updates.set("marked", false));
        for (DeploymentReport report : request.deployments()) {
            String path = "deployments." + report.deploymentId() + ".";
            updates.add(Updates.set(path + "confirmed", true));
            updates.add(Updates.set(path + "revisionId", report.revisionId()));
            updates.add(Updates.set(path + "status", report.status().name()));
            updates.add(Updates.set(path + "message", report.message()));
            updates.add(Updates.set(path + "marked", false));
        }
        presence.updateOne(Filters.eq("_id", targetId), Updates.combine(updates));
    }

    /** Everything the sweeper needs, without the fields it does not. */
    public Iterable<Document> all() {
        return presence.find().projection(Projections.exclude("agentVersion", "generation"));
    }

    /**
     * Compare-and-set of a stale mark: succeeds only if nothing was seen since {@code lastSeen} and no
     * other node marked it first. {@code deploymentId} null marks the target itself.
     *
     * @return the new epoch, or -1 if another heartbeat or node got there first
     */
    public long markStale(String targetId, String deploymentId, Date lastSeen, long epoch) {
        String path = deploymentId == null ? "" : "deployments." + deploymentId + ".";
        Bson filter = Filters.and(Filters.eq("_id", targetId), Filters.eq(path + "lastSeen", lastSeen),
                Filters.ne(path + "marked", true), epoch == 0 ? Filters.or(Filters.exists(path + "epoch", false),
                        Filters.eq(path + "epoch", 0L)) : Filters.eq(path + "epoch", epoch));
        long next = epoch + 1;
        long modified = presence.updateOne(filter, Updates.combine(Updates.set(path + "marked", true),
                Updates.set(path + "epoch", next))).getModifiedCount();
        return modified == 1 ? next : -1;
    }

    /** Undo a mark whose command failed, so the next sweep tries again. */
    public void unmark(String targetId, String deploymentId, long epoch) {
        String path = deploymentId == null ? "" : "deployments." + deploymentId + ".";
        presence.updateOne(Filters.and(Filters.eq("_id", targetId), Filters.eq(path + "epoch", epoch)),
                Updates.set(path + "marked", false));
    }
}
