package io.vigil.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.testing.MovableClock;
import io.vigil.ui.VigilInstance.Answer;

/** A revision's Compose file reaches its own target's agent, and only that agent. */
class ComposeRevisionTest {

    private static final String COMPOSE = "services:\n  web:\n    image: local/busybox\n\tcommand: [\"sleep\", \"1d\"]\n";

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

    private static JsonNode target(String name) {
        Answer created = vigil.post("/api/v1/targets", VigilInstance.json(Map.of("name", name, "type", "DOCKER")));
        assertThat(created.status()).isEqualTo(201);
        return created.json();
    }

    private static ScriptedAgent agent(JsonNode target) {
        ScriptedAgent agent = new ScriptedAgent(vigil, target.get("id").asText(), target.get("targetSecret").asText());
        assertThat(agent.login().status()).isEqualTo(200);
        return agent;
    }

    private static Answer fetch(ScriptedAgent agent, String deploymentId, String revisionId) {
        return vigil.send(vigil.request("/api/agent/v1/deployments/" + deploymentId + "/revisions/" + revisionId).GET(),
                "Bearer " + agent.token());
    }

    @Test
    void theAgentFetchesTheComposeFileOfEachRevisionAsWritten() {
        JsonNode target = target("compose-host");
        JsonNode deployment = vigil.post("/api/v1/targets/" + target.get("id").asText() + "/deployments",
                VigilInstance.json(Map.of("application", "shop", "version", "1.0", "composeFile", COMPOSE))).json();
        String deploymentId = deployment.get("id").asText();
        String second = vigil.post("/api/v1/deployments/" + deploymentId + "/revisions",
                VigilInstance.json(Map.of("version", "1.1", "composeFile", COMPOSE + "# v1.1\n"))).json()
                .get("revisionId").asText();
        String third = vigil.post("/api/v1/deployments/" + deploymentId + "/revisions",
                VigilInstance.json(Map.of("version", "1.2"))).json().get("revisionId").asText();
        ScriptedAgent agent = agent(target);

        Answer first = fetch(agent, deploymentId, deployment.get("revisionId").asText());
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("composeFile").asText()).isEqualTo(COMPOSE);
        assertThat(fetch(agent, deploymentId, second).json().get("composeFile").asText()).isEqualTo(COMPOSE + "# v1.1\n");
        Answer none = fetch(agent, deploymentId, third);
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().get("composeFile").isNull()).isTrue();
        assertThat(agent.heartbeat().json().get("deployments").get(0).get("revisionId").asText()).isEqualTo(third);
    }

    @Test
    void anotherTargetsAgentCannotReadTheComposeFile() {
        JsonNode owner = target("owner");
        JsonNode stranger = target("stranger");
        JsonNode deployment = vigil.post("/api/v1/targets/" + owner.get("id").asText() + "/deployments",
                VigilInstance.json(Map.of("application", "secret-app", "version", "1", "composeFile", COMPOSE))).json();

        Answer answer = fetch(agent(stranger), deployment.get("id").asText(), deployment.get("revisionId").asText());
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).doesNotContain("busybox");
        Answer anonymous = vigil.send(vigil.request("/api/agent/v1/deployments/" + deployment.get("id").asText()
                + "/revisions/" + deployment.get("revisionId").asText()).GET(), null);
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void aComposeFileWithControlCharactersOrTooLargeIsRefusedAndCreatesNothing() {
        JsonNode target = target("bad-compose");
        String path = "/api/v1/targets/" + target.get("id").asText() + "/deployments";
        Answer control = vigil.post(path, VigilInstance.json(Map.of("application", "a", "version", "1",
                "composeFile", "services:\u0000\n")));
        Answer huge = vigil.post(path, VigilInstance.json(Map.of("application", "a", "version", "1",
                "composeFile", "#".repeat(256 * 1024 + 1))));
        Answer wrongType = vigil.post(path, "{\"application\":\"a\",\"version\":\"1\",\"composeFile\":{\"services\":{}}}");

        for (Answer answer : new Answer[] {control, huge, wrongType}) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
        ScriptedAgent agent = agent(target);
        assertThat(agent.heartbeat().json().get("deployments")).isEmpty();
    }
}
