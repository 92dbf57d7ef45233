package io.vigil.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.agent.AgentLog;
import io.vigil.agent.FakeHub;
import io.vigil.agent.FakeHub.Mode;
import io.vigil.agent.hub.HubClient;
import io.vigil.kernel.protocol.AgentProtocol.LogBatch;
import io.vigil.kernel.protocol.AgentProtocol.LogRecord;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;

/** The shipper against a real HTTP server that answers 200, 503, 401, 404, 400 or drops the connection. */
class ShipperTest {

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    @TempDir
    Path dir;
    FakeHub hub;
    AgentLog log = new AgentLog(Clock.systemUTC(), new PrintStream(OutputStream.nullOutputStream()));
    List<Thread> threads = new ArrayList<>();
    List<Shipper> shippers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        hub = new FakeHub();
    }

    @AfterEach
    void stop() throws Exception {
        shippers.forEach(Shipper::stop);
        for (Thread t : threads) {
            t.interrupt();
            t.join(5_000);
        }
        hub.close();
    }

    private Spool spool() {
        return new Spool(dir.resolve("spool"), 1 << 20, log);
    }

    private AckedPositions acked() {
        return new AckedPositions(dir.resolve("positions.json"));
    }

    private Shipper ship(Spool spool, AckedPositions acked) {
        Shipper shipper = new Shipper(spool, acked, new HubClient(hub.url(), FakeHub.TARGET, FakeHub.SECRET), log,
                Duration.ofMillis(400));
        Thread t = new Thread(shipper, "test-shipper");
        t.start();
        threads.add(t);
        shippers.add(shipper);
        return shipper;
    }

    private static LogBatch batch(String id, int lines) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            records.add(new LogRecord("dep", "rev", "web-1", T0.plusMillis(i), "stdout", id + " line " + i));
        }
        return new LogBatch(id, records);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void batchesArriveInOrderAndPositionsAdvanceOnlyWhenTheHubAcknowledged() throws Exception {
        Spool spool = spool();
        AckedPositions acked = acked();
        hub.logsMode(Mode.UNAVAILABLE);
        spool.appendLogs(batch("b1", 3), Map.of("c1", new LogPosition(T0.plusSeconds(1), 1)));
        spool.appendLogs(batch("b2", 2), Map.of("c1", new LogPosition(T0.plusSeconds(2), 1)));
        ship(spool, acked);

        await("the hub was asked three times", () -> hub.attempts.size() >= 3);
        assertThat(hub.attempts).containsOnly("b1"); // the same batch, the same id, again and again
        assertThat(acked.get("c1")).isNull();
        assertThat(spool.batches()).isEqualTo(2);

        hub.logsMode(Mode.OK);
        await("both batches are stored", () -> hub.storedBatchIds().size() == 2);
        await("the spool is empty", () -> spool.batches() == 0);
        assertThat(hub.storedBatchIds()).containsExactly("b1", "b2");
        assertThat(hub.records()).hasSize(5);
        assertThat(acked.get("c1")).isEqualTo(new LogPosition(T0.plusSeconds(2), 1));
        assertThat(acked().get("c1")).as("stored on disk").isEqualTo(new LogPosition(T0.plusSeconds(2), 1));
    }

    @Test
    void batchesGoInTheBinaryFormAndInJsonToAHubThatDoesNotKnowIt() throws Exception {
        Spool spool = spool();
        spool.appendLogs(batch("binary", 3), Map.of());
        ship(spool, acked());
        await("the first batch is stored", () -> hub.storedBatchIds().size() == 1);
        assertThat(hub.formats).containsExactly("binary");

        hub.acceptsBinaryLogs = false; // an older hub answers 415
        spool.appendLogs(batch("json", 2), Map.of());
        await("the second batch is stored", () -> hub.storedBatchIds().size() == 2);
        assertThat(hub.formats).containsExactly("binary", "json");
        assertThat(hub.records()).hasSize(5);
        assertThat(hub.records()).extracting(LogRecord::body).contains("binary line 2", "json line 1");
    }

    @Test
    void aLostAnswerIsRetriedWithTheSameBatchIdAndStoredOnce() throws Exception {
        Spool spool = spool();
        hub.logsMode(Mode.DROP_AFTER_STORING);
        spool.appendLogs(batch("lost-answer", 4), Map.of());
        ship(spool, acked());

        await("the hub was asked twice", () -> hub.attempts.size() >= 2);
        assertThat(spool.batches()).as("not acknowledged, so still spooled").isEqualTo(1);
        hub.logsMode(Mode.OK);
        await("the spool is empty", () -> spool.batches() == 0);
        assertThat(hub.attempts).containsOnly("lost-answer");
        assertThat(hub.records()).hasSize(4);
    }

    @Test
    void aDroppedConnectionBeforeStoringLosesNothing() throws Exception {
        Spool spool = spool();
        hub.logsMode(Mode.DROP_BEFORE_STORING);
        spool.appendLogs(batch("dropped", 2), Map.of());
        ship(spool, acked());
        await("the hub was asked twice", () -> hub.attempts.size() >= 2);
        hub.logsMode(Mode.OK);
        await("the spool is empty", () -> spool.batches() == 0);
        assertThat(hub.records()).extracting(LogRecord::body).containsExactly("dropped line 0", "dropped line 1");
    }

    @Test
    void anExpiredTokenLeadsToOneNewLoginAndTheBatchStillArrives() throws Exception {
        Spool spool = spool();
        spool.appendLogs(batch("first", 1), Map.of());
        ship(spool, acked());
        await("the first batch is stored", () -> hub.storedBatchIds().size() == 1);
        assertThat(hub.logins.get()).isEqualTo(1);

        hub.expireTokens();
        spool.appendLogs(batch("second", 1), Map.of());
        await("the second batch is stored", () -> hub.storedBatchIds().size() == 2);
        assertThat(hub.logins.get()).isEqualTo(2);
    }

    @Test
    void rejectedCredentialsKeepEverythingSpooledUntilTheyWorkAgain() throws Exception {
        Spool spool = spool();
        hub.rejectCredentials(true);
        spool.appendLogs(batch("waiting", 1), Map.of());
        ship(spool, acked());
        await("login was tried twice", () -> hub.logins.get() >= 2);
        assertThat(spool.batches()).isEqualTo(1);
        hub.rejectCredentials(false);
        await("the batch is stored", () -> hub.storedBatchIds().contains("waiting"));
    }

    @Test
    void aBatchSpooledBeforeARestartIsSentWithItsOriginalBatchId() throws Exception {
        Spool before = spool();
        hub.logsMode(Mode.UNAVAILABLE);
        before.appendLogs(batch("survivor", 2), Map.of("c1", new LogPosition(T0, 2)));
        Shipper first = ship(before, acked());
        await("the hub was asked", () -> hub.attempts.size() >= 1);
        first.stop();
        threads.get(0).interrupt();
        threads.get(0).join(5_000);

        hub.logsMode(Mode.OK);
        Spool after = spool(); // a new process: the same directory
        assertThat(after.batches()).isEqualTo(1);
        assertThat(after.spooledPositions()).containsEntry("c1", new LogPosition(T0, 2));
        ship(after, acked());
        await("the batch is stored", () -> after.batches() == 0);
        assertThat(hub.storedBatchIds()).containsExactly("survivor");
    }

    @Test
    void aBatchTheHubRefusesAsSuchIsDroppedButAMissingEndpointKeepsIt() throws Exception {
        Spool spool = spool();
        AckedPositions acked = acked();
        hub.logsMode(Mode.NOT_FOUND);
        spool.appendLogs(batch("early", 1), Map.of("c1", new LogPosition(T0, 1)));
        ship(spool, acked);
        await("the hub was asked twice", () -> hub.attempts.size() >= 2);
        assertThat(spool.batches()).isEqualTo(1);

        hub.logsMode(Mode.BAD_REQUEST);
        await("the refused batch left the spool", () -> spool.batches() == 0);
        assertThat(hub.storedBatchIds()).isEmpty();
        assertThat(acked.get("c1")).as("never re-read: it would be refused again").isEqualTo(new LogPosition(T0, 1));
    }

    @Test
    void metricsSamplesGoThroughTheSpoolToo() throws Exception {
        Spool spool = spool();
        spool.appendMetrics(new MetricsSample(T0, 2, 0.5, 1024L, 0.25, List.of()));
        ship(spool, acked());
        await("the sample arrived", () -> hub.metrics.size() == 1);
        assertThat(hub.metrics.get(0).collectedAt()).isEqualTo(T0);
        assertThat(hub.metrics.get(0).cpuUsage()).isEqualTo(0.5);
    }

    @Test
    void aFullSpoolDropsTheOldestBatchesAndCountsTheirRecords() {
        Spool small = new Spool(dir.resolve("small"), 4_000, log);
        for (int i = 0; i < 20; i++) {
            small.appendLogs(batch("b" + i, 5), Map.of());
        }
        assertThat(small.bytes()).isLessThanOrEqualTo(4_000);
        assertThat(small.batches()).isBetween(1, 19);
        assertThat(small.droppedRecords()).isEqualTo((20L - small.batches()) * 5);
        Spool reopened = new Spool(dir.resolve("small"), 4_000, log);
        assertThat(reopened.batches()).isEqualTo(small.batches());
        assertThat(reopened.bytes()).isEqualTo(small.bytes());
    }
}
