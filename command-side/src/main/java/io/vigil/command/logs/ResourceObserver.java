package io.vigil.command.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.deployment.DeploymentCommand.ObserveContainerResource;

/**
 * Turns "a container resource logged in a revision" into a ContainerResourceObserved fact once, without a
 * command per batch: a per-node set of what is known, backed by {@code log_resources_seen} (one document
 * per {@code deployment/revision/resource}, read by {@code $in} on {@code _id}). Only a pair no node has
 * recorded yet costs a command; the aggregate ignores a duplicate from a racing node.
 */
@Component
public class ResourceObserver {

    private static final int CACHE_LIMIT = 100_000;

    public record Observation(String deploymentId, String revisionId, String resource, Instant firstLineAt) {
        String id() {
            return deploymentId + "/" + revisionId + "/" + resource;
        }

        boolean sameSource(io.vigil.kernel.logs.LogRecordRules.CleanRecord line) {
            return deploymentId.equals(line.deploymentId()) && java.util.Objects.equals(revisionId, line.revisionId())
                    && resource.equals(line.resource());
        }
    }

    private final CommandGateway commands;
    private final MongoCollection<Document> seen;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public ResourceObserver(CommandGateway commands, MongoTemplate mongo) {
        this.commands = commands;
        this.seen = mongo.getCollection("log_resources_seen");
    }

    public void observe(Collection<Observation> observations) {
        Map<String, Observation> unknown = new java.util.LinkedHashMap<>();
        for (Observation o : observations) {
            if (!known.contains(o.id())) {
                unknown.merge(o.id(), o, (a, b) -> a.firstLineAt().isBefore(b.firstLineAt()) ? a : b);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        List<String> recorded = new ArrayList<>();
        seen.find(Filters.in("_id", unknown.keySet())).forEach(d -> recorded.add(d.getString("_id")));
        remember(recorded);
        recorded.forEach(unknown::remove);
        for (Observation o : unknown.values()) {
            commands.sendAndWait(new ObserveContainerResource(o.deploymentId(), o.revisionId(), o.resource(),
                    o.firstLineAt()));
            seen.updateOne(Filters.eq("_id", o.id()), Updates.setOnInsert("deploymentId", o.deploymentId()),
                    new UpdateOptions().upsert(true));
            remember(List.of(o.id()));
        }
    }

    private void remember(List<String> ids) {
        if (known.size() > CACHE_LIMIT) {
            known.clear(); // the collection still knows; the cache only saves reads
        }
        known.addAll(ids);
    }
}
