package io.vigil.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.agent.Agent;
import io.vigil.agent.AgentConfig;
import io.vigil.agent.AgentLog;
import io.vigil.agent.TestDockerEngine;

/**
 * The Docker agent against a real Vigil and a real Docker Engine, for what the agent ships besides status:
 * container logs under their Compose resource names and revision, the agent's own log, host metrics once
 * switched on, and a resource of an old revision archived once five newer revisions exist.
 */
class DockerAgentLogsEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(150);

    @TempDir
    static Path dir;
    static VigilInstance vigil;
    static TestDockerEngine docker;
    static Agent agent;
    static Thread thread;
    static final List<String> deployments = new ArrayList<>();

    @BeforeAll
    static void start() {
        docker = TestDockerEngine.shared();
        vigil = VigilInstance.start(dir.resolve("hub"), Clock.systemUTC(),
                "--vigil.agent.heartbeat-interval=1s", "--vigil.metrics.interval=1s");
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.stop();
            thread.join(15_000);
        }
        deployments.forEach(docker::removeProject);
        vigil.close();
    }

    /** A service that prints one line on stdout and one on stderr, then stays up. */
    private static String talker(String service, String word) {
        return "services:\n"
                + "  " + service + ":\n"
                + "    image: " + TestDockerEngine.IMAGE + "\n"
                + "    network_mode: none\n"
                + "    restart: \"no\"\n"
                + "    stop_grace_period: 1s\n"
                + "    command: [\"sh\", \"-c\", \"echo " + word + " on stdout; echo " + word + " on stderr >&2; exec sleep 100000\"]\n";
    }


    private static List<String> names(JsonNode resources) {
        List<String> names = new ArrayList<>();
        resources.forEach(r -> names.add(r.get("name").asText()));
        return names;
    }

    @Test
    void containerLogsAgentLogsAndMetricsReachTheHubAndOldResourcesAreArchived() {
        JsonNode target = vigil.post("/api/v1/targets", VigilInstance.json(Map.of("name", "docker-logs", "type", "DOCKER")))
                .json();
        String targetId = target.get("id").asText();
        JsonNode created = vigil.post("/api/v1/targets/" + targetId + "/deployments", VigilInstance.json(
                Map.of("application", "shop", "version", "1", "composeFile", talker("job", "first")))).json();
        String deploymentId = created.get("id").asText();
        String firstRevision = created.get("revisionId").asText();
        deployments.add(deploymentId);

        AgentConfig config = new AgentConfig(vigil.baseUrl(), targetId, target.get("targetSecret").asText(),
                dir.resolve("agent"), docker.host(), Path.of("/"), AgentConfig.DEFAULT_SPOOL_BYTES);
        agent = new Agent(config, Clock.systemUTC(), new AgentLog(Clock.systemUTC(), System.err));
        thread = new Thread(agent::run, "agent-logs-e2e");
        thread.start();

        // container logs: resource = service and replica, revision from the container's label, stream as severity
        String logs = "/api/v1/deployments/" + deploymentId + "/logs";
        VigilInstance.await("both lines of job-1 arrive", () -> vigil.items(logs + "?resource=job-1").size() == 2, PATIENCE);
        List<JsonNode> shipped = vigil.items(logs + "?resource=job-1");
        assertThat(shipped).allSatisfy(line -> {
            assertThat(line.get("resource").asText()).isEqualTo("job-1");
            assertThat(line.get("revisionId").asText()).isEqualTo(firstRevision);
            assertThat(Instant.parse(line.get("timestamp").asText())).isBefore(Instant.now().plusSeconds(1));
        });
        assertThat(shipped).extracting(line -> line.get("severity").asText() + ": " + line.get("body").asText())
                .containsExactlyInAnyOrder("stdout: first on stdout", "stderr: first on stderr");

        // the agent's own log is always shipped
        VigilInstance.await("the agent's own lines arrive",
                () -> !vigil.items("/api/v1/targets/" + targetId + "/agent-logs").isEmpty(), PATIENCE);

        // host metrics once switched on, from this machine's /proc and mounts
        assertThat(vigil.send(vigil.request("/api/v1/targets/" + targetId)
                .method("PATCH", VigilInstance.body("{\"metricsEnabled\":true}")).header("Content-Type", "application/json"),
                VigilInstance.basic("admin", VigilInstance.ADMIN_PASSWORD)).status()).isEqualTo(200);
        String latest = "/api/v1/targets/" + targetId + "/metrics/latest";
        VigilInstance.await("a metrics sample arrives", () -> !vigil.get(latest).json().path("collectedAt").isNull(), PATIENCE);
        JsonNode sample = vigil.get(latest).json();
        assertThat(sample.get("cpuCores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(sample.get("memoryBytes").asLong()).isPositive();
        assertThat(sample.get("disks")).isNotEmpty();

        // five newer revisions: job-1 logged only in the first, so it is archived; the newest one's resource is active
        String newest = null;
        for (int i = 2; i <= 6; i++) {
            newest = vigil.post("/api/v1/deployments/" + deploymentId + "/revisions", VigilInstance.json(
                    Map.of("version", String.valueOf(i), "composeFile", talker("web", "revision" + i)))).json()
                    .get("revisionId").asText();
        }
        String resources = "/api/v1/deployments/" + deploymentId + "/resources";
        VigilInstance.await("web-1 of the newest revision logs and job-1 is archived", () -> {
            JsonNode view = vigil.get(resources).json();
            return names(view.get("active")).equals(List.of("web-1")) && names(view.get("archived")).equals(List.of("job-1"));
        }, PATIENCE);
        String newestRevision = newest;
        VigilInstance.await("web-1's lines carry the newest revision", () -> vigil.items(logs + "?resource=web-1").stream()
                .anyMatch(line -> line.get("revisionId").asText().equals(newestRevision)), PATIENCE);
    }
}
