package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.agent.FakeHub.Desired;
import io.vigil.agent.FakeHub.Mode;
import io.vigil.kernel.protocol.AgentProtocol.LogRecord;

/** The agent as its own process, killed with SIGKILL while a batch is in flight, then started again. */
class AgentKillTest {

    static final Pattern LINE = Pattern.compile("^line (\\d+)$");

    @TempDir
    Path dataDir;
    final TestDockerEngine docker = TestDockerEngine.shared();
    final List<Process> processes = new ArrayList<>();
    FakeHub hub;
    String deployment;

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (hub != null) {
            hub.close();
        }
        if (deployment != null) {
            docker.removeProject(deployment);
        }
    }

    private Process agentProcess(int n) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(),
                "--hub-url=" + hub.url(), "--target-id=" + FakeHub.TARGET, "--target-secret=" + FakeHub.SECRET,
                "--data-dir=" + dataDir, "--docker-host=" + docker.host())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("agent-" + n + ".log").toFile())
                .start();
        processes.add(p);
        return p;
    }

    private List<Integer> lineNumbers() {
        List<Integer> numbers = new ArrayList<>();
        for (LogRecord r : hub.records()) {
            Matcher m = LINE.matcher(r.body());
            if (deployment.equals(r.deploymentId()) && m.matches()) {
                numbers.add(Integer.parseInt(m.group(1)));
            }
        }
        return numbers;
    }

    @Test
    void aKilledAgentRestartsWithoutLosingOrRepeatingALine() throws Exception {
        hub = new FakeHub();
        deployment = "killed-" + UUID.randomUUID().toString().substring(0, 8);
        hub.desired.put(deployment, new Desired("rev-1", true, ComposeFiles.chatty(20_000)));

        Process first = agentProcess(1);
        DockerAgentTest.await("lines arrive", Duration.ofSeconds(90), () -> lineNumbers().size() > 100);

        hub.logsMode(Mode.DROP_AFTER_STORING); // the hub stores batches, but the agent never hears back
        int attempts = hub.attempts.size();
        DockerAgentTest.await("a stored batch is retried", Duration.ofSeconds(30), () -> hub.attempts.size() >= attempts + 2);
        first.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        hub.logsMode(Mode.OK);
        int beforeRestart = lineNumbers().size();
        Thread.sleep(2_000); // the container keeps logging while no agent runs

        agentProcess(2);
        DockerAgentTest.await("the lines from before and after the kill arrive", Duration.ofSeconds(90),
                () -> lineNumbers().size() > beforeRestart + 300);

        List<Integer> sorted = lineNumbers().stream().sorted().toList();
        for (int i = 0; i < sorted.size(); i++) {
            assertThat(sorted.get(i)).as("line number at rank %d (no loss, no duplicate)", i).isEqualTo(i + 1);
        }
        assertThat(hub.attempts.stream().distinct().count()).as("a retried batch kept its id")
                .isLessThan(hub.attempts.size());
    }
}
