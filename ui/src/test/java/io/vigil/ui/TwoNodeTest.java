package io.vigil.ui;

import static io.vigil.ui.VigilInstance.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.testing.MovableClock;
import io.vigil.ui.ScriptedAgent.Report;

/**
 * Two Vigil nodes sharing one event store and one MongoDB, as in the scaled-out form: an agent's
 * heartbeats may land on either, and neither node may decide from an aggregate the other has changed.
 */
class TwoNodeTest {

    @TempDir
    Path nodeA;
    @TempDir
    Path nodeB;

    final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void statusReportsAlternatingBetweenNodesAreAllRecorded() throws IOException {
        int mongoPort = freePort();
        try (VigilInstance a = VigilInstance.start(nodeA, clock, "--vigil.mongodb.embedded-port=" + mongoPort);
             VigilInstance b = VigilInstance.start(nodeB, clock,
                     "--vigil.mongodb.uri=mongodb://127.0.0.1:" + mongoPort + "/vigil",
                     "--spring.datasource.url=jdbc:h2:file:" + nodeA + "/eventstore;DB_CLOSE_ON_EXIT=FALSE")) {
            var created = a.post("/api/v1/targets", "{\"name\":\"shared\",\"type\":\"DOCKER\"}").json();
            String targetId = created.get("id").asText();
            String secret = created.get("targetSecret").asText();
            var deployment = a.post("/api/v1/targets/" + targetId + "/deployments",
                    "{\"application\":\"shop\",\"version\":\"1\"}").json();
            String deploymentId = deployment.get("id").asText();
            String revisionId = deployment.get("revisionId").asText();

            ScriptedAgent viaA = new ScriptedAgent(a, targetId, secret);
            ScriptedAgent viaB = new ScriptedAgent(b, targetId, secret);
            assertThat(viaA.login().status()).isEqualTo(200);
            assertThat(viaB.login().status()).as("node B knows the target registered on node A").isEqualTo(200);

            assertThat(viaA.heartbeat(new Report(deploymentId, revisionId, "HEALTHY", "ok")).status()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(5));
            assertThat(viaB.heartbeat(new Report(deploymentId, revisionId, "ERROR", "db down")).status()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(5));
            assertThat(viaA.heartbeat(new Report(deploymentId, revisionId, "HEALTHY", "ok")).status()).isEqualTo(200);

            await("all three transitions are in the history", () -> a.get("/api/v1/deployments/" + deploymentId
                    + "/status-history").json().get("items").size() == 3);
            assertThat(StatusLifecycleScenario.statuses(b.get("/api/v1/deployments/" + deploymentId
                    + "/status-history").json().get("items"))).containsExactly("HEALTHY", "ERROR", "HEALTHY");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
