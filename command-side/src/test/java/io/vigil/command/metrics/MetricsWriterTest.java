package io.vigil.command.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;

import io.vigil.kernel.metrics.MetricKeys;
import io.vigil.kernel.metrics.RollupDay;
import io.vigil.kernel.protocol.AgentProtocol.DiskUsage;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;
import io.vigil.platform.VigilProperties;
import io.vigil.platform.metrics.RawSamples;
import io.vigil.platform.store.MongoStore;
import io.vigil.testing.MovableClock;

/**
 * Raw samples on the embedded store (real wire protocol): a repeated {@code collectedAt} is stored and
 * rolled up once, one-minute buckets and the target's raw hours are where readers look for them.
 */
class MetricsWriterTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:10Z");

    @TempDir
    Path dataDir;

    private MongoStore store;
    private MongoClient client;
    private MongoTemplate mongo;
    private final MovableClock clock = new MovableClock(T0);
    private RollupBuffer rollups;
    private MetricsWriter writer;

    @BeforeEach
    void setUp() {
        store = MongoStore.embedded(dataDir, "test", 0, 16);
        client = MongoClients.create(store.connectionString());
        mongo = new MongoTemplate(client, "test");
        rollups = new RollupBuffer(mongo, clock, "5m");
        writer = new MetricsWriter(mongo, rollups);
    }

    @AfterEach
    void tearDown() {
        client.close();
        store.close();
    }

    @Test
    void eachSampleIsStoredOnceAndARepeatIsToldApart() {
        assertThat(writer.write("a", sample(T0, 0.1))).isTrue();
        assertThat(writer.write("b", sample(T0, 0.2))).isTrue();
        assertThat(writer.write("a", sample(T0, 0.1))).as("a retried sample").isFalse();
        assertThat(writer.write("a", sample(T0.plusSeconds(30), 0.3))).isTrue();
        assertThat(writer.write("b", sample(T0, 0.2))).isFalse();

        Document bucket = mongo.getCollection(MetricsWriter.RAW)
                .find(Filters.eq("_id", MetricKeys.rawId("a", MetricKeys.rawBucket(T0)))).first();
        Document samples = bucket.get("samples", Document.class);
        assertThat(samples.keySet()).containsExactlyInAnyOrder(String.valueOf(T0.toEpochMilli()),
                String.valueOf(T0.plusSeconds(30).toEpochMilli()));
        assertThat(RawSamples.unpack(samples.get(String.valueOf(T0.toEpochMilli()))).getDouble("cpuUsage"))
                .isEqualTo(0.1);

        rollups.flush();
        Document day = mongo.getCollection(MetricsWriter.ROLLUP)
                .find(Filters.eq("_id", MetricKeys.rollupId("a", MetricKeys.day(T0)))).first();
        RollupDay rolled = RollupDay.read(null, day.get("points", Document.class));
        assertThat(rolled.count(MetricKeys.slot(T0))).as("repeats are not rolled up again").isEqualTo(2);
        assertThat(rolled.cpuSum(MetricKeys.slot(T0))).isCloseTo(40.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void samplesGoToOneMinuteBucketsAndTheTargetRecordsItsRawHours() {
        Instant nextHour = T0.plus(Duration.ofMinutes(75));
        writer.write("a", sample(T0, 0.1));
        writer.write("a", sample(T0.plusSeconds(60), 0.1));
        writer.write("a", sample(nextHour, 0.1));

        assertThat(mongo.getCollection(MetricsWriter.RAW).countDocuments(Filters.eq("targetId", "a"))).isEqualTo(3);
        Document target = mongo.getCollection(MetricsWriter.TARGETS).find(Filters.eq("_id", "a")).first();
        assertThat(target.get("firstRawHour", Number.class).longValue())
                .isEqualTo(MetricKeys.rawHour(MetricKeys.rawBucket(T0)));
        assertThat(target.get("lastRawHour", Number.class).longValue())
                .isEqualTo(MetricKeys.rawHour(MetricKeys.rawBucket(nextHour)));
    }

    @Test
    void rollUpsAreWrittenWhenTheirFirstContributionIsOneFlushIntervalOld() {
        writer.write("a", sample(T0, 0.1));
        clock.advance(Duration.ofMinutes(3));
        writer.write("b", sample(T0.plus(Duration.ofMinutes(3)), 0.1));
        writer.write("a", sample(T0.plus(Duration.ofMinutes(3)), 0.1));
        clock.advance(Duration.ofMinutes(2).minusSeconds(1));
        rollups.flushDue();
        assertThat(mongo.getCollection(MetricsWriter.ROLLUP).countDocuments()).as("nothing is due yet").isZero();

        clock.advance(Duration.ofSeconds(1));
        rollups.flushDue();
        assertThat(mongo.getCollection(MetricsWriter.ROLLUP).find().map(d -> d.getString("targetId")).into(
                new java.util.ArrayList<>())).as("a's first contribution is 5 minutes old, b's is not").containsExactly("a");
        Document day = mongo.getCollection(MetricsWriter.ROLLUP)
                .find(Filters.eq("_id", MetricKeys.rollupId("a", MetricKeys.day(T0)))).first();
        RollupDay rolled = RollupDay.read(null, day.get("points", Document.class));
        assertThat(rolled.count(MetricKeys.slot(T0))).as("everything a had gathered goes in the same write")
                .isEqualTo(2); // 10:00:10 and 10:03:10, one 5-minute slot

        clock.advance(Duration.ofMinutes(3));
        rollups.flushDue();
        assertThat(mongo.getCollection(MetricsWriter.ROLLUP).countDocuments()).isEqualTo(2);
    }

    @Test
    void retentionDeletesOldMinutesAndBucketsOfTheFormer15MinuteLayout() {
        writer.write("a", sample(T0, 0.1));
        writer.write("a", sample(T0.plus(Duration.ofDays(2)), 0.1));
        long legacyBucket = MetricKeys.legacyRawBucket(T0);
        mongo.getCollection(MetricsWriter.RAW).insertOne(new Document("_id", MetricKeys.legacyRawId("a", legacyBucket))
                .append("samples", new Document()));
        mongo.getCollection(MetricsWriter.TARGETS).updateOne(Filters.eq("_id", "a"), com.mongodb.client.model.Updates
                .combine(com.mongodb.client.model.Updates.set("firstBucket", legacyBucket),
                        com.mongodb.client.model.Updates.set("lastBucket", legacyBucket)));

        clock.set(T0.plus(Duration.ofDays(8)));
        MetricsRetention retention = new MetricsRetention(mongo, clock,
                new VigilProperties(null, null, null, null, null, null, null, null), "90d");
        retention.sweep();
        assertThat(mongo.getCollection(MetricsWriter.RAW).find().map(d -> d.getString("_id")).into(new ArrayList<>()))
                .as("only the minute within the 7-day retention is left")
                .containsExactly(MetricKeys.rawId("a", MetricKeys.rawBucket(T0.plus(Duration.ofDays(2)))));
        Document target = mongo.getCollection(MetricsWriter.TARGETS).find(Filters.eq("_id", "a")).first();
        assertThat(target.containsKey("firstBucket")).as("the old layout is forgotten once empty").isFalse();

        retention.sweep(); // again: nothing more to delete, nothing breaks
        assertThat(mongo.getCollection(MetricsWriter.RAW).countDocuments()).isEqualTo(1);
    }

    private static MetricsSample sample(Instant at, double cpu) {
        return new MetricsSample(at, 2, cpu, 1024L, 0.5,
                List.of(new DiskUsage("/dev/vda1", "/", "ext4", 10_000L, 5_000L, null)));
    }
}
