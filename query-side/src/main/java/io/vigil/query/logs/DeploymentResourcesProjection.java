package io.vigil.query.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.deployment.DeploymentEvent.ContainerResourceObserved;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentRevisionCreated;
import io.vigil.kernel.query.LogQueries.DeploymentResources;
import io.vigil.kernel.query.LogQueries.FetchDeploymentResources;
import io.vigil.kernel.query.LogQueries.ResourceView;
import io.vigil.platform.VigilProperties;
import io.vigil.platform.logs.LogLayout;

/**
 * Container resources by revision (DESIGN §3): one document per deployment ({@code _id} = deployment id)
 * with its revisions and every (resource, revision, first line) observation. Updates are {@code $addToSet}
 * of the event's values, so a replayed event leaves the view unchanged. Active/archived is decided when
 * asked, from the configured number of newest revisions; "last seen" is the newest stored line
 * (telemetry, from the log stream document), like a target's last heartbeat.
 */
@Component
@ProcessingGroup(DeploymentResourcesProjection.PROCESSING_GROUP)
public class DeploymentResourcesProjection {

    public static final String PROCESSING_GROUP = "deployment-resources";

    private final MongoCollection<Document> views;
    private final MongoCollection<Document> streams;
    private final VigilProperties properties;

    public DeploymentResourcesProjection(MongoTemplate mongo, VigilProperties properties) {
        this.views = mongo.getCollection("deployment_resources");
        this.streams = mongo.getCollection(LogLayout.STREAMS);
        this.properties = properties;
    }

    @EventHandler
    void on(DeploymentCreated event) {
        views.updateOne(Filters.eq("_id", event.deploymentId()), Updates.combine(
                Updates.set("targetId", event.targetId()),
                Updates.setOnInsert("revisions", List.of()),
                Updates.setOnInsert("observations", List.of())), new UpdateOptions().upsert(true));
    }

    @EventHandler
    void on(DeploymentRevisionCreated event) {
        views.updateOne(Filters.eq("_id", event.deploymentId()), Updates.addToSet("revisions",
                new Document("id", event.revisionId()).append("number", event.revisionNumber())),
                new UpdateOptions().upsert(true));
    }

    @EventHandler
    void on(ContainerResourceObserved event) {
        views.updateOne(Filters.eq("_id", event.deploymentId()), Updates.addToSet("observations",
                new Document("resource", event.resource()).append("revisionId", event.revisionId())
                        .append("at", Date.from(event.firstLineAt()))),
                new UpdateOptions().upsert(true));
    }

    @ResetHandler
    void reset() {
        views.deleteMany(new Document());
    }

    /** The target of a deployment, or null when the deployment is unknown. */
    public String targetOf(String deploymentId) {
        Document doc = views.find(Filters.eq("_id", deploymentId)).first();
        return doc == null ? null : doc.getString("targetId");
    }

    @QueryHandler
    public Optional<DeploymentResources> handle(FetchDeploymentResources query) {
        Document doc = views.find(Filters.eq("_id", query.deploymentId())).first();
        if (doc == null) {
            return Optional.empty();
        }
        Map<String, Integer> numbers = new HashMap<>();
        int newest = 0;
        for (Document revision : doc.getList("revisions", Document.class, List.of())) {
            numbers.put(revision.getString("id"), revision.getInteger("number"));
            newest = Math.max(newest, revision.getInteger("number"));
        }
        int oldestActive = newest - properties.logs().activeRevisions() + 1;
        Map<String, List<Document>> byResource = new LinkedHashMap<>();
        for (Document o : doc.getList("observations", Document.class, List.of())) {
            byResource.computeIfAbsent(o.getString("resource"), r -> new ArrayList<>()).add(o);
        }
        Map<String, Long> lastLines = new HashMap<>();
        List<String> streamIds = byResource.keySet().stream()
                .map(r -> LogLayout.containerStream(query.deploymentId(), r)).toList();
        if (!streamIds.isEmpty()) {
            streams.find(Filters.in("_id", streamIds))
                    .forEach(s -> lastLines.put(s.getString("_id"), s.getLong(LogLayout.LAST_LINE)));
        }
        List<ResourceView> active = new ArrayList<>();
        List<ResourceView> archived = new ArrayList<>();
        byResource.forEach((resource, observations) -> {
            observations.sort(Comparator.comparing((Document o) -> numbers.getOrDefault(o.getString("revisionId"), 0))
                    .reversed());
            int top = numbers.getOrDefault(observations.get(0).getString("revisionId"), 0);
            Instant first = observations.stream().map(o -> o.getDate("at").toInstant()).min(Comparator.naturalOrder())
                    .orElse(null);
            Long last = lastLines.get(LogLayout.containerStream(query.deploymentId(), resource));
            ResourceView view = new ResourceView(resource,
                    observations.stream().map(o -> o.getString("revisionId")).distinct().toList(), top, first,
                    last == null ? null : LogLayout.instant(last));
            (top >= oldestActive ? active : archived).add(view);
        });
        Comparator<ResourceView> order = Comparator.comparing(ResourceView::name);
        active.sort(order);
        archived.sort(order);
        return Optional.of(new DeploymentResources(active, archived));
    }

    /** Raw documents, for comparing a rebuilt view with the live one. */
    public List<Document> documents() {
        return views.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }
}
