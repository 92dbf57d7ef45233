package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent says when its credentials stop working (the target was reconnected). */
class AgentCredentialsTest {

    @TempDir
    Path dataDir;

    @Test
    void rotatedCredentialsGiveOneClearLogLineWithoutTheSecret() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (FakeHub hub = new FakeHub()) {
            hub.rejectCredentials(true);
            AgentConfig config = new AgentConfig(hub.url(), FakeHub.TARGET, FakeHub.SECRET, dataDir,
                    "unix://" + dataDir.resolve("no-docker.sock"), Path.of("/"), AgentConfig.DEFAULT_SPOOL_BYTES);
            Agent agent = new Agent(config, Clock.systemUTC(),
                    new AgentLog(Clock.systemUTC(), new PrintStream(printed, true, StandardCharsets.UTF_8)));
            Thread thread = new Thread(agent::run);
            thread.start();
            try {
                DockerAgentTest.await("the agent explains the refusal", Duration.ofSeconds(20),
                        () -> printed.toString(StandardCharsets.UTF_8).contains("credentials rejected"));
                Thread.sleep(1_000);
            } finally {
                agent.stop();
                thread.join(10_000);
            }
            String log = printed.toString(StandardCharsets.UTF_8);
            assertThat(log.split("credentials rejected", -1)).hasSize(2); // one line, even with the shipper failing too
            assertThat(log).contains("reconnected").contains("Retrying slowly");
            assertThat(log).doesNotContain(FakeHub.SECRET);
            assertThat(hub.heartbeats).isEmpty();
            assertThat(hub.logins.get()).isGreaterThanOrEqualTo(1);
        }
    }
}
