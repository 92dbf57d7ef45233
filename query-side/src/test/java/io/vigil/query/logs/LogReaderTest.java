package io.vigil.query.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.listing.TextFilter;
import io.vigil.platform.VigilProperties;
import io.vigil.platform.logs.LineCodec;
import io.vigil.platform.logs.LogLayout;
import io.vigil.query.logs.LogReader.Found;
import io.vigil.testing.MongoForTests;

/**
 * The reader against the real wire protocol: lines come out in exact time order across chunks whose time
 * ranges overlap, bucket boundaries and read groups, and a limited read stops early.
 */
class LogReaderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:30:00Z");
    private static final String STREAM = LogLayout.containerStream("d", "web-1");

    private MongoForTests mongo;
    private LogReader reader;
    private final List<Long> stored = new ArrayList<>();

    @BeforeEach
    void setUp() {
        mongo = new MongoForTests();
        reader = new LogReader(mongo.template(), Clock.fixed(NOW, ZoneOffset.UTC),
                new VigilProperties(null, null, null, null, null, null, null, null));
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    /** One chunk of lines at the given times (nanos), in the writer's layout. */
    private void chunk(String key, List<Long> times) {
        chunk(key, times, false);
    }

    private void chunk(String key, List<Long> times, boolean legacyEntry) {
        long hour = LogLayout.hour(times.get(0));
        LineCodec.Writer lines = new LineCodec.Writer(0);
        times.forEach(t -> lines.add(t, "INFO", "rev-1", "web-1", "line at " + t));
        long min = times.stream().min(Long::compare).orElseThrow();
        long max = times.stream().max(Long::compare).orElseThrow();
        mongo.template().getCollection(LogLayout.CHUNKS).insertOne(new Document("_id", LogLayout.chunkId(STREAM, hour, key))
                .append(LogLayout.STREAM, STREAM).append(LogLayout.HOUR, hour).append(LogLayout.MIN, min)
                .append(LogLayout.MAX, max).append(LogLayout.COUNT, times.size())
                .append(LogLayout.LINES, new Binary(lines.bytes())));
        // the directory entry as the writer makes it, in the chunk key's shard, or as it did before 2026-11-28,
        // in the bucket's one document (an hour can have both)
        if (legacyEntry) {
            legacyEntry(hour, key, min, max, times.size());
        } else {
            mongo.template().getCollection(LogLayout.BUCKETS).updateOne(
                    Filters.eq("_id", LogLayout.directoryId(STREAM, hour, key)),
                    LogLayout.directoryUpdate(STREAM, hour, key, min, max, times.size()), new UpdateOptions().upsert(true));
        }
        mongo.template().getCollection(LogLayout.STREAMS).updateOne(Filters.eq("_id", STREAM), Updates.combine(
                Updates.min(LogLayout.FIRST_HOUR, hour), Updates.max(LogLayout.LAST_HOUR, hour),
                Updates.max(LogLayout.LAST_LINE, max)), new UpdateOptions().upsert(true));
        stored.addAll(times);
    }

    private void legacyEntry(long hour, String key, long min, long max, int count) {
        mongo.template().getCollection(LogLayout.BUCKETS).updateOne(Filters.eq("_id", LogLayout.bucketId(STREAM, hour)),
                Updates.combine(Updates.set(LogLayout.STREAM, STREAM), Updates.set(LogLayout.HOUR, hour),
                        Updates.set(LogLayout.CHUNK_DIRECTORY + "." + key, new Document(LogLayout.MIN, min)
                                .append(LogLayout.MAX, max).append(LogLayout.COUNT, count))),
                new UpdateOptions().upsert(true));
    }

    @Test
    void aChunkListedInTheFormerDirectoryAndInAShardIsReadOnce() {
        long at = LogLayout.nanos(NOW.minusSeconds(600));
        chunk("retried", List.of(at, at + 1, at + 2));
        legacyEntry(LogLayout.hour(at), "retried", at, at + 2, 3); // its first attempt, before the upgrade

        assertThat(read(true, 100)).containsExactly(at + 2, at + 1, at);
        assertThat(read(false, 100)).containsExactly(at, at + 1, at + 2);
    }

    private List<Long> read(boolean descending, int limit) {
        List<Long> out = new ArrayList<>();
        reader.scan(STREAM, null, null, null, null, TextFilter.of(null, false, false), descending, (Found f) -> {
            out.add(f.position().nanos());
            return out.size() < limit;
        });
        return out;
    }

    @Test
    void overlappingChunksOfSeveralHoursComeOutInExactTimeOrder() {
        Random random = new Random(7);
        long start = LogLayout.nanos(NOW.minusSeconds(3 * 3600));
        // 60 chunks of 250 lines: each chunk spans a random stretch, so neighbours overlap in time
        for (int c = 0; c < 60; c++) {
            List<Long> times = new ArrayList<>();
            long from = start + (long) (random.nextDouble() * 3 * 3600e9);
            long hourEnd = (LogLayout.hour(from) + 1) * LogLayout.BUCKET.toNanos() - 1;
            for (int i = 0; i < 250; i++) {
                times.add(Math.min(hourEnd, from + (long) (random.nextDouble() * 600e9)));
            }
            chunk("k" + c, times, c % 3 == 0);
        }
        long hourStart = (LogLayout.hour(start) + 1) * LogLayout.BUCKET.toNanos();
        chunk("wide", List.of(hourStart + 1, hourStart + 3_599_000_000_000L)); // one chunk across its whole hour

        List<Long> expected = new ArrayList<>(stored);
        expected.sort(Comparator.naturalOrder());
        List<Long> ascending = read(false, Integer.MAX_VALUE);
        assertThat(ascending).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(ascending.get(i)).as("line %d of %d", i, expected.size()).isEqualTo(expected.get(i));
        }
        expected.sort(Comparator.reverseOrder());
        assertThat(read(true, Integer.MAX_VALUE)).isEqualTo(expected);
        assertThat(read(true, 100)).isEqualTo(expected.subList(0, 100));
    }

    @Test
    void everyLineHasAnIdThatIsUniqueAndTheSameWhicheverReadFindsIt() {
        long t = LogLayout.nanos(NOW.minusSeconds(600));
        chunk("a", List.of(t, t, t + 5)); // two lines at the same instant must still differ
        chunk("b", List.of(t, t + 7));

        List<String> all = new ArrayList<>();
        List<Found> found = new ArrayList<>();
        reader.scan(STREAM, null, null, null, null, TextFilter.of(null, false, false), true, f -> {
            found.add(f);
            all.add(f.line().id());
            return true;
        });
        assertThat(all).hasSize(5).doesNotHaveDuplicates();

        // a later read of the newer lines (the viewer's refresh, the live tail) names them the same
        List<String> newer = new ArrayList<>();
        reader.scan(STREAM, null, null, found.get(2).position(), null, TextFilter.of(null, false, false), false, f -> {
            newer.add(f.line().id());
            return true;
        });
        assertThat(newer).containsExactly(all.get(1), all.get(0));
    }
}
