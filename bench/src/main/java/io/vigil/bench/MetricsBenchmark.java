package io.vigil.bench;

import static io.vigil.bench.BenchSupport.agentHttpClient;
import static io.vigil.bench.BenchSupport.daemon;
import static io.vigil.bench.BenchSupport.deleteRecursively;
import static io.vigil.bench.BenchSupport.postAsAgent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.bson.Document;
import org.bson.types.Binary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import io.vigil.kernel.metrics.RollupDay;

/**
 * Metrics ingestion with alert evaluation on (issue 4): N targets (default 10,000) send a sample with 3 disks
 * every interval (30 s) over real HTTP to a separate hub process. Measures the paced open-loop stream
 * (latency from the intended send time), the hub's saturation rate with C closed-loop clients, the raw limit
 * (plain-driver {@code insertOne} of the same samples into the hub's own embedded MongoDB, same run), and a
 * 30-day series query over 5-minute roll-ups (seeded with the plain driver in the hub's layout, because the
 * hub itself refuses samples older than its raw retention; packed as its compaction leaves closed days, and
 * nested as written, for comparison), timed after a few unmeasured queries while the paced stream goes on
 * beside it. 1 % of the targets report a disk above 90 %, so
 * alerts fire during the run. Prints a table and one {@code BENCH_JSON} line.
 */
public final class MetricsBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "bench-admin-password";
    private static final long START = System.nanoTime();
    private static final long DISK_TOTAL = 500_000_000_000L;

    private final int targets;
    private final Duration interval;
    private final int warmupSeconds;
    private final int pacedSeconds;
    private final int saturationSeconds;
    private final int clients;
    private final int rawSeconds;
    private final int setupConcurrency;
    private final int senders;
    private final int jitWarmupSeconds;
    private final int jitWarmupClients;
    private final int seriesTargets;
    private final int seriesQueries;
    private final int seriesWarmup;
    private final Path hubJar;
    private final List<String> hubJvmOptions;
    private final List<String> hubArgs;
    private final Options options;

    private Hub hub;
    private HttpClient http;
    private CloseableHttpClient agentHttp;
    private URI metricsUri;
    private String adminAuth;
    private String[] ids;
    private String[] tokens;
    /** Last collectedAt (epoch ms) per target, so every sample of a target has its own time. */
    private AtomicLongArray lastCollected;

    private MetricsBenchmark(Options o) {
        this.options = o;
        this.targets = o.integer("targets", 10_000);
        this.interval = Duration.ofMillis(Math.round(o.decimal("interval", 30) * 1000));
        this.warmupSeconds = o.integer("warmup", 20);
        this.pacedSeconds = o.integer("duration", 60);
        this.saturationSeconds = o.integer("saturation-duration", 30);
        this.clients = o.integer("clients", 32);
        this.rawSeconds = o.integer("raw-duration", saturationSeconds);
        this.setupConcurrency = o.integer("setup-concurrency", 8);
        this.senders = o.integer("senders", 128);
        this.jitWarmupSeconds = o.integer("jit-warmup", 60);
        this.jitWarmupClients = o.integer("jit-warmup-clients", 2);
        this.seriesTargets = o.integer("series-targets", 20);
        this.seriesQueries = o.integer("series-queries", 200);
        this.seriesWarmup = o.integer("series-warmup", 20);
        this.hubJar = Path.of(o.string("hub-jar", "ui/target/vigil.jar"));
        String jvm = o.string("hub-jvm-opts", "");
        this.hubJvmOptions = jvm.isBlank() ? List.of() : List.of(jvm.trim().split("\\s+"));
        this.hubArgs = new ArrayList<>(List.of("--vigil.agent.token-ttl=2h", "--vigil.status.stale-after=15m"));
        String extra = o.string("hub-args", "");
        if (!extra.isBlank()) {
            hubArgs.addAll(List.of(extra.trim().split("\\s+")));
        }
        o.rejectUnknown();
    }

    public static void main(String[] args) {
        int code;
        try {
            code = new MetricsBenchmark(new Options(args)).run();
        } catch (IllegalArgumentException e) {
            System.err.println("metrics benchmark: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    private int run() {
        Path dir = null;
        ExecutorService executor = Executors.newFixedThreadPool(4, daemon("http"));
        try {
            log("metrics benchmark, options " + options.effective());
            dir = Files.createTempDirectory("vigil-bench-metrics-");
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                    .executor(executor).build();
            adminAuth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            hub = Hub.start(hubJar, hubJvmOptions, dir.resolve("data"), ADMIN_PASSWORD, hubArgs, Duration.ofMinutes(5),
                    "/api/v1/targets?limit=1", adminAuth);
            log("hub pid " + hub.pid() + " on " + hub.baseUrl + ", embedded MongoDB on 127.0.0.1:" + hub.mongoPort);
            metricsUri = URI.create(hub.baseUrl + "/api/agent/v1/metrics");
            int connections = Math.max(senders, clients);
            agentHttp = agentHttpClient(connections);
            double setupSeconds = setup();
            awaitProjections();
            PhaseStats raw = raw();
            // compile the hot path before measuring, with few clients so that the JIT compiler gets CPU (as in
            // the heartbeat benchmark: under 32 busy request threads on 2 cores it starves, PERFORMANCE.md)
            closedLoop("JIT warm-up", jitWarmupClients, jitWarmupSeconds);
            PhaseStats warmup = paced("warm-up", warmupSeconds);
            PhaseStats paced = paced("paced", pacedSeconds);
            // the series is timed while the hub serves what 10,000 targets need, as a user opening a chart would
            // find it — not in the backlog a saturation phase leaves behind
            PhaseStats[] series = seriesUnderPacedLoad();
            PhaseStats saturation = saturation();
            JsonNode alerts = call("GET", "/api/v1/alerts?state=all&limit=1000", adminAuth, null, 200);
            report(setupSeconds, raw, warmup, paced, saturation, series[0], series[1], alerts.get("items").size());
            return 0;
        } catch (Exception e) {
            System.err.println("metrics benchmark FAILED TO RUN: " + e);
            e.printStackTrace();
            if (hub != null) {
                System.err.println(Hub.failureReport(hub.log));
            }
            return 1;
        } finally {
            if (hub != null) {
                log("stopping the hub");
                hub.close();
            }
            if (agentHttp != null) {
                agentHttp.close(org.apache.hc.core5.io.CloseMode.IMMEDIATE);
            }
            executor.shutdownNow();
            if (dir != null) {
                deleteRecursively(dir);
                if (hub != null) {
                    try {
                        Files.deleteIfExists(hub.log);
                    } catch (IOException e) {
                        // best effort
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------- setup

    private double setup() throws Exception {
        log("registering " + targets + " targets, switching metrics on, logging agents in (" + setupConcurrency
                + " concurrent)…");
        ids = new String[targets];
        tokens = new String[targets];
        lastCollected = new AtomicLongArray(targets);
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(setupConcurrency, daemon("setup"));
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < setupConcurrency; w++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < targets; i = next.getAndIncrement()) {
                    JsonNode target = call("POST", "/api/v1/targets", adminAuth,
                            "{\"name\":\"bench-" + i + "\",\"type\":\"DOCKER\"}", 201);
                    ids[i] = target.get("id").asText();
                    call("PATCH", "/api/v1/targets/" + ids[i], adminAuth, "{\"metricsEnabled\":true}", 200);
                    String basic = "Basic " + Base64.getEncoder().encodeToString((ids[i] + ":"
                            + target.get("targetSecret").asText()).getBytes(StandardCharsets.UTF_8));
                    tokens[i] = call("POST", "/api/agent/v1/login", basic, "", 200).get("token").asText();
                    if ((i + 1) % 2000 == 0) {
                        log("  " + (i + 1) + " targets ready");
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        log(String.format(Locale.ROOT, "setup: %d targets in %.1f s", targets, seconds));
        return seconds;
    }

    /**
     * Measures a hub at work on samples, not one still projecting the setup's registrations (≈ 30,000 events
     * for 10,000 targets, a minute or more of CPU): waits until every projection has caught up, the slowest
     * stands where the furthest does (Axon's caught-up flag stays set once a processor first reached the head,
     * so it alone cannot tell that one is still working through a burst), and that position stayed put for 3 s.
     */
    private void awaitProjections() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        long last = Long.MIN_VALUE;
        int stable = 0;
        long t0 = System.nanoTime();
        while (stable < 3 && System.nanoTime() < deadline) {
            long position = -1;
            long slowest = Long.MAX_VALUE;
            boolean caughtUp = true;
            for (JsonNode p : call("GET", "/api/v1/admin/projections", adminAuth, null, 200)) {
                position = Math.max(position, p.path("position").asLong(-1));
                slowest = Math.min(slowest, p.path("position").asLong(-1));
                caughtUp &= p.path("caughtUp").asBoolean(false);
            }
            stable = caughtUp && slowest == position && position == last ? stable + 1 : 0;
            last = position;
            Thread.sleep(1000);
        }
        log(String.format(Locale.ROOT, "projections %s after %.1f s (position %d)", stable >= 3 ? "settled" : "NOT settled",
                (System.nanoTime() - t0) / 1e9, last));
    }

    /** A sample of target i: 3 disks; 1 % of targets have their first disk at 95 % (alerts fire). */
    private String sample(int i) {
        long now = System.currentTimeMillis();
        long at = lastCollected.accumulateAndGet(i, now, (last, n) -> Math.max(last + 1, n));
        double hot = i % 100 == 0 ? 0.95 : 0.40 + (i % 37) / 100.0;
        StringBuilder b = new StringBuilder(512).append("{\"collectedAt\":\"").append(Instant.ofEpochMilli(at))
                .append("\",\"cpuCores\":8,\"cpuUsage\":").append((i % 90) / 100.0)
                .append(",\"memoryBytes\":34359738368,\"memoryUsage\":").append(0.3 + (i % 50) / 100.0)
                .append(",\"disks\":[");
        String[][] disks = {{"/dev/vda1", "/", "ext4"}, {"/dev/vdb1", "/var/lib/docker", "xfs"},
                {"/dev/vdc1", "/data", "ext4"}};
        for (int d = 0; d < 3; d++) {
            double used = d == 0 ? hot : 0.2 + d * 0.1;
            b.append(d == 0 ? "" : ",").append("{\"device\":\"").append(disks[d][0]).append("\",\"mountPath\":\"")
                    .append(disks[d][1]).append("\",\"fsType\":\"").append(disks[d][2]).append("\",\"totalBytes\":")
                    .append(DISK_TOTAL).append(",\"usedBytes\":").append((long) (DISK_TOTAL * used)).append('}');
        }
        return b.append("]}").toString();
    }

    /** One sample of target i on the calling thread (every phase), its latency counted from {@code fromNanos}. */
    private void sendSample(int i, PhaseStats stats, long fromNanos) {
        postAsAgent(agentHttp, metricsUri, tokens[i], sample(i).getBytes(StandardCharsets.UTF_8), 202, stats, fromNanos);
    }

    // --------------------------------------------------------------------------------------- raw limit

    private PhaseStats raw() throws Exception {
        PhaseStats stats = new PhaseStats("raw insertOne", 0);
        log("raw limit: plain-driver insertOne of the same samples, " + clients + " threads, " + rawSeconds + " s…");
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + hub.mongoPort))
                .applyToConnectionPoolSettings(p -> p.maxSize(clients + 4)).build();
        try (MongoClient client = MongoClients.create(settings)) {
            MongoCollection<Document> collection = client.getDatabase("vigil").getCollection("bench_metrics_raw");
            AtomicLong counter = new AtomicLong();
            Cpu cpu = new Cpu();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(rawSeconds);
            stats.startNanos = System.nanoTime();
            threads(clients, () -> {
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        return;
                    }
                    int i = (int) (counter.getAndIncrement() % targets);
                    Document doc = Document.parse(sample(i)).append("targetId", ids[i]);
                    try {
                        collection.insertOne(doc);
                        stats.recordOk(t0, System.nanoTime());
                    } catch (RuntimeException e) {
                        stats.recordError(PhaseStats.rootCause(e), System.nanoTime());
                    }
                }
            });
            stats.endNanos = end;
            cpu.finish(stats);
            collection.drop();
        }
        log(String.format(Locale.ROOT, "raw: %.0f inserts/s, p99 %.2f ms", stats.achievedPerSecond(), stats.millis(99)));
        return stats;
    }

    // ---------------------------------------------------------------------------- paced and saturation

    /**
     * Open loop: sample k goes to target k mod N at start + k·interval/N, whatever the answers do. {@code senders}
     * threads share the schedule (wrk2's model, as the heartbeat benchmark): a free sender takes the next sample
     * and waits for its intended time; when all are busy it goes out late, and its latency still counts from the
     * intended time, so a hub that falls behind shows it.
     */
    private PhaseStats paced(String name, int seconds) throws Exception {
        return paced(name, seconds, new AtomicBoolean());
    }

    /** The paced open loop for {@code seconds}, or until {@code stop} is set. */
    private PhaseStats paced(String name, int seconds, AtomicBoolean stop) throws Exception {
        PhaseStats stats = new PhaseStats(name, 0);
        double perSecond = targets / (interval.toMillis() / 1000.0);
        log(String.format(Locale.ROOT, "%s: %.0f samples/s offered for %d s…", name, perSecond, seconds));
        AtomicLong next = new AtomicLong();
        Cpu cpu = new Cpu();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        stats.startNanos = start;
        long periodTimesN = interval.toNanos();
        threads(senders, () -> {
            while (true) {
                long k = next.getAndIncrement();
                long intended = start + k * periodTimesN / targets;
                if (intended >= end || stop.get()) {
                    return;
                }
                long now;
                while ((now = System.nanoTime()) < intended) {
                    LockSupport.parkNanos(intended - now);
                }
                sendSample((int) (k % targets), stats, intended);
            }
        });
        stats.endNanos = Math.min(end, System.nanoTime());
        cpu.finish(stats);
        log(String.format(Locale.ROOT, "%s: %.0f samples/s, p50 %.1f ms, p99 %.1f ms, errors %s", name,
                stats.achievedPerSecond(), stats.millis(50), stats.millis(99), stats.errorsByKind()));
        return stats;
    }

    private PhaseStats saturation() throws Exception {
        return closedLoop("saturation", clients, saturationSeconds);
    }

    /** {@code count} clients each sending the next sample as soon as the previous one was answered. */
    private PhaseStats closedLoop(String name, int count, int seconds) throws Exception {
        PhaseStats stats = new PhaseStats(name, 0);
        log(name + ": " + count + " closed-loop clients for " + seconds + " s…");
        AtomicLong counter = new AtomicLong();
        Cpu cpu = new Cpu();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        stats.startNanos = System.nanoTime();
        threads(count, () -> {
            while (System.nanoTime() < end) {
                int i = (int) (counter.getAndIncrement() % targets);
                sendSample(i, stats, System.nanoTime());
            }
        });
        stats.endNanos = end;
        cpu.finish(stats);
        log(String.format(Locale.ROOT, "%s: %.0f samples/s, p50 %.1f ms, p99 %.1f ms, errors %s", name,
                stats.achievedPerSecond(), stats.millis(50), stats.millis(99), stats.errorsByKind()));
        return stats;
    }

    // ------------------------------------------------------------------------------------------ series

    /**
     * Seeds 31 days of 5-minute roll-ups (3 disks) for a few targets in the hub's layout ({@code <target>:d:<day>})
     * and asks the hub for their 30-day series twice: first with the days nested as the write-behind buffer
     * leaves them ({@code points.<slot>} with n, cs/cx, ms/mx and per-device s/x/n; a tenth of the queries,
     * at least 5, for comparison), then packed as the hub's compaction leaves closed days ({@code packed}, one
     * binary value written with the hub's own {@link RollupDay} codec) — the form the goal is about.
     */
    private PhaseStats[] series() throws Exception {
        int n = Math.min(seriesTargets, targets);
        long today = Math.floorDiv(Instant.now().getEpochSecond(), 86400);
        seedSeries(n, today, false);
        PhaseStats nested = seriesQueries("30-day series nested", n, today, Math.max(5, seriesQueries / 10));
        seedSeries(n, today, true);
        seriesQueries("series warm-up (not a figure)", n, today, seriesWarmup);
        PhaseStats packed = seriesQueries("30-day series", n, today, seriesQueries);
        return new PhaseStats[] {nested, packed};
    }

    /** {@link #series()} while the paced open loop keeps offering the samples the targets need. */
    private PhaseStats[] seriesUnderPacedLoad() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService background = Executors.newSingleThreadExecutor(daemon("series-load"));
        try {
            Future<PhaseStats> load = background.submit(() -> paced("load beside the series", 3600, stop));
            PhaseStats[] series = series();
            stop.set(true);
            PhaseStats beside = load.get();
            if (beside.errorCount() > 0) {
                throw new IllegalStateException("the samples beside the series failed: " + beside.errorsByKind());
            }
            return series;
        } finally {
            stop.set(true);
            background.shutdown();
        }
    }

    private void seedSeries(int n, long today, boolean packed) {
        log("series: seeding 31 days of 5-minute roll-ups for " + n + " targets, " + (packed ? "packed" : "nested")
                + "…");
        String[] devices = {"/dev/vda1", "/dev/vdb1", "/dev/vdc1"};
        RollupDay values = new RollupDay();
        for (int slot = 0; slot < RollupDay.SLOTS; slot++) {
            values.addSlot(slot, 10, 300.0, 60.0, 500.0, 55.0);
            for (String device : devices) {
                values.addDisk(key(device), slot, 10, 400.0 + slot % 50, 45.0 + slot % 50);
            }
        }
        Binary bytes = new Binary(values.encode());
        Document points = new Document();
        for (int slot = 0; slot < RollupDay.SLOTS; slot++) {
            Document d = new Document();
            for (String device : devices) {
                RollupDay.Disk disk = values.disk(key(device));
                d.append(key(device), new Document("n", disk.count(slot)).append("s", disk.sum(slot))
                        .append("x", disk.max(slot)));
            }
            points.append(String.valueOf(slot), new Document("n", values.count(slot)).append("cs", values.cpuSum(slot))
                    .append("cx", values.cpuMax(slot)).append("ms", values.memorySum(slot))
                    .append("mx", values.memoryMax(slot)).append("d", d));
        }
        Document info = new Document();
        for (String device : devices) {
            info.append(key(device), new Document("device", device).append("mountPath", "/m" + device.charAt(7))
                    .append("fsType", "ext4"));
        }
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + hub.mongoPort)) {
            MongoCollection<Document> rollup = client.getDatabase("vigil").getCollection("metric_rollup");
            for (int t = 0; t < n; t++) {
                for (long day = today - 31; day < today; day++) {
                    Document doc = new Document("_id", ids[t] + ":d:" + day).append("targetId", ids[t])
                            .append("day", day).append("devices", info).append("rev", 1L)
                            .append(packed ? "packed" : "points", packed ? bytes : points);
                    // the stream may have written today's and yesterday's already
                    rollup.replaceOne(new Document("_id", doc.getString("_id")), doc,
                            new com.mongodb.client.model.ReplaceOptions().upsert(true));
                }
            }
        }
    }

    private PhaseStats seriesQueries(String name, int n, long today, int queries) throws Exception {
        PhaseStats stats = new PhaseStats(name, 0);
        log("series: " + queries + " queries of 30 days (one client), " + name + "…");
        Instant to = Instant.ofEpochSecond(today * 86400);
        Instant from = to.minus(Duration.ofDays(30));
        stats.startNanos = System.nanoTime();
        int points = 0;
        for (int q = 0; q < queries; q++) {
            long t0 = System.nanoTime();
            JsonNode answer = call("GET", "/api/v1/targets/" + ids[q % n] + "/metrics?from=" + from + "&to=" + to,
                    adminAuth, null, 200);
            stats.recordOk(t0, System.nanoTime());
            points = answer.get("cpu").size();
            if (!"rollup".equals(answer.get("source").asText()) || answer.get("disks").size() != 3) {
                throw new IllegalStateException("unexpected series answer: " + answer.toString().substring(0, 200));
            }
        }
        stats.endNanos = System.nanoTime();
        log(String.format(Locale.ROOT, "series (%s): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (%d points per series)",
                name, stats.millis(50), stats.millis(95), stats.millis(99), points));
        return stats;
    }

    private static String key(String device) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(device.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------ report

    private void report(double setupSeconds, PhaseStats raw, PhaseStats warmup, PhaseStats paced,
                        PhaseStats saturation, PhaseStats nested, PhaseStats series, int alerts) throws IOException {
        double needed = targets / (interval.toMillis() / 1000.0);
        System.out.println();
        System.out.printf(Locale.ROOT, "Metrics ingestion: %d targets × 3 disks every %d s (%.0f samples/s needed), "
                + "alert evaluation on%n%n", targets, interval.toSeconds(), needed);
        System.out.println("| phase | samples/s | p50 ms | p95 ms | p99 ms | errors | hub / bench / other cores |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (PhaseStats s : List.of(warmup, paced, saturation, raw)) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.1f | %.1f | %d | %.2f / %.2f / %.2f |%n", s.name,
                    s.achievedPerSecond(), s.millis(50), s.millis(95), s.millis(99), s.errorCount(), s.hubCores,
                    s.benchCores, s.otherCores);
        }
        for (PhaseStats s : List.of(nested, series)) {
            System.out.printf(Locale.ROOT, "| %s | %d queries | %.1f | %.1f | %.1f | %d | |%n", s.name,
                    s.ok.sum(), s.millis(50), s.millis(95), s.millis(99), s.errorCount());
        }
        double ratio = saturation.achievedPerSecond() / raw.achievedPerSecond();
        boolean rate = saturation.achievedPerSecond() >= 2000;
        boolean seriesOk = series.millis(95) <= 100;
        System.out.println();
        System.out.printf(Locale.ROOT, "goal ≥ 2,000 samples/s sustained: %s (%.0f/s at saturation; paced %.0f/s of %.0f offered)%n",
                rate ? "PASS" : "MISS", saturation.achievedPerSecond(), paced.achievedPerSecond(), needed);
        System.out.printf(Locale.ROOT, "saturation ÷ raw insertOne: %.2f×; paced p99 %.1f ms%n", ratio, paced.millis(99));
        System.out.printf(Locale.ROOT, "goal 30-day series p95 ≤ 100 ms: %s (%.1f ms; closed days packed as the hub "
                + "compacts them, beside the paced load; nested as written: %.1f ms)%n", seriesOk ? "PASS" : "MISS", series.millis(95),
                nested.millis(95));
        System.out.printf(Locale.ROOT, "alerts fired during the run: %d (1 %% of targets run a disk at 95 %%)%n", alerts);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "metrics");
        json.put("targets", targets);
        json.put("intervalSeconds", interval.toSeconds());
        json.put("setupSeconds", round(setupSeconds));
        for (PhaseStats s : List.of(warmup, paced, saturation, raw, nested, series)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("perSecond", round(s.achievedPerSecond()));
            p.put("p50Ms", round(s.millis(50)));
            p.put("p95Ms", round(s.millis(95)));
            p.put("p99Ms", round(s.millis(99)));
            p.put("errors", s.errorCount());
            p.put("hubCores", round(s.hubCores));
            p.put("benchCores", round(s.benchCores));
            p.put("otherCores", round(s.otherCores));
            json.put(s.name.replace(' ', '-'), p);
        }
        json.put("saturationOverRaw", round(ratio));
        json.put("alertsFired", alerts);
        System.out.println("BENCH_JSON " + JSON.writeValueAsString(json));
    }

    private static double round(double v) {
        return Double.isNaN(v) ? -1 : Math.round(v * 100) / 100.0;
    }

    // ----------------------------------------------------------------------------------------- helpers

    private JsonNode call(String method, String path, String auth, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.baseUrl + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", auth);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode()
                    + " (expected " + expected + "): " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void threads(int count, Body body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count, daemon("load"));
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(() -> {
                body.run();
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** CPU used by the hub, this process and everything else over a phase. */
    private final class Cpu {
        final long wall = System.nanoTime();
        final Duration hubCpu = hub.cpu();
        final Duration selfCpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        final double machine = machineBusySeconds();

        void finish(PhaseStats stats) {
            double seconds = (System.nanoTime() - wall) / 1e9;
            stats.hubCores = (hub.cpu().minus(hubCpu).toNanos() / 1e9) / seconds;
            stats.benchCores = (ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO)
                    .minus(selfCpu).toNanos() / 1e9) / seconds;
            stats.otherCores = Math.max(0, (machineBusySeconds() - machine) / seconds - stats.hubCores - stats.benchCores);
        }
    }

    private static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }



    static void log(String message) {
        System.out.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - START) / 1e9, message);
    }
}
