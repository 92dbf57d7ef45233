package io.vigil.query.audit;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.listing.Window;
import io.vigil.kernel.query.AuditQueries.AuditEntry;
import io.vigil.kernel.query.AuditQueries.AuditTrail;
import io.vigil.kernel.query.AuditQueries.FetchAuditTrail;
import io.vigil.kernel.target.TargetEvent.TargetAssigned;
import io.vigil.kernel.target.TargetEvent.TargetRegistered;
import io.vigil.platform.web.ApiProblem;
import io.vigil.platform.web.Cursors;
import io.vigil.platform.store.ByIds;

/**
 * The audit trail: every event that carries an {@code actor} — whatever its family, so an event added
 * later with an actor is audited without touching this class — as one entry in several numbered streams:
 * all actions, per target, per actor and per customer organisation. An entry is addressed by
 * {@code stream:number}; a page walks the numbers of one stream downwards with {@code $in} on {@code _id}
 * (an index lookup on the embedded MongoDB server), filtering the other criteria in memory.
 *
 * <p>One segment, so numbers follow event order. Idempotent: the numbers an event got are recorded under
 * its event id before its entries are written, so a redelivered event rewrites the same entries.
 * Values whose name mentions a hash or secret are never copied into the trail.
 */
@Component
@ProcessingGroup(AuditProjection.PROCESSING_GROUP)
public class AuditProjection {

    public static final String PROCESSING_GROUP = "audit";
    private static final String CURSOR_KIND = "audit";
    private static final int BATCH = 256;
    /** At most this many entries are looked at per page; a sparse match answers fewer items and a cursor. */
    private static final int MAX_SCAN = 20_000;
    private static final Set<String> STRUCTURAL = Set.of("actor", "targetId", "deploymentId", "organisationId");

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> heads;
    private final MongoCollection<Document> handled;
    /** target id → owning organisation, as of the events handled so far */
    private final MongoCollection<Document> owners;

    public AuditProjection(MongoTemplate mongo) {
        this.entries = mongo.getCollection("audit");
        this.heads = mongo.getCollection("audit_heads");
        this.handled = mongo.getCollection("audit_events");
        this.owners = mongo.getCollection("audit_owners");
    }

    @EventHandler
    void on(Object payload, EventMessage<?> message, @Timestamp Instant at) {
        if (payload instanceof TargetRegistered registered) {
            owners.updateOne(Filters.eq("_id", registered.targetId()),
                    Updates.set("organisationId", registered.organisationId()), new UpdateOptions().upsert(true));
        } else if (payload instanceof TargetAssigned assigned) {
            owners.updateOne(Filters.eq("_id", assigned.targetId()),
                    Updates.set("organisationId", assigned.organisationId()), new UpdateOptions().upsert(true));
        }
        if (!payload.getClass().isRecord()) {
            return;
        }
        Map<String, Object> values = values(payload);
        if (!(values.get("actor") instanceof String actor)) {
            return; // not an action by a person
        }
        String targetId = (String) values.get("targetId");
        String organisationId = (String) values.get("organisationId");
        if (targetId != null) {
            Document owner = owners.find(Filters.eq("_id", targetId)).first();
            organisationId = owner == null ? organisationId : owner.getString("organisationId");
        }
        if (payload instanceof TargetAssigned assigned && assigned.previousOrganisationId() != null) {
            organisationId = organisationId == null ? assigned.previousOrganisationId() : organisationId;
        }
        List<String> streams = new ArrayList<>(List.of("all", "actor:" + actor));
        if (targetId != null) {
            streams.add("target:" + targetId);
        }
        if (organisationId != null) {
            streams.add("org:" + organisationId);
        }
        Document numbers = numbers(message.getIdentifier(), streams);
        Document entry = new Document("at", Date.from(at)).append("action", payload.getClass().getSimpleName())
                .append("actor", actor).append("targetId", targetId)
                .append("deploymentId", values.get("deploymentId")).append("organisationId", organisationId)
                .append("details", details(values));
        for (String stream : streams) {
            long number = numbers.get(stream, Number.class).longValue();
            entries.replaceOne(Filters.eq("_id", id(stream, number)), new Document(entry).append("stream", stream)
                    .append("number", number), new ReplaceOptions().upsert(true));
        }
    }

    /** The stream numbers of this event: assigned once, then reused if the event is delivered again. */
    private Document numbers(String eventId, List<String> streams) {
        Document known = handled.find(Filters.eq("_id", eventId)).first();
        if (known != null) {
            return known.get("numbers", Document.class);
        }
        Document numbers = new Document();
        for (String stream : streams) {
            Document head = heads.findOneAndUpdate(Filters.eq("_id", stream), Updates.inc("last", 1L),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            numbers.append(stream, head.get("last", Number.class).longValue());
        }
        handled.replaceOne(Filters.eq("_id", eventId), new Document("numbers", numbers),
                new ReplaceOptions().upsert(true));
        return numbers;
    }

    @ResetHandler
    void reset() {
        entries.deleteMany(new Document());
        heads.deleteMany(new Document());
        handled.deleteMany(new Document());
        owners.deleteMany(new Document());
    }

    @QueryHandler
    public AuditTrail handle(FetchAuditTrail query) {
        String stream = query.targetId() != null ? "target:" + query.targetId()
                : query.organisationId() != null ? "org:" + query.organisationId()
                : query.actor() != null ? "actor:" + query.actor()
                : "all";
        Window window = query.window();
        Document head = heads.find(Filters.eq("_id", stream)).first();
        long last = head == null ? 0 : head.get("last", Number.class).longValue();
        long next = last;
        if (window.cursor() != null) {
            String position = Cursors.decode(CURSOR_KIND, window.cursor());
            int at = position.lastIndexOf('@');
            try {
                next = Long.parseLong(position.substring(at + 1));
            } catch (NumberFormatException e) {
                next = -1;
            }
            if (at < 0 || !position.substring(0, at).equals(stream) || next < 0 || next > last) {
                throw ApiProblem.badRequest("cursor is not a cursor of this listing; use nextCursor from a previous page");
            }
        }
        List<AuditEntry> items = new ArrayList<>();
        long scanned = 0;
        while (next >= 1) {
            long low = Math.max(1, next - BATCH + 1);
            List<String> ids = new ArrayList<>();
            for (long n = next; n >= low; n--) {
                ids.add(id(stream, n));
            }
            List<Document> batch = new ArrayList<>();
            ByIds.find(entries, ids, null, batch::add);
            batch.sort(Comparator.comparing((Document d) -> d.get("number", Number.class).longValue()).reversed());
            for (Document d : batch) {
                AuditEntry entry = entry(d);
                long number = d.get("number", Number.class).longValue();
                if (window.from() != null && entry.at().isBefore(window.from())) {
                    return new AuditTrail(items, null);
                }
                if (window.contains(entry.at()) && matches(query, entry)) {
                    items.add(entry);
                    if (items.size() == window.limit()) {
                        return new AuditTrail(items, cursor(stream, number - 1));
                    }
                }
            }
            scanned += next - low + 1;
            next = low - 1;
            if (scanned >= MAX_SCAN && next >= 1) {
                return new AuditTrail(items, cursor(stream, next));
            }
        }
        return new AuditTrail(items, null);
    }

    /** Raw documents, for comparing a rebuilt view with the live one. */
    public List<Document> documents() {
        return entries.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    private static boolean matches(FetchAuditTrail query, AuditEntry entry) {
        return (query.actor() == null || query.actor().equals(entry.actor()))
                && (query.targetId() == null || query.targetId().equals(entry.targetId()))
                && (query.organisationId() == null || query.organisationId().equals(entry.organisationId()));
    }

    private static String cursor(String stream, long next) {
        return next >= 1 ? Cursors.encode(CURSOR_KIND, stream + "@" + next) : null;
    }

    private static AuditEntry entry(Document d) {
        Document details = d.get("details", Document.class);
        return new AuditEntry(d.getDate("at").toInstant(), d.getString("action"), d.getString("actor"),
                d.getString("targetId"), d.getString("deploymentId"), d.getString("organisationId"),
                details == null ? Map.of() : new LinkedHashMap<>(details));
    }

    private static Map<String, Object> values(Object record) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                values.put(component.getName(), component.getAccessor().invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }
        return values;
    }

    /**
     * Plain values (text, numbers, booleans, enums, instants) except structural ones and anything secret;
     * a record value (e.g. alert rules) becomes a nested document of its plain, non-null parts.
     */
    private static Document details(Map<String, Object> values) {
        Document details = new Document();
        values.forEach((name, value) -> {
            String lower = name.toLowerCase();
            if (STRUCTURAL.contains(name) || lower.contains("hash") || lower.contains("password")
                    || lower.contains("secret") && !lower.endsWith("generation")
                    || lower.contains("token") && !lower.equals("tokenid")) {
                return;
            }
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                details.append(name, value);
            } else if (value instanceof Enum<?> e) {
                details.append(name, e.name());
            } else if (value instanceof Instant instant) {
                details.append(name, instant.toString());
            } else if (value != null && value.getClass().isRecord()) {
                // a value object such as the alert rules: its plain parts, so the trail says what was set
                Document nested = details(values(value));
                if (!nested.isEmpty()) {
                    details.append(name, nested);
                }
            }
        });
        return details;
    }

    private static String id(String stream, long number) {
        return stream + ":" + String.format("%012d", number);
    }

}
