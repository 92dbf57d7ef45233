package io.vigil.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
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
import io.vigil.agent.ComposeFiles;
import io.vigil.agent.TestDockerEngine;
import io.vigil.testing.MovableClock;

/**
 * The Docker agent against a real Vigil and a real Docker Engine: Compose files given to the management
 * API are applied on the target, and what the containers do reaches the deployments view and the
 * status history.
 */
class DockerAgentEndToEndTest {

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
        vigil = VigilInstance.start(dir.resolve("hub"), new MovableClock(Instant.now()),
                "--vigil.agent.heartbeat-interval=1s");
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

    private static String deploy(String targetId, String application, String composeFile) {
        JsonNode created = vigil.post("/api/v1/targets/" + targetId + "/deployments", VigilInstance.json(
                Map.of("application", application, "version", "1.0", "composeFile", composeFile))).json();
        deployments.add(created.get("id").asText());
        return created.get("id").asText();
    }

    private static JsonNode deployment(String targetId, String deploymentId) {
        for (JsonNode d : vigil.get("/api/v1/targets/" + targetId).json().get("deployments")) {
            if (d.get("id").asText().equals(deploymentId)) {
                return d;
            }
        }
        return null;
    }

    private static void awaitStatus(String targetId, String deploymentId, String revisionId, String status,
                                    String message) {
        VigilInstance.await(deploymentId + " is " + status + " (" + message + ")", () -> {
            JsonNode d = deployment(targetId, deploymentId);
            return d != null && status.equals(d.path("status").asText()) && message.equals(d.path("message").asText())
                    && revisionId.equals(d.path("revisionId").asText());
        }, java.time.Duration.ofSeconds(150));
    }

    @Test
    void composeRevisionsAreAppliedAndTheirHealthReachesTheHub() {
        JsonNode target = vigil.post("/api/v1/targets", VigilInstance.json(Map.of("name", "docker-host", "type", "DOCKER")))
                .json();
        String targetId = target.get("id").asText();
        String healthy = deploy(targetId, "shop", ComposeFiles.healthy());
        String plain = deploy(targetId, "worker", ComposeFiles.noHealthcheck());
        String exits = deploy(targetId, "job", ComposeFiles.exits());

        AgentConfig config = new AgentConfig(vigil.baseUrl(), targetId, target.get("targetSecret").asText(),
                dir.resolve("agent"), docker.host(), Path.of("/"), AgentConfig.DEFAULT_SPOOL_BYTES);
        agent = new Agent(config, Clock.systemUTC(), new AgentLog(Clock.systemUTC(), System.err));
        thread = new Thread(agent::run, "agent-e2e");
        thread.start();

        String rev = "revisionId";
        awaitStatus(targetId, healthy, deployment(targetId, healthy).get(rev).asText(), "HEALTHY", "1 healthy");
        awaitStatus(targetId, plain, deployment(targetId, plain).get(rev).asText(), "RUNNING", "1 running (no healthcheck)");
        awaitStatus(targetId, exits, deployment(targetId, exits).get(rev).asText(), "ERROR", "1 exited (job-1: exit code 3)");
        JsonNode view = vigil.get("/api/v1/targets/" + targetId).json();
        assertThat(view.get("status").asText()).isEqualTo("CONNECTED");
        assertThat(view.get("agentVersion").asText()).isEqualTo(Agent.VERSION);

        // a new revision with another Compose file replaces the containers and is reported under its id
        String second = vigil.post("/api/v1/deployments/" + healthy + "/revisions", VigilInstance.json(
                Map.of("version", "1.1", "composeFile", ComposeFiles.turnsUnhealthy()))).json().get("revisionId").asText();
        awaitStatus(targetId, healthy, second, "ERROR", "1 unhealthy (web-1)");

        JsonNode history = vigil.get("/api/v1/deployments/" + healthy + "/status-history").json().get("items");
        List<String> transitions = new ArrayList<>();
        history.forEach(h -> transitions.add(h.path("status").asText()));
        assertThat(transitions).as("newest first").startsWith("ERROR").contains("HEALTHY");
    }
}
