package io.vigil.ui;

import static io.vigil.ui.VigilInstance.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.data.mongodb.core.MongoTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;

import io.vigil.command.agent.AgentDirectoryBackfill;

import io.vigil.testing.MovableClock;
import io.vigil.ui.ScriptedAgent.Report;
import io.vigil.ui.VigilInstance.Answer;

/**
 * Reconnect end to end (issue 5): the old secret and every token issued under it die when the rotate call
 * returns — on this node and on a second node sharing the stores — the new secret works, the target is
 * Not connected until the agent logs in again, and the deployments keep their status. Also the connect
 * endpoint the connect command fetches, and the rate limits on it and on agent logins (counted across nodes).
 */
class ReconnectTest {

    @TempDir
    Path nodeA;
    @TempDir
    Path nodeB;

    final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void rotationKillsTheOldSecretAndItsTokensAtOnceOnEveryNodeAndKeepsDeploymentStatuses() throws IOException {
        int mongoPort = freePort();
        try (VigilInstance a = VigilInstance.start(nodeA, clock, "--vigil.mongodb.embedded-port=" + mongoPort);
             VigilInstance b = VigilInstance.start(nodeB, clock,
                     "--vigil.mongodb.uri=mongodb://127.0.0.1:" + mongoPort + "/vigil",
                     "--spring.datasource.url=jdbc:h2:file:" + nodeA + "/eventstore;DB_CLOSE_ON_EXIT=FALSE")) {
            JsonNode created = a.post("/api/v1/targets", "{\"name\":\"edge\",\"type\":\"DOCKER\"}").json();
            String targetId = created.get("id").asText();
            String oldSecret = created.get("targetSecret").asText();
            assertThat(created.get("connectCommand").asText())
                    .startsWith("curl -fsSL '").endsWith("' | docker compose -p vigil-agent -f - up -d");
            JsonNode deployment = a.post("/api/v1/targets/" + targetId + "/deployments",
                    "{\"application\":\"shop\",\"version\":\"1\"}").json();
            Report healthy = new Report(deployment.get("id").asText(), deployment.get("revisionId").asText(),
                    "HEALTHY", "ok");

            ScriptedAgent oldOnA = new ScriptedAgent(a, targetId, oldSecret);
            ScriptedAgent oldOnB = new ScriptedAgent(b, targetId, oldSecret);
            assertThat(oldOnA.login().status()).isEqualTo(200);
            assertThat(oldOnB.login().status()).isEqualTo(200);
            assertThat(oldOnA.heartbeat(healthy).status()).isEqualTo(200);
            await("the target is Connected and its deployment Healthy", () -> "CONNECTED".equals(status(a, targetId))
                    && "HEALTHY".equals(deploymentStatus(a, targetId)));

            Answer rotated = a.post("/api/v1/targets/" + targetId + "/reconnect", "");
            assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
            String newSecret = rotated.json().get("targetSecret").asText();
            assertThat(newSecret).startsWith("vgs_").isNotEqualTo(oldSecret);
            assertThat(rotated.json().get("secretGeneration").asLong()).isEqualTo(2);
            assertThat(rotated.json().get("connectCommand").asText()).contains("targetSecret=" + newSecret);

            // the very next requests, on both nodes, with no wait in between
            assertThat(oldOnB.heartbeat(healthy).status()).as("old token on node B").isEqualTo(401);
            assertThat(oldOnA.heartbeat(healthy).status()).as("old token on node A").isEqualTo(401);
            assertThat(new ScriptedAgent(b, targetId, oldSecret).login().status()).as("old secret, B").isEqualTo(401);
            assertThat(new ScriptedAgent(a, targetId, oldSecret).login().status()).as("old secret, A").isEqualTo(401);

            await("the target reads Not connected", () -> "NOT_CONNECTED".equals(status(b, targetId)));
            assertThat(deploymentStatus(b, targetId)).as("rotation does not touch the deployment").isEqualTo("HEALTHY");
            clock.advance(Duration.ofSeconds(5));
            // projections are at-least-once across nodes (a segment taken over replays its last batch), so
            // the other node's read is awaited too; the agent directory above allowed no such window
            await("node A reads Not connected five seconds later", () -> "NOT_CONNECTED".equals(status(a, targetId)));

            ScriptedAgent fresh = new ScriptedAgent(b, targetId, newSecret);
            assertThat(fresh.login().status()).as("new secret on node B").isEqualTo(200);
            assertThat(fresh.heartbeat(healthy).status()).isEqualTo(200);
            await("the target is Connected again", () -> "CONNECTED".equals(status(a, targetId)));
            assertThat(deploymentStatus(a, targetId)).isEqualTo("HEALTHY");
            assertThat(a.get("/api/v1/deployments/" + healthy.deploymentId() + "/status-history").json()
                    .get("items").size()).as("no status transition from the rotation").isEqualTo(1);

            await("the rotation is in the audit trail", () -> a.get("/api/v1/audit?target=" + targetId).json()
                    .get("items").findValuesAsText("action").contains("TargetSecretRotated"));
            JsonNode entry = a.get("/api/v1/audit?target=" + targetId + "&limit=1").json().get("items").get(0);
            assertThat(entry.get("actor").asText()).isEqualTo("admin");
            assertThat(entry.get("details").get("secretGeneration").asLong()).isEqualTo(2);
            assertThat(entry.toString()).doesNotContain("Hash").doesNotContain(newSecret);
        }
    }

    @Test
    void connectEndpointServesTheInstallationForTheCurrentSecretOnlyAndAtMostFivePerMinute() {
        try (VigilInstance vigil = VigilInstance.start(nodeA, clock)) {
            JsonNode docker = vigil.post("/api/v1/targets", "{\"name\":\"d\",\"type\":\"DOCKER\"}").json();
            JsonNode kube = vigil.post("/api/v1/targets", "{\"name\":\"k\",\"type\":\"KUBERNETES\"}").json();
            String dockerId = docker.get("id").asText();

            Answer compose = connect(vigil, dockerId, docker.get("targetSecret").asText());
            assertThat(compose.status()).as(compose.body()).isEqualTo(200);
            assertThat(compose.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/yaml"));
            assertThat(compose.body()).contains("services:", "container_name: vigil-agent",
                    "VIGIL_TARGET_ID: \"" + dockerId + "\"",
                    "VIGIL_TARGET_SECRET: \"" + docker.get("targetSecret").asText() + "\"",
                    "VIGIL_HUB_URL: \"http://localhost:8080\"", "/var/run/docker.sock:/var/run/docker.sock");
            Answer manifest = connect(vigil, kube.get("id").asText(), kube.get("targetSecret").asText());
            assertThat(manifest.status()).isEqualTo(200);
            assertThat(manifest.body()).contains("kind: Namespace", "kind: Secret", "kind: Deployment",
                    "VIGIL_TARGET_SECRET: \"" + kube.get("targetSecret").asText() + "\"", "secretRef:");
            assertThat(kube.get("connectCommand").asText()).endsWith("' | kubectl apply -f -");

            assertThat(connect(vigil, dockerId, "vgs_wrong").status()).isEqualTo(401);
            String newSecret = vigil.post("/api/v1/targets/" + dockerId + "/reconnect", "").json()
                    .get("targetSecret").asText();
            assertThat(connect(vigil, dockerId, docker.get("targetSecret").asText()).status())
                    .as("the connect command of the old secret is dead too").isEqualTo(401);
            assertThat(connect(vigil, dockerId, newSecret).status()).as("fourth request this minute").isEqualTo(200);
            assertThat(connect(vigil, dockerId, newSecret).status()).as("fifth request this minute").isEqualTo(200);
            Answer sixth = connect(vigil, dockerId, newSecret);
            assertThat(sixth.status()).as("sixth request this minute").isEqualTo(429);
            assertThat(sixth.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(connect(vigil, kube.get("id").asText(), kube.get("targetSecret").asText()).status())
                    .as("another target has its own limit").isEqualTo(200);
            clock.advance(Duration.ofSeconds(61));
            assertThat(connect(vigil, dockerId, newSecret).status()).as("a minute later").isEqualTo(200);
            assertThat(vigil.get("/api/agent/v1/connect?targetId=" + dockerId).status())
                    .as("without the secret").isEqualTo(400);
        }
    }

    @Test
    void fiveFailedAgentLoginsInAMinuteOnAnyNodesLockTheTargetsLoginOnEveryNodeUntilTheMinuteHasPassed()
            throws IOException {
        int mongoPort = freePort();
        try (VigilInstance a = VigilInstance.start(nodeA, clock, "--vigil.agent.login-failures=5",
                "--vigil.mongodb.embedded-port=" + mongoPort);
             VigilInstance b = VigilInstance.start(nodeB, clock, "--vigil.agent.login-failures=5",
                     "--vigil.mongodb.uri=mongodb://127.0.0.1:" + mongoPort + "/vigil",
                     "--spring.datasource.url=jdbc:h2:file:" + nodeA + "/eventstore;DB_CLOSE_ON_EXIT=FALSE")) {
            JsonNode created = a.post("/api/v1/targets", "{\"name\":\"edge\",\"type\":\"DOCKER\"}").json();
            String targetId = created.get("id").asText();
            String secret = created.get("targetSecret").asText();
            for (int i = 0; i < 5; i++) {
                VigilInstance node = i < 3 ? a : b;
                assertThat(new ScriptedAgent(node, targetId, "vgs_guess").login().status())
                        .as("failed login " + (i + 1)).isEqualTo(401);
            }
            for (VigilInstance node : List.of(a, b)) {
                Answer locked = new ScriptedAgent(node, targetId, secret).login();
                assertThat(locked.status()).as("even the right secret, while locked, on either node").isEqualTo(429);
                assertThat(locked.raw().headers().firstValue("Retry-After")).isPresent();
                assertThat(locked.json().get("status").asInt()).isEqualTo(429);
            }
            clock.advance(Duration.ofSeconds(61));
            assertThat(new ScriptedAgent(b, targetId, secret).login().status()).isEqualTo(200);
        }
    }

    @Test
    void aTargetRegisteredBeforeReconnectExistedIsRepairedAtStartAndCanBeReconnected() {
        String targetId;
        try (VigilInstance vigil = VigilInstance.start(nodeA, clock)) {
            JsonNode created = vigil.post("/api/v1/targets", "{\"name\":\"old\",\"type\":\"KUBERNETES\"}").json();
            targetId = created.get("id").asText();
            // what an older version's data directory held: no scope entries at all
            vigil.bean(MongoTemplate.class).getCollection("scope_targets").deleteMany(new org.bson.Document());
        }
        try (VigilInstance vigil = VigilInstance.start(nodeA, clock)) {
            MongoTemplate mongo = vigil.bean(MongoTemplate.class);
            VigilInstance.await("the scopes are filled at start", () ->
                    mongo.getCollection("scope_targets").countDocuments(Filters.eq("_id", targetId)) == 1);
            assertThat(vigil.bean(AgentDirectoryBackfill.class).fillIfEmpty()).as("once").isZero();
            Answer rotated = vigil.post("/api/v1/targets/" + targetId + "/reconnect", "");
            assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
            assertThat(rotated.json().get("connectCommand").asText()).endsWith("| kubectl apply -f -");
        }
    }

    private static Answer connect(VigilInstance vigil, String targetId, String secret) {
        return vigil.send(vigil.request("/api/agent/v1/connect?targetId=" + targetId + "&targetSecret=" + secret)
                .GET(), null);
    }

    static String status(VigilInstance vigil, String targetId) {
        return vigil.get("/api/v1/targets/" + targetId).json().path("status").asText();
    }

    static String deploymentStatus(VigilInstance vigil, String targetId) {
        return vigil.get("/api/v1/targets/" + targetId).json().path("deployments").path(0).path("status").asText();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
