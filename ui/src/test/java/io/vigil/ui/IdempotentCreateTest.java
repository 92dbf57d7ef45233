package io.vigil.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.testing.MovableClock;
import io.vigil.ui.VigilInstance.Answer;

/** A client that retries a create after a lost answer must not create twice. */
class IdempotentCreateTest {

    @TempDir
    static Path dataDir;
    static VigilInstance vigil;

    @BeforeAll
    static void start() {
        vigil = VigilInstance.start(dataDir, new MovableClock(Instant.parse("2026-03-01T10:00:00Z")));
    }

    @AfterAll
    static void stop() {
        vigil.close();
    }

    private Answer post(String path, String json, String key) {
        return vigil.send(vigil.request(path).POST(VigilInstance.body(json)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key), VigilInstance.basic("admin", VigilInstance.ADMIN_PASSWORD));
    }

    /** Targets in the view once every projection has handled every stored event (views are eventually consistent). */
    private int targetCount() {
        Long head = vigil.bean(org.springframework.jdbc.core.JdbcTemplate.class)
                .queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry", Long.class);
        VigilInstance.await("the projections have reached the newest event", () -> {
            for (var projection : vigil.get("/api/v1/admin/projections").json()) {
                if (head != null && projection.get("position").asLong(-1) < head) {
                    return false;
                }
            }
            return true;
        });
        return vigil.get("/api/v1/targets").json().get("items").size();
    }

    @Test
    void retriedTargetRegistrationCreatesOneTargetAndDoesNotRevealTheSecretAgain() {
        int before = targetCount();
        Answer first = post("/api/v1/targets", "{\"name\":\"retry-me\",\"type\":\"DOCKER\"}", "key-target-1");
        Answer retry = post("/api/v1/targets", "{\"name\":\"retry-me\",\"type\":\"DOCKER\"}", "key-target-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(first.json().get("targetSecret").asText()).startsWith("vgs_");
        assertThat(retry.json().get("targetSecret").isNull()).isTrue();
        assertThat(retry.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(targetCount()).isEqualTo(before + 1);
    }

    @Test
    void retriedDeploymentAndRevisionCreatesWriteOnce() {
        String targetId = vigil.post("/api/v1/targets", "{\"name\":\"t\",\"type\":\"DOCKER\"}").json().get("id").asText();
        String body = "{\"application\":\"shop\",\"version\":\"1.0\"}";
        Answer first = post("/api/v1/targets/" + targetId + "/deployments", body, "key-dep-1");
        Answer retry = post("/api/v1/targets/" + targetId + "/deployments", body, "key-dep-1");
        assertThat(retry.json()).isEqualTo(first.json());

        String deploymentId = first.json().get("id").asText();
        Answer revision = post("/api/v1/deployments/" + deploymentId + "/revisions", "{\"version\":\"1.1\"}", "key-rev-1");
        Answer revisionRetry = post("/api/v1/deployments/" + deploymentId + "/revisions", "{\"version\":\"1.1\"}", "key-rev-1");
        assertThat(revisionRetry.json()).isEqualTo(revision.json());

        VigilInstance.await("the deployment view has its revision", () -> vigil.get("/api/v1/targets/" + targetId)
                .json().get("deployments").size() == 1);
        VigilInstance.await("the second revision is current", () -> vigil.get("/api/v1/targets/" + targetId)
                .json().get("deployments").get(0).get("revisionNumber").asInt() == 2);
        assertThat(vigil.get("/api/v1/targets/" + targetId).json().get("deployments").get(0).get("revisionId").asText())
                .isEqualTo(revision.json().get("revisionId").asText());
    }

    @Test
    void aKeyReusedForADifferentRequestIsRefusedAndWritesNothing() {
        post("/api/v1/targets", "{\"name\":\"first\",\"type\":\"DOCKER\"}", "key-reused");
        int before = targetCount();
        Answer other = post("/api/v1/targets", "{\"name\":\"second\",\"type\":\"DOCKER\"}", "key-reused");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("detail").asText()).contains("Idempotency-Key");
        assertThat(targetCount()).isEqualTo(before);
    }

    @Test
    void requestsWithoutAKeyAreIndependent() {
        int before = targetCount();
        vigil.post("/api/v1/targets", "{\"name\":\"twin\",\"type\":\"DOCKER\"}");
        vigil.post("/api/v1/targets", "{\"name\":\"twin\",\"type\":\"DOCKER\"}");
        assertThat(targetCount()).isEqualTo(before + 2);
    }
}
