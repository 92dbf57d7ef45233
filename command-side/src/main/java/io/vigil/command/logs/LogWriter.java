package io.vigil.command.logs;

import static io.vigil.platform.logs.LogLayout.*;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

import io.vigil.kernel.logs.LogRecordRules.CleanRecord;
import io.vigil.platform.store.MongoStore;
import jakarta.annotation.PreDestroy;
import io.vigil.platform.logs.LineCodec;
import io.vigil.platform.logs.LogLayout;

/**
 * Stores the accepted lines of one agent batch (layout: {@link LogLayout}) in two unordered bulk writes,
 * whatever the batch size: the chunks, then their entries in the bucket directories. Readers reach chunks
 * only through the directories, so a half-written batch is invisible, and its retry (same ids) inserts what
 * is missing, ignores the duplicates and lists them as stored.
 *
 * <p>A stream document is written with the batch only when the batch extends the stream's hours as this
 * node knows them (a new stream, a new hour): readers find buckets through those hours. Its newest line
 * time only serves "last seen" answers, so it is written behind, at most
 * {@code vigil.logs.last-line-flush-interval} (500 ms) late, in one bulk write for all streams.
 */
@Component
public class LogWriter {

    /** Lines per chunk document, and bytes, well below MongoDB's 16 MiB document limit. */
    static final int MAX_CHUNK_LINES = 5_000;
    static final long MAX_CHUNK_BYTES = 4L * 1024 * 1024;
    private static final int DUPLICATE_KEY = 11000;
    private static final int KNOWN_STREAMS_LIMIT = 100_000;

    private final MongoCollection<Document> chunks;
    private final MongoCollection<Document> buckets;
    private final MongoCollection<Document> streams;
    /** stream → {first hour, last hour} this node stored or saw stored; only saves writes, may be cleared */
    private final Map<String, long[]> storedHours = new ConcurrentHashMap<>();
    /** stream → newest line time not yet written */
    private final Map<String, Long> pendingLastLines = new ConcurrentHashMap<>();

    public LogWriter(MongoTemplate mongo, MongoStore store) {
        this.chunks = mongo.getCollection(CHUNKS);
        this.buckets = mongo.getCollection(BUCKETS);
        this.streams = mongo.getCollection(STREAMS);
        LogLayout.ensureIndexes(mongo.getDb(), store.isEmbedded());
    }

    public void write(String targetId, String batchId, List<CleanRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        String batchKey = batchKey(targetId, batchId);
        Map<String, TreeMap<Long, List<CleanRecord>>> byStream = new LinkedHashMap<>();
        CleanRecord previous = null;
        String current = null;
        for (CleanRecord record : records) {
            if (previous == null || !Objects.equals(previous.deploymentId(), record.deploymentId())
                    || !previous.resource().equals(record.resource())) {
                current = record.deploymentId() == null ? agentStream(targetId)
                        : containerStream(record.deploymentId(), record.resource());
            }
            previous = record;
            byStream.computeIfAbsent(current, s -> new TreeMap<>())
                    .computeIfAbsent(hour(record.timestamp()), h -> new ArrayList<>()).add(record);
        }
        List<Document> chunkDocs = new ArrayList<>();
        List<String> chunkKeys = new ArrayList<>();
        List<WriteModel<Document>> streamUpdates = new ArrayList<>();
        Map<String, long[]> extended = new HashMap<>();
        byStream.forEach((stream, hours) -> {
            long newest = Long.MIN_VALUE;
            for (Map.Entry<Long, List<CleanRecord>> entry : hours.entrySet()) {
                long hour = entry.getKey();
                List<CleanRecord> lines = entry.getValue();
                int part = 0;
                int start = 0;
                while (start < lines.size()) {
                    int end = start;
                    long bytes = 0;
                    while (end < lines.size() && end - start < MAX_CHUNK_LINES
                            && (end == start || bytes + lines.get(end).body().length() * 3L < MAX_CHUNK_BYTES)) {
                        bytes += lines.get(end).body().length() * 3L + 64;
                        end++;
                    }
                    String chunkKey = batchKey + "-" + part;
                    Document chunk = chunk(stream, hour, chunkKey, lines.subList(start, end));
                    chunkDocs.add(chunk);
                    chunkKeys.add(chunkKey);
                    newest = Math.max(newest, chunk.getLong(MAX));
                    part++;
                    start = end;
                }
            }
            long[] stored = storedHours.get(stream);
            if (stored != null && stored[0] <= hours.firstKey() && hours.lastKey() <= stored[1]) {
                pendingLastLines.merge(stream, newest, Math::max);
                return;
            }
            CleanRecord first = hours.firstEntry().getValue().get(0);
            streamUpdates.add(new UpdateOneModel<>(Filters.eq("_id", stream), Updates.combine(
                    Updates.setOnInsert("targetId", targetId),
                    Updates.setOnInsert("deploymentId", first.deploymentId()),
                    Updates.setOnInsert("resource", first.deploymentId() == null ? null : first.resource()),
                    Updates.min(FIRST_HOUR, hours.firstKey()),
                    Updates.max(LAST_HOUR, hours.lastKey()),
                    Updates.max(LAST_LINE, newest)), new UpdateOptions().upsert(true)));
            extended.put(stream, new long[] {hours.firstKey(), hours.lastKey()});
        });
        Map<Object, Document> stored = insertIgnoringDuplicates(chunkDocs);
        List<WriteModel<Document>> bucketUpdates = new ArrayList<>(chunkDocs.size());
        for (int i = 0; i < chunkDocs.size(); i++) {
            Document chunk = chunkDocs.get(i);
            // a retry lists what the first attempt stored, even if an agent sent other lines under the same batch id
            Document listed = stored.getOrDefault(chunk.get("_id"), chunk);
            String stream = chunk.getString(STREAM);
            long hour = chunk.getLong(HOUR);
            bucketUpdates.add(new UpdateOneModel<>(Filters.eq("_id", directoryId(stream, hour, chunkKeys.get(i))),
                    directoryUpdate(stream, hour, chunkKeys.get(i), listed.getLong(MIN), listed.getLong(MAX),
                            listed.getInteger(COUNT)), new UpdateOptions().upsert(true)));
        }
        upsert(buckets, bucketUpdates);
        if (!streamUpdates.isEmpty()) {
            upsert(streams, streamUpdates);
            if (storedHours.size() > KNOWN_STREAMS_LIMIT) {
                storedHours.clear(); // costs one stream write per stream, once
            }
            extended.forEach((stream, hours) -> storedHours.merge(stream, hours,
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])}));
        }
    }

    /**
     * Writes the newest line times gathered since the last flush. Without upsert: a stream that retention
     * removed meanwhile stays removed. Also on shutdown, so a clean stop loses none.
     */
    @Scheduled(fixedDelayString = "${vigil.logs.last-line-flush-interval:500ms}")
    @PreDestroy
    public void flushLastLines() {
        List<WriteModel<Document>> updates = new ArrayList<>();
        for (String stream : pendingLastLines.keySet()) {
            Long newest = pendingLastLines.remove(stream);
            if (newest != null) {
                updates.add(new UpdateOneModel<>(Filters.eq("_id", stream), Updates.max(LAST_LINE, newest)));
            }
        }
        if (!updates.isEmpty()) {
            streams.bulkWrite(updates, new BulkWriteOptions().ordered(false));
        }
    }

    private static Document chunk(String stream, long hour, String chunkKey, List<CleanRecord> lines) {
        long expected = 0;
        for (CleanRecord line : lines) {
            // exact for ASCII text: then the array neither grows nor is copied to size (together 1.6 % of the
            // request threads' samples with a fixed guess per line)
            expected += LineCodec.FIXED_BYTES_PER_LINE + length(line.severity()) + length(line.revisionId())
                    + length(line.resource()) + line.body().length();
        }
        LineCodec.Writer encoded = new LineCodec.Writer((int) Math.min(expected, MAX_CHUNK_BYTES));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (CleanRecord line : lines) {
            long at = nanos(line.timestamp());
            min = Math.min(min, at);
            max = Math.max(max, at);
            encoded.add(at, line.severity(), line.revisionId(), line.resource(), line.body());
        }
        return new Document("_id", chunkId(stream, hour, chunkKey))
                .append(STREAM, stream).append(HOUR, hour).append(MIN, min).append(MAX, max)
                .append(COUNT, lines.size()).append(LINES, new Binary(encoded.bytes()));
    }

    private static int length(String value) {
        return value == null ? 0 : value.length();
    }

    /**
     * @return the chunks that were stored already (a retried batch), by {@code _id}, with the bounds and count
     *         of their stored lines; usually none
     */
    private Map<Object, Document> insertIgnoringDuplicates(List<Document> docs) {
        try {
            chunks.insertMany(docs, new InsertManyOptions().ordered(false));
            return Map.of();
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != DUPLICATE_KEY)) {
                throw e;
            }
            List<Object> ids = e.getWriteErrors().stream().map(error -> docs.get(error.getIndex()).get("_id")).toList();
            Map<Object, Document> stored = new HashMap<>();
            chunks.find(Filters.in("_id", ids)).projection(Projections.include(MIN, MAX, COUNT))
                    .forEach(chunk -> stored.put(chunk.get("_id"), chunk));
            return stored;
        }
    }

    /** Two nodes upserting the same new bucket race on its {@code _id}; the loser's second attempt updates. */
    private static void upsert(MongoCollection<Document> collection, List<WriteModel<Document>> updates) {
        BulkWriteOptions unordered = new BulkWriteOptions().ordered(false);
        try {
            collection.bulkWrite(updates, unordered);
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != DUPLICATE_KEY)) {
                throw e;
            }
            collection.bulkWrite(updates, unordered);
        }
    }

    /** The same target and batch id give the same key, so a retried batch addresses the same chunks. */
    static String batchKey(String targetId, String batchId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((targetId + "\n" + batchId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
