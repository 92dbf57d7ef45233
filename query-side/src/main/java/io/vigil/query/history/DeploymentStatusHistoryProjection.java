package io.vigil.query.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.deployment.DeploymentEvent.DeploymentCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentStatusChanged;
import io.vigil.kernel.deployment.DeploymentStatus;
import io.vigil.kernel.listing.TextFilter;
import io.vigil.kernel.target.TargetEvent.TargetAssigned;
import io.vigil.kernel.target.TargetEvent.TargetRegistered;
import io.vigil.kernel.listing.Window;
import io.vigil.kernel.query.TargetQueries.FetchStatusHistory;
import io.vigil.kernel.query.TargetQueries.StatusHistory;
import io.vigil.kernel.query.TargetQueries.StatusTransition;
import io.vigil.platform.web.ApiProblem;
import io.vigil.platform.web.Cursors;
import io.vigil.platform.store.ByIds;

/**
 * Every status transition of every deployment, including to and from Stale, with its time and message.
 *
 * <p>Each transition is addressed by {@code deploymentId:sequence} (the event's sequence number in its
 * aggregate, zero-padded), and a small head document per deployment records the highest sequence. A page
 * walks sequence numbers downwards and fetches them with {@code $in} on {@code _id}: on the embedded
 * MongoDB server that is an index lookup, where any range query would scan the whole collection.
 */
@Component
@ProcessingGroup(DeploymentStatusHistoryProjection.PROCESSING_GROUP)
public class DeploymentStatusHistoryProjection {

    public static final String PROCESSING_GROUP = "deployment-status-history";
    private static final String CURSOR_KIND = "status-history";
    private static final int BATCH = 256;

    private final MongoCollection<Document> transitions;
    private final MongoCollection<Document> heads;
    /** Per target: its organisation and deployments, so an assignment re-labels the deployments' heads by {@code _id}. */
    private final MongoCollection<Document> targets;

    public DeploymentStatusHistoryProjection(MongoTemplate mongo) {
        this.transitions = mongo.getCollection("status_history");
        this.heads = mongo.getCollection("status_history_heads");
        this.targets = mongo.getCollection("status_history_targets");
    }

    @EventHandler
    void on(TargetRegistered event) {
        targets.updateOne(Filters.eq("_id", event.targetId()), Updates.set("organisationId", event.organisationId()),
                new UpdateOptions().upsert(true));
    }

    @EventHandler
    void on(TargetAssigned event) {
        Document target = targets.findOneAndUpdate(Filters.eq("_id", event.targetId()),
                Updates.set("organisationId", event.organisationId()),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        List<String> deployments = target.getList("deploymentIds", String.class, List.of());
        if (!deployments.isEmpty()) {
            heads.updateMany(Filters.in("_id", deployments), Updates.set("organisationId", event.organisationId()));
        }
    }

    @EventHandler
    void on(DeploymentCreated event) {
        Document target = targets.findOneAndUpdate(Filters.eq("_id", event.targetId()),
                Updates.addToSet("deploymentIds", event.deploymentId()),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        heads.updateOne(Filters.eq("_id", event.deploymentId()),
                Updates.combine(Updates.setOnInsert("lastSequence", -1L), Updates.set("targetId", event.targetId()),
                        Updates.set("organisationId", target.getString("organisationId"))),
                new UpdateOptions().upsert(true));
    }

    @EventHandler
    void on(DeploymentStatusChanged event, @Timestamp Instant at, @SequenceNumber long sequence) {
        transitions.replaceOne(Filters.eq("_id", id(event.deploymentId(), sequence)), new Document()
                        .append("deploymentId", event.deploymentId())
                        .append("targetId", event.targetId())
                        .append("sequence", sequence)
                        .append("at", Date.from(at))
                        .append("revisionId", event.revisionId())
                        .append("previousStatus", event.previousStatus().name())
                        .append("status", event.status().name())
                        .append("message", event.message()),
                new ReplaceOptions().upsert(true));
        heads.updateOne(Filters.eq("_id", event.deploymentId()), Updates.max("lastSequence", sequence),
                new UpdateOptions().upsert(true));
    }

    @ResetHandler
    void reset() {
        transitions.deleteMany(new Document());
        heads.deleteMany(new Document());
        targets.deleteMany(new Document());
    }

    /** Newest first; empty when the deployment is unknown. */
    @QueryHandler
    public Optional<StatusHistory> handle(FetchStatusHistory query) {
        Document head = heads.find(Filters.eq("_id", query.deploymentId())).first();
        if (head == null || query.organisationId() != null
                && !query.organisationId().equals(head.getString("organisationId"))) {
            return Optional.empty(); // unknown, or not the calling customer's: the same answer
        }
        Window window = query.window();
        TextFilter filter = window.textFilter();
        long last = head.getLong("lastSequence");
        long next = window.cursor() == null ? last : Cursors.decodeLong(CURSOR_KIND, window.cursor());
        if (window.cursor() != null && (next < 0 || next > last)) {
            // never issued by this listing; one far beyond the head would walk ids that do not exist
            throw ApiProblem.badRequest("cursor is not a cursor of this listing; use nextCursor from a previous page");
        }
        List<StatusTransition> items = new ArrayList<>();
        while (next >= 0 && items.size() < window.limit()) {
            long low = Math.max(0, next - BATCH + 1);
            List<String> ids = new ArrayList<>();
            for (long s = next; s >= low; s--) {
                ids.add(id(query.deploymentId(), s));
            }
            List<Document> batch = new ArrayList<>();
            ByIds.find(transitions, ids, null, batch::add);
            batch.sort(Comparator.comparing((Document d) -> d.getLong("sequence")).reversed());
            for (Document d : batch) {
                StatusTransition transition = transition(d);
                if (window.from() != null && transition.at().isBefore(window.from())) {
                    return Optional.of(new StatusHistory(items, null)); // older ones are all outside the window
                }
                if (window.contains(transition.at()) && matches(filter, transition)) {
                    items.add(transition);
                    if (items.size() == window.limit()) {
                        long after = d.getLong("sequence") - 1;
                        return Optional.of(new StatusHistory(items, after >= 0 ? Cursors.encode(CURSOR_KIND, String.valueOf(after)) : null));
                    }
                }
            }
            next = low - 1;
        }
        return Optional.of(new StatusHistory(items, null));
    }

    /** Raw documents, for comparing a rebuilt view with the live one. */
    public List<Document> documents() {
        List<Document> all = transitions.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
        all.addAll(heads.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
        return all;
    }

    private static boolean matches(TextFilter filter, StatusTransition t) {
        return filter.matchesAll() || filter.test(t.status().name()) || filter.test(t.message());
    }

    private static StatusTransition transition(Document d) {
        return new StatusTransition(d.getDate("at").toInstant(), d.getString("deploymentId"), d.getString("targetId"),
                d.getString("revisionId"), DeploymentStatus.valueOf(d.getString("previousStatus")),
                DeploymentStatus.valueOf(d.getString("status")), d.getString("message"));
    }

    private static String id(String deploymentId, long sequence) {
        return deploymentId + ":" + String.format("%012d", sequence);
    }
}
