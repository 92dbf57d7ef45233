package io.vigil.platform.logs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

/**
 * How log lines are stored (DESIGN §5), shared by the writer (command side) and the readers (query side).
 * Every hot-path read and write is addressed by a computed {@code _id}, because the embedded MongoDB
 * server uses no other index and scans the collection for any range query.
 *
 * <ul>
 * <li>A <b>stream</b> is the agent log of a target ({@code a/<targetId>}) or one container resource of a
 *     deployment ({@code c/<deploymentId>/<resource>}). {@code log_streams} holds one small document per
 *     stream: its first and last hour and the newest line time.</li>
 * <li>A <b>bucket</b> is one hour of one stream ({@code <stream>|<epochHour>}). {@code log_buckets} holds
 *     its directory: for each chunk key the chunk's oldest and newest line time and line count, as one
 *     string ({@link #directoryValue}), spread by chunk key over {@value #DIRECTORY_SHARDS} documents
 *     ({@code <bucket>#<shard>}, {@link #directoryId}). Until 2026-11-28 one document ({@code <bucket>})
 *     listed them all; readers and retention still read and delete it.</li>
 * <li>A <b>chunk</b> ({@code <bucket>|<chunkKey>}) holds the lines of one agent batch for that bucket as
 *     one binary value ({@link LineCodec}). The chunk key is derived from the target and the batch id, so a retried batch
 *     computes the same ids and its second insert is a duplicate key, ignored: stored once.</li>
 * </ul>
 * A reader computes the directory ids of its window, reads them with one {@code $in}, and then
 * only the chunks that overlap the window, again by {@code $in}. Lines are filtered in Java (RE2/J).
 */
public final class LogLayout {

    public static final String CHUNKS = "log_chunks";
    public static final String BUCKETS = "log_buckets";
    public static final String STREAMS = "log_streams";
    public static final Duration BUCKET = Duration.ofHours(1);
    /**
     * Directory documents per bucket. Every batch adds an entry, and the embedded server copies, sizes and
     * re-serialises the whole document on each update: an agent sending every 5 s lists 720 chunks an hour,
     * measured 0.9 ms per update at 700 entries against 0.4 ms at 100 (docs/PERFORMANCE.md, Logs); spread
     * over 8 documents, each holds about 90. A reader asks for 9 ids per hour instead of 1.
     */
    public static final int DIRECTORY_SHARDS = 8;

    // chunk fields: stream, hour, oldest and newest line (epoch nanos), count, the lines
    public static final String STREAM = "s";
    public static final String HOUR = "h";
    public static final String MIN = "min";
    public static final String MAX = "max";
    public static final String COUNT = "n";
    /** the lines, encoded by {@link LineCodec} */
    public static final String LINES = "l";
    // bucket field: chunkKey -> "min max n" (before 2026-11-28: {min, max, n}, still read)
    public static final String CHUNK_DIRECTORY = "chunks";
    // stream fields
    public static final String FIRST_HOUR = "firstHour";
    public static final String LAST_HOUR = "lastHour";
    public static final String LAST_LINE = "lastLine";

    private LogLayout() {
    }

    public static String agentStream(String targetId) {
        return "a/" + targetId;
    }

    public static String containerStream(String deploymentId, String resource) {
        return "c/" + deploymentId + "/" + resource;
    }

    public static long hour(long epochNanos) {
        return Math.floorDiv(epochNanos, BUCKET.toNanos());
    }

    public static long hour(Instant at) {
        return hour(nanos(at));
    }

    public static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    public static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    /** A chunk as its bucket's directory lists it. */
    public record DirectoryEntry(String chunkKey, long min, long max, int count) {}

    /**
     * A chunk's directory entry: its oldest and newest line time (epoch nanos) and line count, as text. A
     * sub-document per entry made each batch's directory update ~3× dearer on the embedded server, which
     * deep-copies, sizes and serialises the whole bucket document on every update (measured: 3.0 against
     * 0.9 ms at 700 entries, 0.7 against 0.4 ms at 100; docs/PERFORMANCE.md).
     */
    public static String directoryValue(long min, long max, int count) {
        return min + " " + max + " " + count;
    }

    /**
     * The upsert that lists a chunk in its bucket's directory; a retry sets the same entry again. Stream and
     * hour are written once, when the bucket is created.
     */
    public static Bson directoryUpdate(String stream, long hour, String chunkKey, long min, long max, int count) {
        return Updates.combine(Updates.setOnInsert(STREAM, stream), Updates.setOnInsert(HOUR, hour),
                Updates.set(CHUNK_DIRECTORY + "." + chunkKey, directoryValue(min, max, count)));
    }

    /** The chunks a bucket document lists, in either form of entry. */
    public static List<DirectoryEntry> directory(Document bucket) {
        Document directory = bucket.get(CHUNK_DIRECTORY, Document.class);
        if (directory == null) {
            return List.of();
        }
        List<DirectoryEntry> entries = new ArrayList<>(directory.size());
        for (Map.Entry<String, Object> entry : directory.entrySet()) {
            if (entry.getValue() instanceof String text) {
                int first = text.indexOf(' ');
                int second = text.indexOf(' ', first + 1);
                entries.add(new DirectoryEntry(entry.getKey(), Long.parseLong(text, 0, first, 10),
                        Long.parseLong(text, first + 1, second, 10), Integer.parseInt(text, second + 1, text.length(), 10)));
            } else if (entry.getValue() instanceof Document range) {
                entries.add(new DirectoryEntry(entry.getKey(), range.getLong(MIN), range.getLong(MAX),
                        range.getInteger(COUNT, 1)));
            }
        }
        return entries;
    }

    public static String bucketId(String stream, long hour) {
        return stream + "|" + hour;
    }

    /** The directory document that lists a chunk: one of the bucket's {@value #DIRECTORY_SHARDS}, by chunk key. */
    public static String directoryId(String stream, long hour, String chunkKey) {
        return shardId(bucketId(stream, hour), Math.floorMod(chunkKey.hashCode(), DIRECTORY_SHARDS));
    }

    /**
     * Every directory document a bucket can have: its shards, and the single document ({@code <bucket>}) that
     * listed all its chunks before 2026-11-28.
     */
    public static List<String> directoryIds(String stream, long hour) {
        String bucket = bucketId(stream, hour);
        List<String> ids = new ArrayList<>(DIRECTORY_SHARDS + 1);
        ids.add(bucket);
        for (int shard = 0; shard < DIRECTORY_SHARDS; shard++) {
            ids.add(shardId(bucket, shard));
        }
        return ids;
    }

    private static String shardId(String bucket, int shard) {
        return bucket + "#" + shard;
    }

    public static String chunkId(String stream, long hour, String chunkKey) {
        return bucketId(stream, hour) + "|" + chunkKey;
    }

    /**
     * Indexes that help a real MongoDB (reads by stream and hour, retention by hour). The embedded server
     * reads by {@code _id} only but would still maintain them on every write, so there they are dropped.
     */
    public static void ensureIndexes(MongoDatabase database, boolean embedded) {
        MongoCollection<Document> chunks = database.getCollection(CHUNKS);
        MongoCollection<Document> buckets = database.getCollection(BUCKETS);
        if (embedded) {
            dropIfPresent(chunks, "stream_hour");
            dropIfPresent(chunks, "hour");
            dropIfPresent(buckets, "hour");
            return;
        }
        chunks.createIndex(Indexes.ascending(STREAM, HOUR), new IndexOptions().name("stream_hour"));
        chunks.createIndex(Indexes.ascending(HOUR), new IndexOptions().name("hour"));
        buckets.createIndex(Indexes.ascending(HOUR), new IndexOptions().name("hour"));
    }

    private static void dropIfPresent(MongoCollection<Document> collection, String index) {
        for (Document existing : collection.listIndexes()) {
            if (index.equals(existing.getString("name"))) {
                collection.dropIndex(index);
                return;
            }
        }
    }
}
