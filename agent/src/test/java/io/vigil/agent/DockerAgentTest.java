package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.agent.FakeHub.Desired;
import io.vigil.kernel.deployment.DeploymentStatus;
import io.vigil.kernel.protocol.AgentProtocol.DeploymentReport;
import io.vigil.kernel.protocol.AgentProtocol.LogRecord;

/**
 * The agent against a real Docker Engine (a private dockerd) and a real HTTP hub that a test can stop:
 * Compose revisions applied and labelled, health of each kind of container, container logs with the
 * right resource names, nothing lost and nothing twice across a hub outage, collection switched off.
 */
class DockerAgentTest {

    static final Pattern LINE = Pattern.compile("^line (\\d+)$");

    @TempDir
    Path dataDir;
    FakeHub hub;
    TestDockerEngine docker = TestDockerEngine.shared();
    Agent agent;
    Thread thread;
    List<String> projects = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        hub = new FakeHub();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.stop();
            thread.join(15_000);
        }
        hub.close();
        projects.forEach(docker::removeProject);
    }

    private String deployment(String name, String composeFile, boolean logs) {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        projects.add(id);
        hub.desired.put(id, new Desired("rev-" + UUID.randomUUID(), logs, composeFile));
        return id;
    }

    private void startAgent() {
        AgentConfig config = new AgentConfig(hub.url(), FakeHub.TARGET, FakeHub.SECRET, dataDir, docker.host(),
                Path.of("/"), AgentConfig.DEFAULT_SPOOL_BYTES);
        agent = new Agent(config, Clock.systemUTC(), new AgentLog(Clock.systemUTC(), System.err));
        thread = new Thread(agent::run, "agent-under-test");
        thread.start();
    }

    static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private void awaitReport(String deploymentId, DeploymentStatus status, String message) throws InterruptedException {
        await(deploymentId + " reports " + status + " " + message, Duration.ofSeconds(120), () -> {
            DeploymentReport r = hub.latest(deploymentId);
            return r != null && r.status() == status && r.message().equals(message)
                    && r.revisionId().equals(hub.desired.get(deploymentId).revisionId());
        });
    }

    /** The numbers of the "line N" records of a deployment, in arrival order. */
    private List<Integer> lineNumbers(String deploymentId) {
        List<Integer> numbers = new ArrayList<>();
        for (LogRecord r : hub.records()) {
            Matcher m = LINE.matcher(r.body());
            if (deploymentId.equals(r.deploymentId()) && m.matches()) {
                numbers.add(Integer.parseInt(m.group(1)));
            }
        }
        return numbers;
    }

    private static void assertEachOnceFromOne(List<Integer> numbers) {
        List<Integer> sorted = numbers.stream().sorted().toList();
        for (int i = 0; i < sorted.size(); i++) {
            assertThat(sorted.get(i)).as("line number at rank %d (no loss, no duplicate)", i).isEqualTo(i + 1);
        }
    }

    @Test
    void eachKindOfContainerReportsItsStatusAndMessage() throws Exception {
        String healthy = deployment("healthy", ComposeFiles.healthy(), true);
        String unhealthy = deployment("unhealthy", ComposeFiles.turnsUnhealthy(), true);
        String plain = deployment("plain", ComposeFiles.noHealthcheck(), true);
        String starting = deployment("starting", ComposeFiles.stillStarting(), true);
        String exits = deployment("exits", ComposeFiles.exits(), true);
        String broken = deployment("broken", ComposeFiles.broken(), true);
        startAgent();

        awaitReport(healthy, DeploymentStatus.HEALTHY, "1 healthy");
        awaitReport(plain, DeploymentStatus.RUNNING, "1 running (no healthcheck)");
        awaitReport(starting, DeploymentStatus.PROGRESSING, "1 starting");
        awaitReport(exits, DeploymentStatus.ERROR, "1 exited (job-1: exit code 3)");
        awaitReport(unhealthy, DeploymentStatus.ERROR, "1 unhealthy (web-1)");
        await("the broken revision reports its Compose error", Duration.ofSeconds(90), () -> {
            DeploymentReport r = hub.latest(broken);
            return r != null && r.status() == DeploymentStatus.ERROR && r.message().startsWith("compose up failed");
        });
        assertThat(hub.heartbeats.stream().flatMap(h -> h.deployments().stream())
                .filter(r -> r.deploymentId().equals(unhealthy)).map(DeploymentReport::status))
                .as("it was healthy before it turned unhealthy").contains(DeploymentStatus.HEALTHY);
        // revisions are applied one at a time: the last one waited behind five others (seconds, at a 1 s heartbeat)
        assertThat(hub.heartbeats.stream().flatMap(h -> h.deployments().stream())
                .filter(r -> r.deploymentId().equals(broken)))
                .as("PROGRESSING while its revision was being applied")
                .anySatisfy(r -> {
                    assertThat(r.status()).isEqualTo(DeploymentStatus.PROGRESSING);
                    assertThat(r.message()).isEqualTo("applying revision " + hub.desired.get(broken).revisionId());
                });

        // containers carry the deployment and revision ids; their output arrives as the service's resource
        String labels = docker.run(List.of("docker", "ps", "-a", "--filter", "label=com.docker.compose.project=" + exits,
                "--format", "{{.Label \"io.vigil.deployment-id\"}} {{.Label \"io.vigil.revision-id\"}}"));
        assertThat(labels.strip()).isEqualTo(exits + " " + hub.desired.get(exits).revisionId());
        await("the job's output arrived", Duration.ofSeconds(90),
                () -> hub.records().stream().filter(r -> exits.equals(r.deploymentId())).count() == 2);
        List<LogRecord> job = hub.records().stream().filter(r -> exits.equals(r.deploymentId())).toList();
        assertThat(job).extracting(LogRecord::resource).containsOnly("job-1");
        assertThat(job).extracting(LogRecord::revisionId).containsOnly(hub.desired.get(exits).revisionId());
        assertThat(job).extracting(LogRecord::severity, LogRecord::body)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("stdout", "doing the job"),
                        org.assertj.core.groups.Tuple.tuple("stderr", "failed"));
        assertThat(job).allSatisfy(r -> assertThat(r.timestamp()).isBetween(Instant.now().minusSeconds(120), Instant.now()));
        // the agent's own log is shipped too, as records without a deployment
        await("agent log lines arrived", Duration.ofSeconds(10), () -> hub.records().stream()
                .anyMatch(r -> r.deploymentId() == null && r.body().startsWith("applied revision")));
    }

    @Test
    void aHubOutageLosesNoLineAndDuplicatesNone() throws Exception {
        String chatty = deployment("chatty", ComposeFiles.chatty(20_000), true);
        startAgent();
        await("lines arrive", Duration.ofSeconds(120), () -> lineNumbers(chatty).size() > 100);

        hub.stopServing();
        Thread.sleep(8_000); // the containers keep logging; the agent spools and backs off
        int beforeReturn = lineNumbers(chatty).size();
        hub.resume();
        await("the lines logged during the outage arrive", Duration.ofSeconds(60),
                () -> lineNumbers(chatty).size() > beforeReturn + 300);

        assertEachOnceFromOne(lineNumbers(chatty));
        assertThat(hub.records().stream().filter(r -> chatty.equals(r.deploymentId()) && r.body().startsWith("err ")))
                .allSatisfy(r -> assertThat(r.severity()).isEqualTo("stderr"))
                .isNotEmpty();
    }

    @Test
    void switchingCollectionOffStopsShippingWithinOneHeartbeat() throws Exception {
        String chatty = deployment("quiet", ComposeFiles.chatty(50_000), true);
        startAgent();
        await("lines arrive", Duration.ofSeconds(120), () -> lineNumbers(chatty).size() > 20);

        Desired on = hub.desired.get(chatty);
        hub.desired.put(chatty, new Desired(on.revisionId(), false, on.composeFile()));
        int heartbeats = hub.heartbeats.size();
        await("one heartbeat answered with collection off", Duration.ofSeconds(10), () -> hub.heartbeats.size() > heartbeats);
        Thread.sleep(1_500); // what was taken before the switch drains from the spool
        int shipped = lineNumbers(chatty).size();
        Thread.sleep(3_000);
        assertThat(lineNumbers(chatty)).hasSize(shipped);
        assertEachOnceFromOne(lineNumbers(chatty));
    }
}
