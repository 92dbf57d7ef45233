package io.vigil.bench;

import static io.vigil.bench.BenchSupport.agentHttpClient;
import static io.vigil.bench.BenchSupport.basic;
import static io.vigil.bench.BenchSupport.daemon;
import static io.vigil.bench.BenchSupport.deleteRecursively;
import static io.vigil.bench.BenchSupport.postAsAgent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;
import org.bson.Document;
import org.bson.conversions.Bson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

/**
 * Heartbeats over real HTTP from simulated agents against a real hub process (issue "spine"; results in
 * docs/PERFORMANCE.md). Phases, in this order:
 * <ol>
 * <li>setup: start {@code vigil.jar} on free ports in a temp data dir; register N targets with 2 deployments
 * each and log every agent in (all over HTTP);</li>
 * <li>raw limit: one presence upsert per heartbeat — the same update the hub stores for a heartbeat
 * ({@code updateOne} by {@code _id}, upsert, {@code $max} of the target's and both deployments' times, the
 * same flat fields), one call each with the plain MongoDB driver against the hub's own embedded server, into
 * the scratch collection {@code bench_presence_raw}, C threads, closed loop — while the hub is idle (before any
 * heartbeat, so no target can go stale meanwhile);</li>
 * <li>one continuous open-loop heartbeat stream: every target every interval (N / interval per second
 * offered), latency measured from each request's <em>intended</em> send time (no coordinated omission).
 * Before it, a closed-loop JIT warm-up (not measured). Windows on the stream: warm-up (first contact turns
 * into events; extended until the projections settle and any backlog has drained, at most 60 s more), the
 * paced steady-state window, then the churn window (a share of heartbeats flips a deployment status);</li>
 * <li>saturation: C closed-loop clients as fast as the hub answers.</li>
 * </ol>
 * Events stored are read as the projections' global position ({@code GET /api/v1/admin/projections}).
 */
public final class HeartbeatBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "bench-admin-password";
    private static final String AGENT_VERSION = "1.0.0";
    private static final long START = System.nanoTime();
    private static final String HEARTBEAT_PATH = "/api/agent/v1/heartbeat";

    // configuration
    private final int targets;
    private final Duration interval;
    private final int warmupSeconds;
    private final int pacedSeconds;
    private final int churnSeconds;
    private final double churnShare;
    private final int saturationSeconds;
    private final int jitWarmupSeconds;
    private final int jitWarmupClients;
    private final int clients;
    private final int rawSeconds;
    private final int rawWarmupSeconds;
    private final int setupConcurrency;
    private final int senders;
    private final int settleTimeoutSeconds;
    private final Path hubJar;
    private final List<String> hubJvmOptions;
    private final List<String> hubArgs;
    private final boolean keepData;
    private final Path jsonOut;
    private final Options options;

    private volatile Hub hub;
    private volatile boolean unsettled;
    private HttpClient http;
    private CloseableHttpClient agentHttp;
    private URI heartbeatUri;
    private ExecutorService httpExecutor;
    private Agent[] agents;
    private String adminAuth;

    private HeartbeatBenchmark(Options o) {
        this.options = o;
        this.targets = o.integer("targets", 10_000);
        this.interval = Duration.ofMillis(Math.round(o.decimal("interval", 5) * 1000));
        this.warmupSeconds = o.integer("warmup", 20);
        this.pacedSeconds = o.integer("duration", 60);
        this.churnSeconds = o.integer("churn-duration", 20);
        this.churnShare = o.decimal("churn-percent", 1) / 100.0;
        this.saturationSeconds = o.integer("saturation-duration", 30);
        this.jitWarmupSeconds = o.integer("jit-warmup", 60);
        this.jitWarmupClients = o.integer("jit-warmup-clients", 2);
        this.clients = o.integer("clients", 32);
        this.rawSeconds = o.integer("raw-duration", saturationSeconds);
        this.rawWarmupSeconds = o.integer("raw-warmup", 5);
        this.setupConcurrency = o.integer("setup-concurrency", 8);
        this.senders = o.integer("senders", 128);
        this.settleTimeoutSeconds = o.integer("settle-timeout", 300);
        this.hubJar = Path.of(o.string("hub-jar", "ui/target/vigil.jar"));
        this.hubJvmOptions = words(o.string("hub-jvm-opts", ""));
        this.hubArgs = new ArrayList<>(List.of("--vigil.agent.token-ttl=2h",
                "--vigil.status.stale-after=" + o.string("stale-after", "15m")));
        this.hubArgs.addAll(words(o.string("hub-args", "")));
        this.keepData = o.flag("keep-data");
        String out = o.string("json-out", "");
        this.jsonOut = out.isBlank() ? null : Path.of(out);
        o.rejectUnknown();
    }

    public static void main(String[] args) {
        int code;
        try {
            code = new HeartbeatBenchmark(new Options(args)).run();
        } catch (IllegalArgumentException e) {
            System.err.println("heartbeat benchmark: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    /** One simulated agent: a target with two deployments, its token, and what it reports. */
    private static final class Agent {
        final int index;
        String targetId;
        String secret;
        final String[] deploymentIds = new String[2];
        final String[] revisionIds = new String[2];
        final boolean[] running = new boolean[2];
        volatile byte[] heartbeatBody;
        String token;

        Agent(int index) {
            this.index = index;
        }
    }

    private int run() {
        Path dataDir = null;
        try {
            printConfiguration();
            dataDir = Files.createTempDirectory("vigil-bench-");
            Path dir = dataDir;
            if (!keepData) {
                // interrupted (Ctrl-C, kill): Hub's own hook stops the hub; then remove what it left behind
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    if (hub != null) {
                        try {
                            hub.process.waitFor(75, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    deleteRecursively(dir);
                }, "bench-cleanup"));
            }
            httpExecutor = Executors.newFixedThreadPool(4, daemon("http"));
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).executor(httpExecutor).build();
            adminAuth = basic("admin", ADMIN_PASSWORD);

            log("starting the hub: " + hubJar + " (data in " + dataDir.resolve("data") + ")");
            long t0 = System.nanoTime();
            hub = Hub.start(hubJar, hubJvmOptions, dataDir.resolve("data"), ADMIN_PASSWORD, hubArgs, Duration.ofMinutes(5),
                    "/api/v1/admin/projections", adminAuth);
            log(String.format(Locale.ROOT, "hub pid %d healthy on %s after %.1f s; embedded MongoDB on 127.0.0.1:%d; log %s",
                    hub.pid(), hub.baseUrl, (System.nanoTime() - t0) / 1e9, hub.mongoPort, hub.log));

            heartbeatUri = URI.create(hub.baseUrl + HEARTBEAT_PATH);
            int connections = Math.max(Math.max(senders, clients), setupConcurrency);
            agentHttp = agentHttpClient(connections);

            if (hub.healthWarning != null) {
                log("WARNING: " + hub.healthWarning);
            }
            Result result = new Result();
            result.setup = setup();
            // the projections first catch up with the registrations, so that the raw phase runs on an idle hub
            result.eventsRegistered = settle(null, null, 2);
            result.raw = raw();
            firstContact(result);
            // a cold JVM falls behind an open loop in its first seconds and then works through a backlog for the
            // rest of the run: compile the hot path first (not measured). Few clients, so that the JIT compiler's
            // threads get CPU: under 32 closed-loop clients the request threads starve them on 2 cores, the
            // hot path stays in its first-tier code for minutes and the hub runs at half speed (PERFORMANCE.md)
            closedLoop("JIT warm-up", jitWarmupClients, jitWarmupSeconds);
            runStream(result);
            result.saturation = saturation();
            report(result);
            return 0;
        } catch (Exception e) {
            System.err.println("heartbeat benchmark FAILED TO RUN: " + e);
            e.printStackTrace();
            if (hub != null) {
                System.err.println("hub errors (" + hub.log + "), first:\n" + Hub.errors(hub.log, 5));
                System.err.println(Hub.failureReport(hub.log));
            }
            return 1;
        } finally {
            if (hub != null) {
                log("stopping the hub");
                hub.close();
            }
            if (httpExecutor != null) {
                httpExecutor.shutdownNow();
            }
            if (agentHttp != null) {
                agentHttp.close(CloseMode.IMMEDIATE);
            }
            if (dataDir != null) {
                if (keepData) {
                    log("kept the data dir and hub log under " + dataDir);
                } else {
                    deleteRecursively(dataDir);
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
    }

    // ---------------------------------------------------------------------------------------------- setup

    private record SetupResult(double seconds, int targets) {}

    private SetupResult setup() throws Exception {
        log("registering " + targets + " targets × 2 deployments and logging every agent in ("
                + setupConcurrency + " concurrent)…");
        agents = new Agent[targets];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(setupConcurrency, daemon("setup"));
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < setupConcurrency; w++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < targets; i = next.getAndIncrement()) {
                    agents[i] = register(i);
                    int d = done.incrementAndGet();
                    if (d % 2000 == 0) {
                        log(String.format(Locale.ROOT, "  %d/%d agents ready (%.0f/s)", d, targets,
                                d / ((System.nanoTime() - t0) / 1e9)));
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
        log(String.format(Locale.ROOT, "setup done: %d agents in %.1f s (%.0f targets/s; 4 HTTP calls each)",
                targets, seconds, targets / seconds));
        return new SetupResult(seconds, targets);
    }

    private Agent register(int i) throws IOException, InterruptedException {
        Agent a = new Agent(i);
        JsonNode target = call("POST", "/api/v1/targets", adminAuth,
                "{\"name\":\"bench-" + i + "\",\"type\":\"DOCKER\"}", 201);
        a.targetId = target.get("id").asText();
        a.secret = target.get("targetSecret").asText();
        for (int d = 0; d < 2; d++) {
            JsonNode dep = call("POST", "/api/v1/targets/" + a.targetId + "/deployments", adminAuth,
                    "{\"application\":\"app-" + (d == 0 ? "a" : "b") + "\",\"version\":\"1.0." + d + "\"}", 201);
            a.deploymentIds[d] = dep.get("id").asText();
            a.revisionIds[d] = dep.get("revisionId").asText();
        }
        JsonNode login = call("POST", "/api/agent/v1/login", basic(a.targetId, a.secret), "", 200);
        a.token = login.get("token").asText();
        prepareHeartbeat(a);
        return a;
    }

    /** One heartbeat on the calling thread (every phase), its latency counted from {@code fromNanos}. */
    private void sendHeartbeat(Agent a, PhaseStats stats, long fromNanos) {
        postAsAgent(agentHttp, heartbeatUri, a.token, a.heartbeatBody, 200, stats, fromNanos);
    }

    /** The agent's heartbeat body as it stands (its deployments' statuses). */
    private void prepareHeartbeat(Agent a) {
        StringBuilder body = new StringBuilder(320).append("{\"agentVersion\":\"").append(AGENT_VERSION)
                .append("\",\"deployments\":[");
        for (int d = 0; d < 2; d++) {
            body.append(d == 0 ? "" : ",").append("{\"deploymentId\":\"").append(a.deploymentIds[d])
                    .append("\",\"revisionId\":\"").append(a.revisionIds[d])
                    .append("\",\"status\":\"").append(a.running[d] ? "RUNNING" : "HEALTHY")
                    .append("\",\"message\":\"").append(a.running[d] ? "2 running" : "2 healthy").append("\"}");
        }
        body.append("]}");
        a.heartbeatBody = body.toString().getBytes(StandardCharsets.UTF_8);
    }

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

    // ------------------------------------------------------------------------------------------ raw limit

    private PhaseStats raw() throws Exception {
        PhaseStats stats = new PhaseStats("raw upserts", 0);
        log(String.format(Locale.ROOT, "raw limit: one presence updateOne(upsert) per heartbeat with the plain driver, "
                + "%d threads, %d s warm-up + %d s…", clients, rawWarmupSeconds, rawSeconds));
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + hub.mongoPort))
                .applyToConnectionPoolSettings(p -> p.maxSize(clients + 4))
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            MongoCollection<Document> collection = client.getDatabase("vigil").getCollection("bench_presence_raw");
            UpdateOptions upsert = new UpdateOptions().upsert(true);
            AtomicLong counter = new AtomicLong();
            Runnable[] phase = new Runnable[1];
            for (int round = 0; round < 2; round++) {
                boolean measured = round == 1;
                long duration = TimeUnit.SECONDS.toNanos(measured ? rawSeconds : rawWarmupSeconds);
                CpuMark cpu = new CpuMark();
                long start = System.nanoTime();
                long end = start + duration;
                stats.startNanos = start;
                phase[0] = () -> {
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            return;
                        }
                        Agent a = agents[(int) (counter.getAndIncrement() % targets)];
                        Date now = new Date();
                        // what the hub's presence flush stores for one heartbeat (PresenceStore.seenUpdates)
                        Bson update = Updates.combine(Updates.max("lastSeen", now),
                                Updates.max("lastSeen:" + a.deploymentIds[0], now),
                                Updates.max("lastSeen:" + a.deploymentIds[1], now));
                        try {
                            collection.updateOne(Filters.eq("_id", a.targetId), update, upsert);
                            if (measured) {
                                stats.recordOk(t0, System.nanoTime());
                            }
                        } catch (RuntimeException e) {
                            if (measured) {
                                stats.recordError(PhaseStats.rootCause(e), System.nanoTime());
                            }
                        }
                    }
                };
                runThreads("raw", clients, phase[0]);
                stats.endNanos = end;
                if (measured) {
                    cpu.finish(stats);
                }
            }
            collection.drop();
        }
        log(String.format(Locale.ROOT, "raw: %.0f upserts/s, p50 %.2f ms, p99 %.2f ms, errors %d",
                stats.achievedPerSecond(), stats.millis(50), stats.millis(99), stats.errorCount()));
        return stats;
    }

    // ------------------------------------------------------------------------------------ first contact

    /**
     * Every agent's first heartbeat, closed loop with the setup concurrency: this is what turns into events
     * (the target connects, each deployment gets its first status), kept apart from the paced measurement.
     */
    private void firstContact(Result result) throws Exception {
        PhaseStats stats = new PhaseStats("first contact", 0);
        log("first contact: one heartbeat per agent (" + setupConcurrency + " concurrent), then let the projections settle…");
        AtomicInteger next = new AtomicInteger();
        CpuMark cpu = new CpuMark();
        stats.startNanos = System.nanoTime();
        runThreads("first-contact", setupConcurrency, () -> {
            for (int i = next.getAndIncrement(); i < targets; i = next.getAndIncrement()) {
                long t0 = System.nanoTime();
                sendHeartbeat(agents[i], stats, t0);
            }
        });
        stats.endNanos = System.nanoTime();
        cpu.finish(stats);
        result.firstContact = stats;
        log(String.format(Locale.ROOT, "first contact: %d heartbeats in %.1f s (%.0f/s), p50 %.1f ms, p99 %.1f ms, errors %d",
                stats.ok.sum(), stats.windowSeconds(), stats.achievedPerSecond(), stats.millis(50), stats.millis(99),
                stats.errorCount()));
        result.eventsAfterFirstContact = settle(null, null, 3);
        log("events stored: " + result.eventsRegistered + " after registration, " + result.eventsAfterFirstContact
                + " after first contact");
    }

    // -------------------------------------------------------------------------------- open-loop stream

    /**
     * Sends heartbeat k (target k mod N) at start + k × interval / N, whatever the answers do (open loop). The
     * sends are spread over {@code senders} threads, each sending on its own thread over a pooled keep-alive
     * connection (Apache HttpClient's classic, blocking API): a free sender takes the next heartbeat of the
     * schedule and waits for its intended time (wrk2's model). When every sender is busy the next heartbeat
     * goes out late, and its latency still counts from its intended send time, so a hub that falls behind
     * shows the backlog as latency (no coordinated omission) and a lower achieved rate. Why not the JDK client's
     * asynchronous sends: the load generator shares this 2-core machine with the hub, and those cost it
     * ≈ 0.35 ms of CPU per heartbeat over up to 1,000 connections (PERFORMANCE.md, "The load generator").
     * Measurement windows are switched by the main thread; a request belongs to the window in which it was
     * actually sent.
     */
    private final class HeartbeatStream {
        private final AtomicLong next = new AtomicLong();
        private final AtomicInteger busy = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stop;
        private volatile PhaseStats current;
        private volatile long lagNanos;
        private long start;

        HeartbeatStream(PhaseStats first) {
            this.current = first;
        }

        /** From now on, heartbeats sent belong to {@code next} (latency still counts from the intended time). */
        void switchTo(PhaseStats next) {
            long now = System.nanoTime();
            current.endNanos = now;
            next.startNanos = now;
            current = next;
        }

        int inFlight() {
            return busy.get();
        }

        void start() {
            start = System.nanoTime();
            current.startNanos = start;
            for (int i = 0; i < senders; i++) {
                Thread t = new Thread(this::send, "heartbeat-sender-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private void send() {
            long periodTimesN = interval.toNanos();
            while (!stop) {
                long k = next.getAndIncrement();
                long intended = start + k * periodTimesN / targets;
                long now;
                while ((now = System.nanoTime()) < intended) {
                    LockSupport.parkNanos(intended - now);
                }
                lagNanos = now - intended;
                PhaseStats stats = current;
                Agent a = agents[(int) (k % targets)];
                if (stats.churn > 0 && ThreadLocalRandom.current().nextDouble() < stats.churn) {
                    int d = ThreadLocalRandom.current().nextInt(2);
                    a.running[d] = !a.running[d];
                    prepareHeartbeat(a);
                    stats.changes.increment();
                }
                busy.incrementAndGet();
                stats.sent.increment();
                sendHeartbeat(a, stats, intended);
                busy.decrementAndGet();
            }
        }

        void stopAndDrain() throws InterruptedException {
            stop = true;
            current.endNanos = System.nanoTime();
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(120));
                if (t.isAlive()) {
                    throw new IllegalStateException("heartbeats still unanswered 120 s after the stream stopped");
                }
            }
        }
    }

    private void runStream(Result result) throws Exception {
        PhaseStats warmup = new PhaseStats("warm-up", 0);
        HeartbeatStream stream = new HeartbeatStream(warmup);
        double offered = targets / (interval.toNanos() / 1e9);
        log(String.format(Locale.ROOT, "open-loop stream: every target every %.1f s = %.0f heartbeats/s offered; "
                + "warm-up ≥ %d s, then until the projections settle…", interval.toNanos() / 1e9, offered, warmupSeconds));
        CpuMark warmCpu = new CpuMark();
        stream.start();
        try {
            sleepWatching(stream, warmup, warmupSeconds);
            long before = settle(stream, warmup, 2);
            // the window starts on a hub that keeps up: a backlog left from the warm-up (if any) drains first,
            // for at most 60 s — a hub that cannot sustain the rate never drains it, and the window shows that
            for (int i = 0; i < 60 && stream.lagNanos > TimeUnit.MILLISECONDS.toNanos(100); i++) {
                sleepWatching(stream, warmup, 1);
            }
            PhaseStats paced = new PhaseStats("paced (steady)", 0);
            stream.switchTo(paced);
            warmCpu.finish(warmup);
            CpuMark pacedCpu = new CpuMark();
            result.warmup = warmup;
            result.eventsAfterWarmup = before;
            log(String.format(Locale.ROOT, "warm-up: %d heartbeats, %.0f/s, p50 %.1f ms, p99 %.1f ms, errors %d; "
                            + "%d events stored before the paced window", warmup.ok.sum(), warmup.achievedPerSecond(), warmup.millis(50),
                    warmup.millis(99), warmup.errorCount(), before));

            log("paced steady-state window: " + pacedSeconds + " s…");
            sleepWatching(stream, paced, pacedSeconds);
            // a steady gap (no churn) to read the event count at rest; its events, if any, count as steady
            PhaseStats gap = new PhaseStats("gap", 0);
            stream.switchTo(gap);
            pacedCpu.finish(paced);
            awaitAnswered(paced);
            long afterPaced = settle(stream, gap, 2);
            result.paced = paced;
            result.eventsSteady = afterPaced - before;
            log(String.format(Locale.ROOT, "paced: %.0f/s achieved of %.0f offered, p50 %.1f ms, p99 %.1f ms, max %.1f ms, "
                            + "errors %d; %d events stored in the window", paced.achievedPerSecond(), offered,
                    paced.millis(50), paced.millis(99), paced.maxMillis(), paced.errorCount(), result.eventsSteady));

            PhaseStats churn = new PhaseStats(String.format(Locale.ROOT, "paced (churn %.3g%%)", churnShare * 100),
                    churnShare);
            log(String.format(Locale.ROOT, "churn window: %d s, %.3g%% of heartbeats flip a deployment status…",
                    churnSeconds, churnShare * 100));
            stream.switchTo(churn);
            CpuMark churnCpu = new CpuMark();
            sleepWatching(stream, churn, churnSeconds);
            PhaseStats tail = new PhaseStats("tail", 0);
            stream.switchTo(tail);
            churnCpu.finish(churn);
            awaitAnswered(churn);
            long afterChurn = settle(stream, tail, 2);
            result.churn = churn;
            result.eventsChurn = afterChurn - afterPaced;
            log(String.format(Locale.ROOT, "churn: %.0f/s, p50 %.1f ms, p99 %.1f ms, errors %d; %d status changes sent, "
                            + "%d events stored", churn.achievedPerSecond(), churn.millis(50), churn.millis(99),
                    churn.errorCount(), churn.changes.sum(), result.eventsChurn));
        } finally {
            stream.stopAndDrain();
        }
    }

    /** Sleeps through a window, logging progress every 10 s. */
    private void sleepWatching(HeartbeatStream stream, PhaseStats stats, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (end - System.nanoTime() > 1_000_000) {
            Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime() + 999_999) / 1_000_000)));
            double elapsed = (System.nanoTime() - stats.startNanos) / 1e9;
            log(String.format(Locale.ROOT, "  %s: %.0f s, %d answered, %d in flight, sender lag %.1f ms, errors %d",
                    stats.name, elapsed, stats.completed.sum(), stream.inFlight(),
                    stream.lagNanos / 1e6, stats.errorCount()));
        }
    }

    private void awaitAnswered(PhaseStats stats) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (stats.completed.sum() < stats.sent.sum() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Waits until the projections' position stops moving (events all stored and projected). */
    private long settle(HeartbeatStream stream, PhaseStats running, int stableSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settleTimeoutSeconds);
        long last = Long.MIN_VALUE;
        int stable = 0;
        long lastLog = System.nanoTime();
        while (true) {
            Positions p = positions();
            if (p.position == last && p.done()) {
                if (++stable >= stableSeconds) {
                    return p.position;
                }
            } else {
                stable = 0;
            }
            last = p.position;
            if (System.nanoTime() > deadline) {
                log("WARNING: the projections did not settle within " + settleTimeoutSeconds + " s (position "
                        + p.position + "); going on — event counts from here include the unsettled backlog");
                unsettled = true;
                return p.position;
            }
            if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(10)) {
                lastLog = System.nanoTime();
                log(String.format(Locale.ROOT, "  waiting for the projections to settle: position %d, slowest %d, %s%s", p.position,
                        p.slowest, p.caughtUp ? "caught up" : "catching up", stream == null ? "" : String.format(Locale.ROOT,
                                "; stream %d in flight, sender lag %.1f s, %s errors %d",
                                stream.inFlight(), stream.lagNanos / 1e9, running.name,
                                running.errorCount())));
            }
            Thread.sleep(1000);
        }
    }

    /**
     * The furthest and the least advanced event processor. Every processor reads every event, so all stand at
     * the same position once the work is done; Axon's "caught up" alone is set the first time a processor
     * reaches the head and stays set, so it cannot tell that one processor is still working through a burst.
     */
    private record Positions(long position, long slowest, boolean caughtUp) {
        boolean done() {
            return caughtUp && slowest == position;
        }
    }

    private Positions positions() throws IOException, InterruptedException {
        JsonNode list = call("GET", "/api/v1/admin/projections", adminAuth, null, 200);
        long position = -1;
        long slowest = Long.MAX_VALUE;
        boolean caughtUp = true;
        for (JsonNode p : list) {
            if (p.hasNonNull("position")) {
                position = Math.max(position, p.get("position").asLong());
                slowest = Math.min(slowest, p.get("position").asLong());
            }
            caughtUp &= p.path("caughtUp").asBoolean(false);
        }
        return new Positions(position, slowest == Long.MAX_VALUE ? position : slowest, caughtUp);
    }

    // ---------------------------------------------------------------------------------------- saturation

    private PhaseStats saturation() throws Exception {
        return closedLoop("saturation", clients, saturationSeconds);
    }

    private PhaseStats closedLoop(String name, int clients, int seconds) throws Exception {
        PhaseStats stats = new PhaseStats(name, 0);
        log(name + ": " + clients + " closed-loop clients for " + seconds + " s…");
        AtomicLong counter = new AtomicLong();
        CpuMark cpu = new CpuMark();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        stats.startNanos = start;
        runThreads("saturation", clients, () -> {
            while (true) {
                long t0 = System.nanoTime();
                if (t0 >= end) {
                    return;
                }
                Agent a = agents[(int) (counter.getAndIncrement() % targets)];
                sendHeartbeat(a, stats, t0);
            }
        });
        stats.endNanos = end;
        cpu.finish(stats);
        log(String.format(Locale.ROOT, name + ": %.0f heartbeats/s, p50 %.1f ms, p99 %.1f ms, errors %d",
                stats.achievedPerSecond(), stats.millis(50), stats.millis(99), stats.errorCount()));
        return stats;
    }

    private static void runThreads(String name, int count, Runnable body) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(body, name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    // ------------------------------------------------------------------------------------------- report

    private static final class Result {
        SetupResult setup;
        PhaseStats raw;
        PhaseStats warmup;
        PhaseStats paced;
        PhaseStats churn;
        PhaseStats saturation;
        PhaseStats firstContact;
        long eventsRegistered;
        long eventsAfterFirstContact;
        long eventsAfterWarmup;
        long eventsSteady;
        long eventsChurn;
        final String loadAtStart = loadAverage();
    }

    /** CPU used by the hub and by this benchmark process over a window, stored as cores busy on average. */
    private final class CpuMark {
        final long wall = System.nanoTime();
        final Duration hubCpu = hub.cpu();
        final Duration selfCpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);

        final double machineCpu = machineBusySeconds();

        void finish(PhaseStats stats) {
            double seconds = (System.nanoTime() - wall) / 1e9;
            stats.hubCores = (hub.cpu().minus(hubCpu).toNanos() / 1e9) / seconds;
            stats.benchCores = (ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO)
                    .minus(selfCpu).toNanos() / 1e9) / seconds;
            double machine = (machineBusySeconds() - machineCpu) / seconds;
            stats.otherCores = Math.max(0, machine - stats.hubCores - stats.benchCores);
        }
    }

    /** Busy CPU seconds of the whole machine since boot (/proc/stat; NaN elsewhere). */
    private static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / 100.0; // USER_HZ
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private void report(Result r) throws IOException {
        double offered = targets / (interval.toNanos() / 1e9);
        double intervalSeconds = interval.toNanos() / 1e9;
        double steadyPerDay = r.eventsSteady / (double) targets / r.paced.windowSeconds() * 86_400;
        double churnPerDay = r.eventsChurn / (double) targets / r.churn.windowSeconds() * 86_400;
        double ratio = r.saturation.achievedPerSecond() / r.raw.achievedPerSecond();

        boolean pacedKeptUp = r.paced.achievedPerSecond() >= 0.99 * offered && r.paced.errorCount() == 0;
        boolean throughput = r.saturation.achievedPerSecond() >= 2000 && pacedKeptUp;
        boolean latency = r.paced.millis(99) <= 100;
        boolean rawRatio = ratio >= 0.5;
        boolean events = steadyPerDay <= 50;

        String cpuModel = cpuModel();
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        StringBuilder out = new StringBuilder();
        out.append("\n=== Vigil heartbeat benchmark ===\n");
        out.append(String.format(Locale.ROOT, "machine: %d cores (%s), %.1f GiB RAM, Java %s; hub and load generator share it%n",
                Runtime.getRuntime().availableProcessors(), cpuModel, memory / (double) (1L << 30),
                System.getProperty("java.version")));
        out.append(String.format(Locale.ROOT, "load: %d targets × 2 deployments, heartbeat every %.1f s → %.0f/s offered; "
                        + "setup %.1f s (%.0f targets/s)%n", targets, intervalSeconds, offered, r.setup.seconds(),
                targets / r.setup.seconds()));
        out.append(String.format(Locale.ROOT, "%n%-22s %6s %8s %8s %8s %8s %8s %6s %7s %7s %7s%n", "phase", "secs", "ok",
                "ok/s", "p50 ms", "p99 ms", "max ms", "errors", "hub", "bench", "other"));
        for (PhaseStats s : List.of(r.firstContact, r.warmup, r.paced, r.churn, r.saturation, r.raw)) {
            String label = s == r.saturation ? "saturation (C=" + clients + ")"
                    : s == r.raw ? "raw upserts (C=" + clients + ")"
                    : s == r.firstContact ? "first contact (C=" + setupConcurrency + ")" : s.name;
            out.append(String.format(Locale.ROOT, "%-22s %6.1f %8d %8.0f %8.2f %8.2f %8.1f %6d %7s %7s %7s%n", label,
                    s.windowSeconds(), s.ok.sum(), s.achievedPerSecond(), s.millis(50), s.millis(99), s.maxMillis(),
                    s.errorCount(), cores(s.hubCores), cores(s.benchCores), cores(s.otherCores)));
        }
        out.append("(paced latencies are from each heartbeat's intended send time; hub / bench / other = CPU cores busy\n"
                + " on average in the hub process, in this benchmark, and in anything else on the machine)\n");
        out.append("load average at start: " + r.loadAtStart + ", at the end: " + loadAverage() + "\n");
        if (hub.healthWarning != null) {
            out.append("WARNING: ").append(hub.healthWarning).append('\n');
        }
        for (PhaseStats s : List.of(r.firstContact, r.warmup, r.paced, r.churn, r.saturation, r.raw)) {
            if (s.errorCount() > 0) {
                out.append("errors in ").append(s.name).append(": ").append(s.errorsByKind()).append('\n');
            }
        }
        out.append(String.format(Locale.ROOT, "%nsaturation / raw = %.0f / %.0f = %.2f×%n", r.saturation.achievedPerSecond(),
                r.raw.achievedPerSecond(), ratio));
        out.append(String.format(Locale.ROOT, "events stored: %d after registration, %d after first contact (+%d), "
                        + "%d before the paced window%n", r.eventsRegistered, r.eventsAfterFirstContact,
                r.eventsAfterFirstContact - r.eventsRegistered, r.eventsAfterWarmup));
        out.append(String.format(Locale.ROOT, "events per target per simulated day: steady %.2f (%d in %.0f s); churn %.1f "
                        + "(%d in %.0f s, %d status changes sent)%n", steadyPerDay, r.eventsSteady,
                r.paced.windowSeconds(), churnPerDay, r.eventsChurn, r.churn.windowSeconds(), r.churn.changes.sum()));
        if (r.churn.changes.sum() > 0) {
            out.append(String.format(Locale.ROOT, "  → %.2f events per status change; the churn figure scales with the changes "
                    + "sent (%.3g%% of %.0f heartbeats/s achieved), not with the heartbeats%n",
                    r.eventsChurn / (double) r.churn.changes.sum(), churnShare * 100, r.churn.achievedPerSecond()));
        }
        if (unsettled) {
            out.append("WARNING: the projections did not always settle in time; event counts include a backlog\n");
        }
        out.append("\ngoals:\n");
        out.append(goal(throughput, String.format(Locale.ROOT, "≥ 2,000 heartbeats/s sustained: saturation %.0f/s; paced "
                + "%.0f/s of %.0f offered, %d errors", r.saturation.achievedPerSecond(), r.paced.achievedPerSecond(),
                offered, r.paced.errorCount())));
        out.append(goal(latency, String.format(Locale.ROOT, "p99 ≤ 100 ms at the paced rate: p99 %.1f ms (p50 %.1f ms)",
                r.paced.millis(99), r.paced.millis(50))));
        out.append(goal(rawRatio, String.format(Locale.ROOT, "≥ 0.5× the raw rate: %.2f×", ratio)));
        out.append(goal(events, String.format(Locale.ROOT, "≤ 50 events per target per simulated day (steady): %.2f",
                steadyPerDay)));
        System.out.print(out);

        ObjectNode json = JSON.createObjectNode();
        json.put("benchmark", "heartbeat");
        ObjectNode machine = json.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", cpuModel);
        machine.put("memoryGiB", Math.round(memory / (double) (1L << 30) * 10) / 10.0);
        machine.put("java", System.getProperty("java.version"));
        json.put("targets", targets);
        json.put("deploymentsPerTarget", 2);
        json.put("intervalSeconds", intervalSeconds);
        json.put("offeredPerSecond", offered);
        json.put("clients", clients);
        json.put("setupSeconds", round(r.setup.seconds()));
        json.put("loadAverageAtStart", r.loadAtStart);
        json.put("loadAverageAtEnd", loadAverage());
        json.put("healthWarning", hub.healthWarning);
        json.set("firstContact", phaseJson(r.firstContact));
        json.set("warmup", phaseJson(r.warmup));
        json.set("paced", phaseJson(r.paced));
        json.set("churn", phaseJson(r.churn).put("share", churnShare).put("statusChanges", r.churn.changes.sum()));
        json.set("saturation", phaseJson(r.saturation));
        json.set("raw", phaseJson(r.raw));
        json.put("saturationToRaw", round(ratio));
        ObjectNode ev = json.putObject("eventsPerTargetPerDay");
        ev.put("steady", round(steadyPerDay));
        ev.put("churn", round(churnPerDay));
        ev.put("eventsPerStatusChange", r.churn.changes.sum() == 0 ? -1
                : round(r.eventsChurn / (double) r.churn.changes.sum()));
        ObjectNode stored = json.putObject("eventsStored");
        stored.put("afterRegistration", r.eventsRegistered);
        stored.put("afterFirstContact", r.eventsAfterFirstContact);
        stored.put("beforePaced", r.eventsAfterWarmup);
        stored.put("unsettled", unsettled);
        stored.put("steadyWindow", r.eventsSteady);
        stored.put("churnWindow", r.eventsChurn);
        ObjectNode goals = json.putObject("goals");
        goals.put("throughput2000", throughput ? "PASS" : "MISS");
        goals.put("p99Under100ms", latency ? "PASS" : "MISS");
        goals.put("halfOfRaw", rawRatio ? "PASS" : "MISS");
        goals.put("eventsPerTargetDayUnder50", events ? "PASS" : "MISS");
        String line = JSON.writeValueAsString(json);
        System.out.println("\nBENCH_JSON " + line);
        if (jsonOut != null) {
            Files.writeString(jsonOut, line + "\n");
        }
    }

    private static ObjectNode phaseJson(PhaseStats s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("seconds", round(s.windowSeconds()));
        n.put("ok", s.ok.sum());
        n.put("perSecond", round(s.achievedPerSecond()));
        n.put("p50Ms", round(s.millis(50)));
        n.put("p99Ms", round(s.millis(99)));
        n.put("p999Ms", round(s.millis(99.9)));
        n.put("maxMs", round(s.maxMillis()));
        n.put("errors", s.errorCount());
        n.put("hubCores", round(s.hubCores));
        n.put("benchCores", round(s.benchCores));
        n.put("otherCores", round(s.otherCores));
        return n;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? -1 : Math.round(v * 100) / 100.0;
    }

    private static String cores(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String goal(boolean pass, String text) {
        return "  " + (pass ? "PASS" : "MISS") + "  " + text + "\n";
    }

    // ------------------------------------------------------------------------------------------- helpers

    private void printConfiguration() {
        // touch every option once so that the effective configuration is complete
        log("configuration: " + options.effective());
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException | UncheckedIOException e) {
            return "unknown CPU";
        }
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }




    static void log(String message) {
        System.out.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - START) / 1e9, message);
    }
}
