package io.vigil.ui;

import static io.vigil.ui.VigilInstance.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.query.history.DeploymentStatusHistoryProjection;
import io.vigil.query.target.TargetStatusProjection;
import io.vigil.testing.MovableClock;
import io.vigil.ui.ScriptedAgent.Report;
import io.vigil.ui.VigilInstance.Answer;

/**
 * The spine, end to end over HTTP: a target and its deployment go through every status, the history
 * shows each transition with its message, a restart keeps everything, and a replay rebuilds the views
 * exactly. Subclasses choose the event store.
 */
abstract class StatusLifecycleScenario {

    @TempDir
    Path dataDir;

    final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));

    /** Extra arguments that select the stores. */
    abstract String[] storeArgs();

    VigilInstance start() {
        List<String> args = new ArrayList<>(List.of(storeArgs()));
        args.add("--vigil.status.stale-after=60s");
        return VigilInstance.start(dataDir, clock, args.toArray(String[]::new));
    }

    @Test
    void targetAndDeploymentGoThroughEveryStatusAndSurviveRestartAndReplay() {
        String targetId;
        String deploymentId;
        String revisionId;
        String token;
        try (VigilInstance vigil = start()) {
            assertThat(vigil.send(vigil.request("/actuator/health").GET(), null).json().get("status").asText())
                    .as("health, unauthenticated, with every store up").isEqualTo("UP");
            Answer created = vigil.post("/api/v1/targets", "{\"name\":\"edge-berlin\",\"type\":\"DOCKER\"}");
            assertThat(created.status()).isEqualTo(201);
            targetId = created.json().get("id").asText();
            String secret = created.json().get("targetSecret").asText();
            assertThat(created.json().get("connectCommand").asText()).contains(targetId).contains(secret);
            // the read model follows the write within milliseconds, not within the same request
            await("the new target is listed", () -> vigil.get("/api/v1/targets/" + targetId).status() == 200);
            assertThat(target(vigil, targetId).get("status").asText()).isEqualTo("NOT_CONNECTED");

            Answer deployment = vigil.post("/api/v1/targets/" + targetId + "/deployments",
                    "{\"application\":\"shop\",\"version\":\"1.4.2\"}");
            assertThat(deployment.status()).isEqualTo(201);
            deploymentId = deployment.json().get("id").asText();
            revisionId = deployment.json().get("revisionId").asText();
            String dep = deploymentId;
            await("the deployment shows as No status", () -> "NO_STATUS".equals(deploymentOf(vigil, targetId, dep)));

            ScriptedAgent agent = new ScriptedAgent(vigil, targetId, secret);
            assertThat(agent.login().status()).isEqualTo(200);
            token = agent.token();
            Answer answer = agent.heartbeat(new Report(deploymentId, revisionId, "HEALTHY", "2 healthy"));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("deployments").get(0).get("revisionId").asText()).isEqualTo(revisionId);
            assertThat(answer.json().get("deployments").get(0).get("logCollectionEnabled").asBoolean()).isTrue();
            await("the target is Connected", () -> "CONNECTED".equals(target(vigil, targetId).get("status").asText()));
            await("the deployment is Healthy", () -> "HEALTHY".equals(deploymentOf(vigil, targetId, dep)));

            long eventsBefore = eventCount(vigil);
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofSeconds(5));
                agent.heartbeat(new Report(deploymentId, revisionId, "HEALTHY", "2 healthy"));
            }
            assertThat(eventCount(vigil)).as("identical heartbeats record no events").isEqualTo(eventsBefore);

            clock.advance(Duration.ofSeconds(5));
            agent.heartbeat(new Report(deploymentId, revisionId, "ERROR", "backend-1 exited with code 1"));
            await("the deployment is Error", () -> "ERROR".equals(deploymentOf(vigil, targetId, dep)));

            clock.advance(Duration.ofSeconds(61));
            await("the target is Stale", () -> "STALE".equals(target(vigil, targetId).get("status").asText()));
            await("the deployment is Stale", () -> "STALE".equals(deploymentOf(vigil, targetId, dep)));

            clock.advance(Duration.ofSeconds(2));
            agent.heartbeat(new Report(deploymentId, revisionId, "RUNNING", "1 running (no healthcheck)"));
            await("the target is Connected again", () -> "CONNECTED".equals(target(vigil, targetId).get("status").asText()));
            await("the deployment is Running", () -> "RUNNING".equals(deploymentOf(vigil, targetId, dep)));

            JsonNode history = vigil.get("/api/v1/deployments/" + deploymentId + "/status-history").json().get("items");
            assertThat(statuses(history)).containsExactly("RUNNING", "STALE", "ERROR", "HEALTHY");
            assertThat(history.get(0).get("previousStatus").asText()).isEqualTo("STALE");
            assertThat(history.get(0).get("message").asText()).isEqualTo("1 running (no healthcheck)");
            assertThat(history.get(1).get("message").asText()).contains("no status reported");
            assertThat(history.get(2).get("message").asText()).isEqualTo("backend-1 exited with code 1");
            assertThat(history.get(3).get("previousStatus").asText()).isEqualTo("NO_STATUS");
            assertThat(history.get(3).get("at").asText()).isEqualTo("2026-03-01T10:00:00Z");
        }

        try (VigilInstance vigil = start()) {
            String dep = deploymentId;
            JsonNode target = target(vigil, targetId);
            assertThat(target.get("status").asText()).isEqualTo("CONNECTED");
            assertThat(deploymentOf(vigil, targetId, dep)).isEqualTo("RUNNING");
            assertThat(statuses(vigil.get("/api/v1/deployments/" + deploymentId + "/status-history").json().get("items")))
                    .containsExactly("RUNNING", "STALE", "ERROR", "HEALTHY");

            Answer heartbeat = vigil.send(vigil.request("/api/agent/v1/heartbeat")
                    .POST(VigilInstance.body("{\"agentVersion\":\"1.0.0\",\"deployments\":[]}"))
                    .header("Content-Type", "application/json"), "Bearer " + token);
            assertThat(heartbeat.status()).as("a token issued before the restart still works").isEqualTo(200);

            assertReplayEqualsLive(vigil, TargetStatusProjection.PROCESSING_GROUP,
                    () -> vigil.bean(TargetStatusProjection.class).documents());
            assertReplayEqualsLive(vigil, DeploymentStatusHistoryProjection.PROCESSING_GROUP,
                    () -> vigil.bean(DeploymentStatusHistoryProjection.class).documents());
        }
    }

    private static void assertReplayEqualsLive(VigilInstance vigil, String projection,
                                               java.util.function.Supplier<List<Document>> documents) {
        List<Document> live = documents.get();
        assertThat(live).isNotEmpty();
        Answer replay = vigil.post("/api/v1/admin/projections/" + projection + "/replay", "");
        assertThat(replay.status()).isEqualTo(202);
        await(projection + " has replayed", () -> {
            JsonNode state = vigil.get("/api/v1/admin/projections/" + projection).json();
            return state.get("upToDate").asBoolean();
        });
        assertThat(documents.get()).as("rebuilt " + projection).isEqualTo(live);
    }

    static JsonNode target(VigilInstance vigil, String targetId) {
        Answer answer = vigil.get("/api/v1/targets/" + targetId);
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    static String deploymentOf(VigilInstance vigil, String targetId, String deploymentId) {
        for (JsonNode deployment : target(vigil, targetId).get("deployments")) {
            if (deployment.get("id").asText().equals(deploymentId)) {
                return deployment.get("status").asText();
            }
        }
        return null;
    }

    static long eventCount(VigilInstance vigil) {
        Long count = vigil.bean(org.springframework.jdbc.core.JdbcTemplate.class)
                .queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
        return count == null ? 0 : count;
    }

    static List<String> statuses(JsonNode items) {
        List<String> statuses = new ArrayList<>();
        items.forEach(item -> statuses.add(item.get("status").asText()));
        return statuses;
    }
}
