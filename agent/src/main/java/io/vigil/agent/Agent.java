package io.vigil.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

import io.vigil.agent.docker.ComposeRunner;
import io.vigil.agent.docker.DockerEngine;
import io.vigil.agent.docker.DockerEngine.LogLine;
import io.vigil.agent.docker.DockerEngine.ProjectContainer;
import io.vigil.agent.docker.HealthRule;
import io.vigil.agent.host.HostMetrics;
import io.vigil.agent.hub.Backoff;
import io.vigil.agent.hub.HubClient;
import io.vigil.agent.hub.HubException;
import io.vigil.agent.ship.AckedPositions;
import io.vigil.agent.ship.LogPosition;
import io.vigil.agent.ship.Shipper;
import io.vigil.agent.ship.Spool;
import io.vigil.kernel.deployment.DeploymentStatus;
import io.vigil.kernel.protocol.AgentProtocol.DeploymentReport;
import io.vigil.kernel.protocol.AgentProtocol.DesiredDeployment;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatRequest;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatResponse;
import io.vigil.kernel.protocol.AgentProtocol.LogBatch;
import io.vigil.kernel.protocol.AgentProtocol.LogRecord;
import io.vigil.kernel.protocol.AgentProtocol.RevisionSpec;

/**
 * The agent's loop, once per heartbeat interval (the hub's answer sets it): report each deployment's
 * health, learn the desired deployments, apply new revisions, take new container log lines and the
 * agent's own lines into the spool, and a metrics sample when due. A separate {@link Shipper} thread
 * empties the spool towards the hub, so an unreachable hub never blocks observation and loses nothing
 * until the spool's bound.
 */
public final class Agent {

    public static final String VERSION = versionOf();
    static final int BATCH_RECORDS = 1_000;
    static final int MAX_LINES_PER_CONTAINER = 20_000;
    static final Duration STREAM_SLACK = Duration.ofSeconds(2);

    private final AgentConfig config;
    private final Clock clock;
    private final AgentLog log;
    private final HubClient hub;
    private final Spool spool;
    private final AckedPositions acked;
    private final Shipper shipper;
    private final DockerEngine docker;
    private final HostMetrics metrics;
    private final ExecutorService applier = Executors.newSingleThreadExecutor(r -> daemon(r, "vigil-compose"));
    private final Backoff outage = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), RandomGenerator.getDefault());
    private final Backoff rejected = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(5), RandomGenerator.getDefault());
    private final Map<String, LogPosition> readPositions = new HashMap<>();
    private final Map<String, String> fetchedRevision = new HashMap<>();
    private final Map<String, Apply> applies = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile Thread loopThread;
    private ComposeRunner compose;
    private boolean composeDetected;
    private Map<String, DesiredDeployment> desired = new LinkedHashMap<>();
    private Duration interval = Duration.ofSeconds(5);
    private boolean metricsEnabled;
    private Duration metricsInterval = Duration.ofSeconds(30);
    private Instant nextMetricsAt = Instant.MIN;
    private String lastHubProblem;

    /** A revision being applied, or the outcome of the last apply. */
    record Apply(String revisionId, boolean done, String error) {}

    public Agent(AgentConfig config, Clock clock, AgentLog log) {
        this.config = config;
        this.clock = clock;
        this.log = log;
        this.hub = new HubClient(config.hubUrl(), config.targetId(), config.targetSecret());
        this.spool = new Spool(config.dataDir().resolve("spool"), config.spoolMaxBytes(), log);
        this.acked = new AckedPositions(config.dataDir().resolve("log-positions.json"));
        this.shipper = new Shipper(spool, acked, hub, log, Duration.ofSeconds(60));
        this.docker = new DockerEngine(config.dockerHost());
        this.metrics = new HostMetrics(Path.of("/proc"), config.hostRoot(), config.mountInfo(), clock);
        readPositions.putAll(acked.all());
        spool.spooledPositions().forEach((c, p) -> readPositions.merge(c, p, LogPosition::later));
    }

    public void run() {
        loopThread = Thread.currentThread();
        log.info("vigil-agent " + VERSION + " starting: " + config + "; spool holds " + spool.batches() + " batches");
        Thread shipping = daemon(shipper, "vigil-shipper");
        shipping.start();
        try {
            metrics.prime();
        } catch (RuntimeException e) {
            log.warn("host metrics unavailable: " + e.getMessage());
        }
        try {
            while (running) {
                Duration wait = cycle();
                if (running) {
                    Thread.sleep(wait.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shipper.stop();
            shipping.interrupt();
            applier.shutdownNow();
            try {
                shipping.join(5_000);
                docker.close();
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            }
            log.info("vigil-agent stopped");
        }
    }

    public void stop() {
        running = false;
        Thread t = loopThread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** One round; returns how long to wait before the next. */
    Duration cycle() throws InterruptedException {
        Map<String, List<ProjectContainer>> containers = new HashMap<>();
        List<DeploymentReport> reports = new ArrayList<>();
        for (DesiredDeployment d : desired.values()) {
            reports.add(report(d, containers));
        }
        Duration wait;
        try {
            HeartbeatResponse answer = hub.heartbeat(new HeartbeatRequest(VERSION, reports));
            if (lastHubProblem != null) {
                log.info("connected to the hub again");
                lastHubProblem = null;
            }
            outage.reset();
            rejected.reset();
            learn(answer);
            wait = interval;
        } catch (HubException.CredentialsRejected e) {
            wait = rejected.next();
            hubProblem("credentials rejected: " + e.getMessage() + ". The target was probably reconnected: run the new "
                    + "connect command. Retrying slowly (next in " + wait.toSeconds() + " s).");
        } catch (HubException e) {
            wait = outage.next();
            hubProblem("hub unavailable: " + e.getMessage() + "; retrying with backoff (next in " + wait.toMillis() + " ms)");
        }
        collectLogs(containers);
        sampleMetrics();
        return wait;
    }

    private void hubProblem(String message) {
        String kind = message.substring(0, message.indexOf(':'));
        if (!kind.equals(lastHubProblem)) {
            log.warn(message);
            lastHubProblem = kind;
        }
    }

    private void learn(HeartbeatResponse answer) {
        interval = Duration.ofSeconds(Math.max(1, answer.heartbeatIntervalSeconds()));
        metricsEnabled = answer.metricsEnabled();
        metricsInterval = Duration.ofSeconds(Math.max(1, answer.metricsIntervalSeconds()));
        Map<String, DesiredDeployment> next = new LinkedHashMap<>();
        for (DesiredDeployment d : answer.deployments() == null ? List.<DesiredDeployment>of() : answer.deployments()) {
            next.put(d.deploymentId(), d);
            if (!d.revisionId().equals(fetchedRevision.get(d.deploymentId()))) {
                newRevision(d);
            }
        }
        fetchedRevision.keySet().retainAll(next.keySet());
        desired = next;
    }

    private void newRevision(DesiredDeployment d) {
        RevisionSpec spec;
        try {
            spec = hub.revision(d.deploymentId(), d.revisionId());
        } catch (HubException e) {
            return; // fetched again next round
        }
        fetchedRevision.put(d.deploymentId(), d.revisionId());
        if (spec == null || spec.composeFile() == null) {
            applies.remove(d.deploymentId());
            return; // nothing to apply: the agent observes the project named after the deployment
        }
        if (!composeDetected) {
            compose = ComposeRunner.detect(config.dockerHost());
            composeDetected = true;
            log.info(compose == null ? "no Docker Compose CLI found (docker compose, docker-compose)"
                    : "applying Compose files with " + compose.describe());
        }
        if (compose == null) {
            applies.put(d.deploymentId(), new Apply(d.revisionId(), true,
                    "cannot apply the Compose file: neither `docker compose` nor `docker-compose` is installed"));
            return;
        }
        applies.put(d.deploymentId(), new Apply(d.revisionId(), false, null));
        log.info("applying revision " + d.revisionId() + " of deployment " + d.deploymentId());
        Path workDir = config.dataDir().resolve("compose").resolve(d.deploymentId()).resolve(d.revisionId());
        applier.submit(() -> {
            Apply outcome;
            try {
                ComposeRunner.Result result = compose.apply(d.deploymentId(), d.revisionId(), spec.composeFile(), workDir);
                outcome = result.exitCode() == 0 ? new Apply(d.revisionId(), true, null)
                        : new Apply(d.revisionId(), true, "compose up failed (exit " + result.exitCode() + "): "
                                + tail(result.output(), 2_000));
            } catch (IOException | RuntimeException e) {
                outcome = new Apply(d.revisionId(), true, "compose up failed: " + e.getMessage());
            }
            if (outcome.error() == null) {
                log.info("applied revision " + d.revisionId() + " of deployment " + d.deploymentId());
            } else {
                log.error("deployment " + d.deploymentId() + ": " + outcome.error());
            }
            applies.put(d.deploymentId(), outcome);
        });
    }

    private DeploymentReport report(DesiredDeployment d, Map<String, List<ProjectContainer>> containers) {
        Apply apply = applies.get(d.deploymentId());
        if (apply != null && apply.revisionId().equals(d.revisionId())) {
            if (!apply.done()) {
                return new DeploymentReport(d.deploymentId(), d.revisionId(), DeploymentStatus.PROGRESSING,
                        "applying revision " + d.revisionId());
            }
            if (apply.error() != null) {
                return new DeploymentReport(d.deploymentId(), d.revisionId(), DeploymentStatus.ERROR, apply.error());
            }
        }
        try {
            List<ProjectContainer> list = docker.containers(d.deploymentId());
            containers.put(d.deploymentId(), list);
            HealthRule.Verdict verdict = HealthRule.evaluate(list.stream().map(ProjectContainer::state).toList());
            return new DeploymentReport(d.deploymentId(), d.revisionId(), verdict.status(), verdict.message());
        } catch (RuntimeException e) {
            return new DeploymentReport(d.deploymentId(), d.revisionId(), DeploymentStatus.ERROR,
                    "Docker engine unreachable: " + e.getMessage());
        }
    }

    /** Moves new container lines (deployments with collection on) and the agent's own lines into the spool. */
    private void collectLogs(Map<String, List<ProjectContainer>> containers) throws InterruptedException {
        Batcher batcher = new Batcher();
        for (DesiredDeployment d : desired.values()) {
            List<ProjectContainer> list = containers.get(d.deploymentId());
            if (list == null) {
                continue; // not observed this round (applying, or Docker unreachable)
            }
            for (ProjectContainer c : list) {
                if (!d.logCollectionEnabled()) {
                    continue;
                }
                String outKey = c.id() + "/stdout";
                String errKey = c.id() + "/stderr";
                LogPosition.Filter out = new LogPosition.Filter(readPositions.get(outKey));
                LogPosition.Filter err = new LogPosition.Filter(readPositions.get(errKey));
                List<LogLine> lines;
                try {
                    lines = docker.logsAfter(c.id(), out, err, MAX_LINES_PER_CONTAINER);
                } catch (RuntimeException e) {
                    log.warn("cannot read the log of " + c.resource() + ": " + e.getMessage());
                    continue;
                }
                Map<String, LogPosition> running = new HashMap<>();
                running.put(outKey, out.from());
                running.put(errKey, err.from());
                String revision = c.revisionId() != null ? c.revisionId() : d.revisionId();
                for (LogLine line : lines) {
                    String key = line.stream().equals("stderr") ? errKey : outKey;
                    LogPosition p = running.get(key);
                    p = p == null ? new LogPosition(line.timestamp(), 1) : p.advancedTo(line.timestamp());
                    running.put(key, p);
                    batcher.add(new LogRecord(d.deploymentId(), revision, c.resource(), line.timestamp(), line.stream(),
                            line.body()), key, p);
                }
                liftLagging(outKey, out.position(), errKey, err.position());
            }
        }
        for (LogRecord own : log.drain(10 * BATCH_RECORDS)) {
            batcher.add(own, null, null);
        }
        batcher.flush();
    }

    /**
     * Keeps both streams' read positions, but never more than {@link #STREAM_SLACK} behind the newer one:
     * a quiet stream (often stderr) would otherwise make every read start at its old position. A line
     * that a stream's copier timestamps more than the slack behind the other stream's newest is not expected.
     */
    private void liftLagging(String outKey, LogPosition out, String errKey, LogPosition err) {
        LogPosition newest = LogPosition.later(out, err);
        if (newest == null) {
            return;
        }
        LogPosition floor = new LogPosition(newest.timestamp().minus(STREAM_SLACK), 0);
        readPositions.put(outKey, LogPosition.later(out, floor));
        readPositions.put(errKey, LogPosition.later(err, floor));
    }

    /** Cuts records into spooled batches of at most {@link #BATCH_RECORDS}, each with the positions it reaches. */
    private final class Batcher {
        private List<LogRecord> records = new ArrayList<>();
        private Map<String, LogPosition> positions = new HashMap<>();

        void add(LogRecord record, String container, LogPosition position) {
            records.add(record);
            if (container != null) {
                positions.put(container, position);
            }
            if (records.size() >= BATCH_RECORDS) {
                flush();
            }
        }

        void flush() {
            if (!records.isEmpty()) {
                spool.appendLogs(new LogBatch(UUID.randomUUID().toString(), records), positions);
                records = new ArrayList<>();
                positions = new HashMap<>();
            }
        }
    }

    private void sampleMetrics() {
        Instant now = clock.instant();
        if (!metricsEnabled || now.isBefore(nextMetricsAt)) {
            return;
        }
        nextMetricsAt = now.plus(metricsInterval);
        try {
            spool.appendMetrics(metrics.sample());
        } catch (RuntimeException e) {
            log.warn("cannot sample host metrics: " + e.getMessage());
        }
    }

    private static String tail(String s, int max) {
        String t = s == null ? "" : s.strip();
        return t.length() <= max ? t : "…" + t.substring(t.length() - max);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String versionOf() {
        String v = Agent.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
