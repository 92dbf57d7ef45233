package io.vigil.command.agent;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.target.TargetEvent.TargetRegistered;

/**
 * Targets registered before Reconnect existed have no type in the agent directory (the connect command
 * needs it) and no entry in the scope store. Once at start, each such target gets both from its first
 * event, {@code TargetRegistered}, read from the event store. The agent directory and the scope store are
 * subscribing groups that a replay does not rebuild, hence this one-off repair; the scan of the directory
 * for entries without a type happens only here, never on a request.
 */
@Component
public class DirectoryBackfill {

    private static final Logger log = LoggerFactory.getLogger(DirectoryBackfill.class);

    private final MongoCollection<Document> directory;
    private final MongoCollection<Document> scopes;
    private final EventStore events;

    public DirectoryBackfill(MongoTemplate mongo, EventStore events) {
        this.directory = mongo.getCollection("agent_targets");
        this.scopes = mongo.getCollection("scope_targets");
        this.events = events;
    }

    /** @return how many targets were repaired */
    @EventListener(ApplicationReadyEvent.class)
    public int backfill() {
        List<String> ids = new ArrayList<>();
        directory.find(Filters.exists("type", false)).projection(Projections.include("_id"))
                .forEach(d -> ids.add(d.getString("_id")));
        int repaired = 0;
        for (String id : ids) {
            DomainEventStream stream = events.readEvents(id, 0);
            if (stream.hasNext() && stream.next().getPayload() instanceof TargetRegistered registered) {
                directory.updateOne(Filters.eq("_id", id), Updates.set("type", registered.type().name()));
                scopes.updateOne(Filters.eq("_id", id), Updates.setOnInsert("organisationId",
                        registered.organisationId()), new UpdateOptions().upsert(true));
                repaired++;
            }
        }
        if (repaired > 0) {
            log.info("Added type and scope to {} targets registered before this version", repaired);
        }
        return repaired;
    }
}
