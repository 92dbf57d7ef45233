package io.vigil.ui;

import static io.vigil.ui.VigilInstance.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.vigil.testing.MovableClock;
import io.vigil.ui.ScriptedAgent.Report;

/**
 * Aggregates are snapshotted (Jackson) as they grow, and a restarted node rebuilds them from the
 * snapshot plus later events and keeps deciding correctly.
 */
class SnapshotRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aDeploymentWithManyTransitionsIsSnapshottedAndStillCorrectAfterARestart() {
        MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
        String targetId;
        String secret;
        String deploymentId;
        String revisionId;
        try (VigilInstance vigil = VigilInstance.start(dataDir, clock)) {
            var created = vigil.post("/api/v1/targets", "{\"name\":\"flappy\",\"type\":\"DOCKER\"}").json();
            targetId = created.get("id").asText();
            secret = created.get("targetSecret").asText();
            var deployment = vigil.post("/api/v1/targets/" + targetId + "/deployments",
                    "{\"application\":\"shop\",\"version\":\"1\"}").json();
            deploymentId = deployment.get("id").asText();
            revisionId = deployment.get("revisionId").asText();
            ScriptedAgent agent = new ScriptedAgent(vigil, targetId, secret);
            agent.login();
            for (int i = 0; i < 60; i++) {
                clock.advance(Duration.ofSeconds(5));
                agent.heartbeat(new Report(deploymentId, revisionId, i % 2 == 0 ? "HEALTHY" : "ERROR", "flap " + i));
            }
            JdbcTemplate jdbc = vigil.bean(JdbcTemplate.class);
            String dep = deploymentId;
            await("a snapshot of the deployment is stored", () -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM SnapshotEventEntry WHERE aggregateIdentifier = ?", Long.class, dep) > 0);
        }
        try (VigilInstance vigil = VigilInstance.start(dataDir, clock)) {
            ScriptedAgent agent = new ScriptedAgent(vigil, targetId, secret);
            agent.login();
            clock.advance(Duration.ofSeconds(5));
            // the last report before the restart was "ERROR flap 59": the same again changes nothing
            agent.heartbeat(new Report(deploymentId, revisionId, "ERROR", "flap 59"));
            clock.advance(Duration.ofSeconds(5));
            agent.heartbeat(new Report(deploymentId, revisionId, "RUNNING", "after restart"));
            String dep = deploymentId;
            await("the history has every transition", () -> vigil.get("/api/v1/deployments/" + dep
                    + "/status-history?limit=1000").json().get("items").size() == 61);
            var newest = vigil.get("/api/v1/deployments/" + deploymentId + "/status-history?limit=2").json();
            assertThat(newest.get("items").get(0).get("status").asText()).isEqualTo("RUNNING");
            assertThat(newest.get("items").get(0).get("previousStatus").asText()).isEqualTo("ERROR");
            assertThat(newest.get("items").get(1).get("message").asText()).isEqualTo("flap 59");

            var page2 = vigil.get("/api/v1/deployments/" + deploymentId + "/status-history?limit=2&cursor="
                    + newest.get("nextCursor").asText()).json();
            assertThat(page2.get("items").get(0).get("message").asText()).isEqualTo("flap 58");
        }
    }
}
