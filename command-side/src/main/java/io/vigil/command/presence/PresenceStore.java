package io.vigil.command.presence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import jakarta.annotation.PreDestroy;

/**
 * The time of every heartbeat, per target and per deployment it reports: telemetry, one document per
 * target addressed by {@code _id}, never events (DESIGN §2). It also counts stale marks per target and
 * deployment (the epochs that make a mark apply once).
 *
 * <p>Write-behind: a heartbeat only records its time in memory; every
 * {@code vigil.status.presence-flush-interval} (≤ 1 s) one unordered bulk write stores them all by
 * {@code _id}, touching only the times. {@code $max} keeps the newest time when several nodes flush the
 * same target. A crash loses at most one interval of times — the next heartbeat brings them back.
 *
 * <p>A stale mark remembers the time it was made for ({@code markedFor}): a silence is marked once, and a
 * newer heartbeat makes the next silence markable again without the flush having to clear anything.
 *
 * <p>Document, flat: {@code {_id: targetId, lastSeen, markedFor, epoch, "lastSeen:<deploymentId>",
 * "markedFor:<deploymentId>", "epoch:<deploymentId>", …}}. Flat because the embedded server handles a
 * dotted update path ({@code deployments.<id>.lastSeen}) by splitting it and compiling a regular
 * expression per segment: at 2,000 heartbeats/s that was 42 % of everything the hub allocated, and the
 * young-collection pauses it fed were the heartbeat latency's tail (docs/PERFORMANCE.md, "Heartbeats").
 * Deployment ids are the hub's own UUIDs (a heartbeat naming another is refused), so they hold no dot.
 * Documents written in the former nested form ({@code deployments: {id: {lastSeen, markedFor, epoch}}})
 * are converted when the sweeper reads them ({@link #read}).
 */
@Component
public class PresenceStore {

    private static final Logger log = LoggerFactory.getLogger(PresenceStore.class);

    private static final int SWEEP_BATCH = 1_000;
    private static final String LAST_SEEN = "lastSeen";
    private static final String MARKED_FOR = "markedFor";
    private static final String EPOCH = "epoch";
    private static final String DEPLOYMENT_LAST_SEEN = LAST_SEEN + ':';
    /** The former layout's subdocument of deployment entries. */
    private static final String NESTED = "deployments";

    private final MongoCollection<Document> presence;
    private final Map<String, Seen> pending = new ConcurrentHashMap<>();

    /** The newest heartbeat of a target since the last flush, and of each deployment it reported. */
    private record Seen(Instant at, Map<String, Instant> deployments) {
        static Seen of(List<String> deploymentIds, Instant at) {
            Map<String, Instant> deployments = new HashMap<>();
            deploymentIds.forEach(id -> deployments.put(id, at));
            return new Seen(at, deployments);
        }

        Seen merge(Seen other) {
            Map<String, Instant> merged = new HashMap<>(deployments);
            other.deployments.forEach((id, time) -> merged.merge(id, time, Seen::newest));
            return new Seen(newest(at, other.at), merged);
        }

        private static Instant newest(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }
    }

    public PresenceStore(MongoTemplate mongo) {
        this.presence = mongo.getCollection("presence");
    }

    /** The stored presence of one target: its own and that of each deployment it reported. */
    public record Presence(String targetId, Mark target, Map<String, Mark> deployments) {
    }

    /** When a target or deployment was last heard from, the silence last marked Stale, and how many marks so far. */
    public record Mark(Date lastSeen, Date markedFor, long epoch) {

        /** The sweeper's rule: last heard from before {@code cutoff}, and this silence not marked yet. */
        public boolean silentSince(Instant cutoff) {
            return lastSeen != null && lastSeen.toInstant().isBefore(cutoff) && !lastSeen.equals(markedFor);
        }
    }

    /** A field of the target ({@code deploymentId} null) or of one of its deployments. */
    private static String field(String name, String deploymentId) {
        return deploymentId == null ? name : name + ':' + deploymentId;
    }

    private static Mark mark(Document doc, String deploymentId) {
        Object epoch = doc.get(field(EPOCH, deploymentId));
        return new Mark(doc.getDate(field(LAST_SEEN, deploymentId)), doc.getDate(field(MARKED_FOR, deploymentId)),
                epoch instanceof Number n ? n.longValue() : 0);
    }

    /** Records that a target, and the deployments it reported, were heard from {@code at}. */
    public void seen(String targetId, List<String> deploymentIds, Instant at) {
        pending.merge(targetId, Seen.of(deploymentIds, at), Seen::merge);
    }

    /** Stores the heartbeat times recorded since the last flush, in one bulk write. */
    @Scheduled(fixedDelayString = "${vigil.status.presence-flush-interval:500ms}")
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        // take each entry out atomically: a heartbeat arriving meanwhile starts a new one for the next flush
        Map<String, Seen> batch = new HashMap<>();
        for (String targetId : pending.keySet()) {
            Seen seen = pending.remove(targetId);
            if (seen != null) {
                batch.put(targetId, seen);
            }
        }
        List<UpdateOneModel<Document>> writes = new ArrayList<>(batch.size());
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        batch.forEach((targetId, seen) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", targetId),
                Updates.combine(seenUpdates(seen)), upsert)));
        try {
            presence.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoException e) {
            // keep what failed for the next flush unless newer times arrived meanwhile
            batch.forEach((targetId, seen) -> pending.merge(targetId, seen, Seen::merge));
            log.warn("Could not store {} heartbeat times; retrying with the next flush", batch.size(), e);
        }
    }

    private static List<Bson> seenUpdates(Seen seen) {
        List<Bson> updates = new ArrayList<>(1 + seen.deployments().size());
        updates.add(Updates.max(LAST_SEEN, Date.from(seen.at())));
        seen.deployments().forEach((deploymentId, at) ->
                updates.add(Updates.max(field(LAST_SEEN, deploymentId), Date.from(at))));
        return updates;
    }

    @PreDestroy
    void flushOnShutdown() {
        flush();
    }

    /**
     * Every presence document, for the sweeper ({@link #read} each), in batches of {@value #SWEEP_BATCH}: left
     * to the server, the batch after the first holds every other document (≈ 2.5 MB at 10,000 targets), one
     * allocation large enough to start a garbage-collection cycle of its own each sweep.
     */
    public Iterable<Document> all() {
        return presence.find().batchSize(SWEEP_BATCH);
    }

    /**
     * One presence document as the sweeper needs it. A document in the former nested layout is converted
     * first, in the store: see {@link #flatten}.
     */
    public Presence read(Document doc) {
        if (doc.containsKey(NESTED)) {
            doc = flatten(doc);
            if (doc == null) {
                return new Presence(null, new Mark(null, null, 0), Map.of());
            }
        }
        Map<String, Mark> deployments = new HashMap<>();
        for (String key : doc.keySet()) {
            if (key.startsWith(DEPLOYMENT_LAST_SEEN)) {
                String deploymentId = key.substring(DEPLOYMENT_LAST_SEEN.length());
                deployments.put(deploymentId, mark(doc, deploymentId));
            }
        }
        return new Presence(doc.getString("_id"), mark(doc, null), deployments);
    }

    /**
     * Moves the nested deployment entries to flat fields by {@code $max}, so a conversion racing a flush or
     * another node converting loses no newer time and no epoch. The entries the update removes are those it
     * returns, not those the sweeper read (a node of the former version may have written since): whatever is
     * newer there is carried over too.
     *
     * @return the document as converted, or null if it is gone
     */
    private Document flatten(Document read) {
        Object id = read.get("_id");
        List<Bson> updates = nestedAsFlat(read);
        updates.add(Updates.unset(NESTED));
        Document before = presence.findOneAndUpdate(Filters.eq("_id", id), Updates.combine(updates),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        List<Bson> missed = before == null || Objects.equals(before.get(NESTED), read.get(NESTED))
                ? List.of() : nestedAsFlat(before);
        if (!missed.isEmpty()) {
            presence.updateOne(Filters.eq("_id", id), Updates.combine(missed));
        }
        return presence.find(Filters.eq("_id", id)).first();
    }

    private static List<Bson> nestedAsFlat(Document doc) {
        List<Bson> updates = new ArrayList<>();
        if (doc.get(NESTED) instanceof Document nested) {
            nested.forEach((deploymentId, value) -> {
                if (value instanceof Document entry) {
                    for (String name : List.of(LAST_SEEN, MARKED_FOR, EPOCH)) {
                        if (entry.get(name) != null) {
                            updates.add(Updates.max(field(name, deploymentId), entry.get(name)));
                        }
                    }
                }
            });
        }
        return updates;
    }

    /**
     * Claims a silence for a stale mark: succeeds only if nothing was seen since {@code lastSeen} and no
     * other node marked this silence first. {@code deploymentId} null marks the target itself.
     * <p>
     * By {@code _id} alone (the embedded server answers any other filter by scanning the collection,
     * ≈ 6–9 ms per mark at 10,000 targets): {@code $max} of {@code markedFor} claims the silence, and the
     * document as it was decides who won — the one that moved {@code markedFor} up to {@code lastSeen} while
     * {@code lastSeen} was still that time. Only the winner counts the epoch up. A claim lost to a newer
     * heartbeat leaves {@code markedFor} at the older time, which marks nothing: a silence is marked when
     * {@code markedFor} equals its {@code lastSeen}.
     *
     * @return the new epoch, or -1 if another heartbeat or node got there first
     */
    public long markStale(String targetId, String deploymentId, Date lastSeen) {
        Document before = presence.findOneAndUpdate(Filters.eq("_id", targetId),
                Updates.max(field(MARKED_FOR, deploymentId), lastSeen),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        if (before == null) {
            return -1;
        }
        Mark mark = mark(before, deploymentId);
        if (!lastSeen.equals(mark.lastSeen()) || mark.markedFor() != null && !mark.markedFor().before(lastSeen)) {
            return -1;
        }
        String epoch = field(EPOCH, deploymentId);
        Document after = presence.findOneAndUpdate(Filters.eq("_id", targetId), Updates.inc(epoch, 1L),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                        .projection(Projections.include(epoch)));
        return mark(after, deploymentId).epoch();
    }

    /** Undo a mark whose command failed, so the next sweep tries again. */
    public void unmark(String targetId, String deploymentId, long epoch) {
        presence.updateOne(Filters.and(Filters.eq("_id", targetId), Filters.eq(field(EPOCH, deploymentId), epoch)),
                Updates.unset(field(MARKED_FOR, deploymentId)));
    }
}
