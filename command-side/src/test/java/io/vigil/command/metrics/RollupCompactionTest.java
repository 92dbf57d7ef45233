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

import io.vigil.kernel.alert.AlertKeys;
import io.vigil.kernel.metrics.MetricKeys;
import io.vigil.kernel.metrics.RollupDay;
import io.vigil.kernel.protocol.AgentProtocol.DiskUsage;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;
import io.vigil.platform.VigilProperties;
import io.vigil.platform.store.MongoStore;
import io.vigil.testing.MovableClock;

/**
 * Compaction on the embedded store (H2 backend, real wire protocol): a closed day is packed and reads as it
 * did, an open one is left alone, a flush racing the compaction loses nothing, late samples after it are
 * merged on read and packed next round, and retention deletes packed days as before.
 */
class RollupCompactionTest {

    private static final Instant DAY_START = Instant.parse("2026-03-01T00:00:00Z");
    private static final long DAY = MetricKeys.day(DAY_START);
    private static final String TARGET = "t-1";
    private static final String ID = MetricKeys.rollupId(TARGET, DAY);

    @TempDir
    Path dataDir;

    private MongoStore store;
    private MongoClient client;
    private MongoTemplate mongo;
    private final MovableClock clock = new MovableClock(DAY_START.plus(Duration.ofHours(23)));
    private RollupBuffer buffer;
    private MetricsWriter writer;
    private RollupCompaction compaction;

    @BeforeEach
    void setUp() {
        store = MongoStore.embedded(dataDir, "test", 0, 16);
        client = MongoClients.create(store.connectionString());
        mongo = new MongoTemplate(client, "test");
        buffer = new RollupBuffer(mongo, clock, "5m");
        writer = new MetricsWriter(mongo, buffer);
        compaction = new RollupCompaction(mongo, clock, "30s");
    }

    @AfterEach
    void tearDown() {
        client.close();
        store.close();
    }

    @Test
    void aClosedDayIsPackedAndReadsExactlyAsBefore() {
        writeDay();
        RollupDay before = read();
        assertThat(compaction.compactClosedDays()).as("the day is still open").isZero();

        clock.set(DAY_START.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5)));
        assertThat(compaction.compactClosedDays()).as("closed, but not yet flush interval + margin ago").isZero();

        clock.set(DAY_START.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(6)));
        assertThat(compaction.compactClosedDays()).isEqualTo(1);
        Document doc = doc();
        assertThat(doc).containsKey("packed").doesNotContainKey("points");
        assertThat(doc.get("devices", Document.class)).as("device names stay as they were").hasSize(2);
        assertThat(read()).isEqualTo(before);
        assertThat(openDays()).isEmpty();
        assertThat(compaction.compactClosedDays()).as("nothing left to do").isZero();
    }

    @Test
    void aFlushRacingTheCompactionLosesNothing() {
        writeDay();
        long written = total(read());
        clock.set(DAY_START.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));
        compaction.afterRead = () -> { // another node flushes a late sample between the read and the update
            compaction.afterRead = () -> { };
            write(DAY_START.plus(Duration.ofHours(12)).plusSeconds(7), 0.95, 95.0);
            buffer.flush();
        };

        assertThat(compaction.compactClosedDays()).as("the update sees another rev and packs what it removed")
                .isEqualTo(1);
        assertThat(doc()).containsKey("packed").doesNotContainKey("points");
        assertThat(total(read())).isEqualTo(written + 1);
        assertThat(read().cpuMax(MetricKeys.slot(DAY_START.plus(Duration.ofHours(12))))).isEqualTo(95.0);

        assertThat(openDays()).as("the late flush listed its day").containsExactly(DAY);
        assertThat(compaction.compactClosedDays()).as("nothing nested left to pack").isZero();
        assertThat(total(read())).isEqualTo(written + 1);
    }

    @Test
    void latePointsAfterCompactionAreMergedOnReadAndPackedNextRound() {
        writeDay();
        long written = total(read());
        clock.set(DAY_START.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));
        assertThat(compaction.compactClosedDays()).isEqualTo(1);

        Instant late = DAY_START.plus(Duration.ofHours(6)).plusSeconds(3); // a slot the day already has
        int slot = MetricKeys.slot(late);
        long slotBefore = read().count(slot);
        write(late, 0.99, 97.0);
        buffer.flush();
        Document doc = doc();
        assertThat(doc).containsKeys("packed", "points");
        RollupDay merged = read();
        assertThat(total(merged)).isEqualTo(written + 1);
        assertThat(merged.count(slot)).isEqualTo(slotBefore + 1);
        assertThat(merged.cpuMax(slot)).isEqualTo(99.0);
        assertThat(merged.disk(AlertKeys.encode("/dev/vda1")).max(slot)).isEqualTo(97.0);
        assertThat(openDays()).as("the late write listed its day again").containsExactly(DAY);

        assertThat(compaction.compactClosedDays()).isEqualTo(1);
        assertThat(doc()).doesNotContainKey("points");
        assertThat(read()).isEqualTo(merged);
    }

    @Test
    void onlyListedClosedDaysAreReadAndManyTargetsAreDoneInBoundedRounds() {
        compaction.maxPerRound = 120; // a batch of 100 and one of 20
        int targets = 150;
        for (int i = 0; i < targets; i++) {
            buffer.add("t-" + i, sample(DAY_START.plus(Duration.ofHours(3)), 0.5, 50.0));
        }
        buffer.add(TARGET, sample(DAY_START.plus(Duration.ofDays(1)).plusSeconds(1), 0.5, 50.0)); // tomorrow: open
        buffer.flush();
        clock.set(DAY_START.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));

        assertThat(compaction.compactClosedDays()).isEqualTo(120);
        assertThat(compaction.compactClosedDays()).isEqualTo(30);
        assertThat(compaction.compactClosedDays()).isZero();
        assertThat(mongo.getCollection(MetricsWriter.ROLLUP).countDocuments(Filters.exists("points")))
                .as("only the open day keeps nested points").isEqualTo(1);
        assertThat(openDays()).containsExactly(DAY + 1);
    }

    @Test
    void retentionDeletesPackedDaysAsBefore() {
        writeDay();
        clock.set(DAY_START.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));
        assertThat(compaction.compactClosedDays()).isEqualTo(1);

        clock.set(DAY_START.plus(Duration.ofDays(92)));
        new MetricsRetention(mongo, clock, new VigilProperties(null, null, null, null, null, null, null, null), "90d")
                .sweep();
        assertThat(mongo.getCollection(MetricsWriter.ROLLUP).countDocuments()).isZero();
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Samples every 30 s in a few hours of the day; the second disk appears at noon. Flushed like the hub. */
    private void writeDay() {
        for (int hour : new int[] {0, 6, 12, 23}) {
            for (int i = 0; i < 20; i++) {
                Instant at = DAY_START.plus(Duration.ofHours(hour)).plusSeconds(30L * i);
                write(at, (i % 10) / 10.0, 40 + i);
            }
            buffer.flush();
        }
    }

    private void write(Instant at, double cpu, double diskPercent) {
        assertThat(writer.write(TARGET, sample(at, cpu, diskPercent))).isTrue();
    }

    private static MetricsSample sample(Instant at, double cpu, double diskPercent) {
        List<DiskUsage> disks = new ArrayList<>(List.of(new DiskUsage("/dev/vda1", "/", "ext4", 10_000L,
                Math.round(diskPercent * 100))));
        if (!at.isBefore(DAY_START.plus(Duration.ofHours(12)))) {
            disks.add(new DiskUsage("/dev/vdb", "/data", "xfs", 1000L, 10L));
        }
        return new MetricsSample(at, 2, cpu, 1024L, 0.5, disks);
    }

    private Document doc() {
        return mongo.getCollection(MetricsWriter.ROLLUP).find(Filters.eq("_id", ID)).first();
    }

    private RollupDay read() {
        Document doc = doc();
        return RollupDay.read(RollupCompaction.bytes(doc.get("packed")), doc.get("points", Document.class));
    }

    private List<Long> openDays() {
        Document t = mongo.getCollection(MetricsWriter.TARGETS).find(Filters.eq("_id", TARGET)).first();
        return t.getList(RollupCompaction.OPEN_DAYS, Number.class).stream().map(Number::longValue).toList();
    }

    private static long total(RollupDay day) {
        long n = 0;
        for (int s = 0; s < RollupDay.SLOTS; s++) {
            n += day.count(s);
        }
        return n;
    }
}
