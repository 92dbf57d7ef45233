package io.vigil.query.target;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.deployment.DeploymentEvent.DeploymentCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentRevisionCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentStatusChanged;
import io.vigil.kernel.deployment.DeploymentEvent.LogCollectionDisabled;
import io.vigil.kernel.deployment.DeploymentEvent.LogCollectionEnabled;
import io.vigil.kernel.deployment.DeploymentStatus;
import io.vigil.kernel.query.TargetQueries.DeploymentView;
import io.vigil.kernel.query.TargetQueries.FetchTargets;
import io.vigil.kernel.query.TargetQueries.FindTarget;
import io.vigil.kernel.query.TargetQueries.TargetList;
import io.vigil.kernel.query.TargetQueries.TargetView;
import io.vigil.kernel.target.ConnectionStatus;
import io.vigil.kernel.target.TargetEvent.HeartbeatReceived;
import io.vigil.kernel.target.TargetEvent.MetricsCollectionDisabled;
import io.vigil.kernel.target.TargetEvent.MetricsCollectionEnabled;

import io.vigil.kernel.target.TargetEvent.TargetAssigned;
import io.vigil.kernel.target.TargetEvent.TargetRegistered;
import io.vigil.kernel.target.TargetEvent.TargetSecretRotated;
import io.vigil.kernel.target.TargetEvent.TargetWentStale;
import io.vigil.kernel.target.TargetType;
import io.vigil.platform.store.ByIds;

/**
 * The deployments view: one document per target ({@code _id} = target id) with its deployments embedded,
 * built only from events and their timestamps so that a replay rebuilds it exactly. Every update is a
 * {@code $set} of the event's values, so handling an event twice leaves the view unchanged.
 * {@code lastSeenAt} is the one live value: the newest heartbeat from the presence telemetry.
 */
@Component
@ProcessingGroup(TargetStatusProjection.PROCESSING_GROUP)
public class TargetStatusProjection {

    public static final String PROCESSING_GROUP = "target-status";
    public static final String COLLECTION = "target_status";

    private final MongoCollection<Document> views;
    private final MongoCollection<Document> presence;
    /** Per customer organisation ({@code _id}), the ids of its targets: a customer's listing reads by {@code _id}. */
    private final MongoCollection<Document> organisations;

    public TargetStatusProjection(MongoTemplate mongo) {
        this.views = mongo.getCollection(COLLECTION);
        this.organisations = mongo.getCollection(COLLECTION + "_organisations");
        this.presence = mongo.getCollection("presence");
    }

    @EventHandler
    void on(TargetRegistered event, @Timestamp Instant at) {
        // insert-only: a batch handled again (a segment taken over by another node) must not undo later events
        views.updateOne(Filters.eq("_id", event.targetId()), Updates.combine(
                Updates.setOnInsert("name", event.name()),
                Updates.setOnInsert("type", event.type().name()),
                Updates.setOnInsert("customer", event.customer()),
                Updates.setOnInsert("status", ConnectionStatus.NOT_CONNECTED.name()),
                Updates.setOnInsert("statusSince", Date.from(at)),
                Updates.setOnInsert("registeredAt", Date.from(at)),
                Updates.setOnInsert("metricsEnabled", false),
                Updates.setOnInsert("organisationId", event.organisationId()),
                Updates.setOnInsert("deployments", new Document())), new UpdateOptions().upsert(true));
        if (event.organisationId() != null) {
            organisations.updateOne(Filters.eq("_id", event.organisationId()),
                    Updates.addToSet("targetIds", event.targetId()), new UpdateOptions().upsert(true));
        }
    }

    @EventHandler
    void on(TargetSecretRotated event, @Timestamp Instant at) {
        views.updateOne(Filters.eq("_id", event.targetId()), Updates.combine(
                Updates.set("status", ConnectionStatus.NOT_CONNECTED.name()),
                Updates.set("statusSince", Date.from(at))));
    }

    @EventHandler
    void on(TargetAssigned event) {
        views.updateOne(Filters.eq("_id", event.targetId()), Updates.set("organisationId", event.organisationId()));
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
    void on(HeartbeatReceived event) {
        views.updateOne(Filters.eq("_id", event.targetId()), Updates.combine(
                Updates.set("status", ConnectionStatus.CONNECTED.name()),
                Updates.set("statusSince", Date.from(event.receivedAt())),
                Updates.set("agentVersion", event.agentVersion())));
    }

    @EventHandler
    void on(TargetWentStale event, @Timestamp Instant at) {
        views.updateOne(Filters.eq("_id", event.targetId()), Updates.combine(
                Updates.set("status", ConnectionStatus.STALE.name()),
                Updates.set("statusSince", Date.from(at))));
    }

    @EventHandler
    void on(MetricsCollectionEnabled event) {
        views.updateOne(Filters.eq("_id", event.targetId()), Updates.set("metricsEnabled", true));
    }

    @EventHandler
    void on(MetricsCollectionDisabled event) {
        views.updateOne(Filters.eq("_id", event.targetId()), Updates.set("metricsEnabled", false));
    }

    @EventHandler
    void on(DeploymentCreated event, @Timestamp Instant at) {
        String path = "deployments." + event.deploymentId() + ".";
        Document view = views.find(Filters.eq("_id", event.targetId()))
                .projection(Projections.include("deployments." + event.deploymentId())).first();
        Document deployments = view == null ? null : view.get("deployments", Document.class);
        if (deployments != null && deployments.containsKey(event.deploymentId())) {
            return; // handled before (a batch handled again): later events must not be undone
        }
        views.updateOne(Filters.eq("_id", event.targetId()), Updates.combine(
                Updates.set(path + "application", event.application()),
                Updates.set(path + "logCollectionEnabled", event.logCollectionEnabled()),
                Updates.set(path + "createdAt", Date.from(at)),
                Updates.set(path + "status", DeploymentStatus.NO_STATUS.name()),
                Updates.set(path + "statusSince", Date.from(at))));
    }

    @EventHandler
    void on(DeploymentRevisionCreated event) {
        String path = "deployments." + event.deploymentId() + ".";
        views.updateOne(Filters.eq("_id", event.targetId()), Updates.combine(
                Updates.set(path + "revisionId", event.revisionId()),
                Updates.set(path + "revisionNumber", event.revisionNumber()),
                Updates.set(path + "version", event.version())));
    }

    @EventHandler
    void on(DeploymentStatusChanged event, @Timestamp Instant at) {
        String path = "deployments." + event.deploymentId() + ".";
        views.updateOne(Filters.eq("_id", event.targetId()), Updates.combine(
                Updates.set(path + "status", event.status().name()),
                Updates.set(path + "message", event.message()),
                Updates.set(path + "reportedRevisionId", event.revisionId()),
                Updates.set(path + "statusSince", Date.from(at))));
    }

    @EventHandler
    void on(LogCollectionEnabled event) {
        views.updateOne(Filters.eq("_id", event.targetId()),
                Updates.set("deployments." + event.deploymentId() + ".logCollectionEnabled", true));
    }

    @EventHandler
    void on(LogCollectionDisabled event) {
        views.updateOne(Filters.eq("_id", event.targetId()),
                Updates.set("deployments." + event.deploymentId() + ".logCollectionEnabled", false));
    }

    @ResetHandler
    void reset() {
        views.deleteMany(new Document());
        organisations.deleteMany(new Document());
    }

    @QueryHandler
    public Optional<TargetView> handle(FindTarget query) {
        Document doc = views.find(Filters.eq("_id", query.targetId())).first();
        if (doc == null) {
            return Optional.empty();
        }
        Document seen = presence.find(Filters.eq("_id", query.targetId()))
                .projection(Projections.include("lastSeen")).first();
        return Optional.of(view(doc, seen == null ? null : seen.getDate("lastSeen")));
    }

    @QueryHandler
    public TargetList handle(FetchTargets query) {
        List<Document> docs;
        if (query.organisationId() == null) {
            docs = views.find().sort(Sorts.ascending("name", "_id"))
                    .skip(query.offset()).limit(query.limit() + 1).into(new ArrayList<>());
        } else {
            Document members = organisations.find(Filters.eq("_id", query.organisationId())).first();
            List<String> ids = members == null ? List.of() : members.getList("targetIds", String.class, List.of());
            List<Document> found = new ArrayList<>();
            ByIds.find(views, ids, null, found::add);
            docs = found.stream()
                    .filter(d -> query.organisationId().equals(d.getString("organisationId")))
                    .sorted(Comparator.comparing((Document d) -> d.getString("name"))
                            .thenComparing(d -> d.getString("_id")))
                    .skip(query.offset()).limit(query.limit() + 1L).collect(Collectors.toCollection(ArrayList::new));
        }
        boolean more = docs.size() > query.limit();
        List<Document> page = more ? docs.subList(0, query.limit()) : docs;
        Map<String, Date> lastSeen = new HashMap<>();
        ByIds.find(presence, page.stream().map(d -> d.getString("_id")).toList(), Projections.include("lastSeen"),
                p -> lastSeen.put(p.getString("_id"), p.getDate("lastSeen")));
        List<TargetView> items = page.stream().map(d -> view(d, lastSeen.get(d.getString("_id")))).toList();
        return new TargetList(items, more ? String.valueOf(query.offset() + query.limit()) : null);
    }

    /** Raw documents, for comparing a rebuilt view with the live one. */
    public List<Document> documents() {
        return views.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    private static TargetView view(Document doc, Date lastSeen) {
        List<DeploymentView> deployments = new ArrayList<>();
        Document deps = doc.get("deployments", Document.class);
        if (deps != null) {
            deps.forEach((id, value) -> {
                Document d = (Document) value;
                deployments.add(new DeploymentView(id, d.getString("application"), d.getString("version"),
                        d.getString("revisionId"), d.getInteger("revisionNumber", 0),
                        DeploymentStatus.valueOf(d.getString("status")), d.getString("message"),
                        instant(d.getDate("statusSince")), d.getString("reportedRevisionId"),
                        d.getBoolean("logCollectionEnabled", true)));
            });
        }
        return new TargetView(doc.getString("_id"), doc.getString("name"), TargetType.valueOf(doc.getString("type")),
                doc.getString("customer"), ConnectionStatus.valueOf(doc.getString("status")),
                instant(doc.getDate("statusSince")), instant(lastSeen), doc.getString("agentVersion"),
                doc.getBoolean("metricsEnabled", false), instant(doc.getDate("registeredAt")), deployments,
                doc.getString("organisationId"));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
