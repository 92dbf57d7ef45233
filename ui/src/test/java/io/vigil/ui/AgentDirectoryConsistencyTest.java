package io.vigil.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.vigil.command.agent.AgentDirectory;
import io.vigil.command.agent.TargetSecrets;
import io.vigil.kernel.target.TargetCommand.RegisterTarget;
import io.vigil.kernel.target.TargetType;
import io.vigil.testing.MovableClock;

/**
 * The agent directory is written in the command's own transaction: a command whose directory write fails
 * stores no event, and a command that succeeds is visible to the agent API the moment it returns.
 */
class AgentDirectoryConsistencyTest {

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

    @Test
    void aCommandWhoseDirectoryWriteFailsStoresNoEvent() {
        JdbcTemplate jdbc = vigil.bean(JdbcTemplate.class);
        // a row the registration's insert will collide with
        jdbc.update("INSERT INTO agent_target (target_id, target_type, secret_hash, secret_generation, metrics_enabled,"
                + " status, contact_generation) VALUES ('occupied', 'DOCKER', 'x', 1, FALSE, 'NOT_CONNECTED', 0)");
        long eventsBefore = events(jdbc);

        assertThatThrownBy(() -> vigil.bean(CommandGateway.class).sendAndWait(new RegisterTarget("occupied", "edge",
                TargetType.DOCKER, null, TargetSecrets.hash("secret"), "admin")))
                .as("the directory's failure fails the command").isNotNull();

        assertThat(events(jdbc)).as("no event stored for the failed command").isEqualTo(eventsBefore);
    }

    @Test
    void aRegisteredTargetIsInTheDirectoryWhenTheCommandReturns() {
        vigil.bean(CommandGateway.class).sendAndWait(new RegisterTarget("fresh", "edge", TargetType.DOCKER, null,
                TargetSecrets.hash("secret"), "admin"));

        AgentDirectory.TargetEntry entry = vigil.bean(AgentDirectory.class).target("fresh");
        assertThat(entry).isNotNull();
        assertThat(entry.secretGeneration()).isEqualTo(1);
        assertThat(TargetSecrets.matches("secret", entry.secretHash())).isTrue();
    }

    @Test
    void aDataDirectoryWithoutDirectoryRowsIsFilledFromTheEventStoreAtStartUp() {
        VigilInstance.Answer created = vigil.post("/api/v1/targets", "{\"name\":\"old\",\"type\":\"DOCKER\"}");
        String targetId = created.json().get("id").asText();
        String secret = created.json().get("targetSecret").asText();
        String deploymentId = vigil.post("/api/v1/targets/" + targetId + "/deployments",
                "{\"application\":\"shop\",\"version\":\"1\"}").json().get("id").asText();
        JdbcTemplate jdbc = vigil.bean(JdbcTemplate.class);
        for (String table : new String[] {"agent_revision", "agent_deployment", "agent_target"}) {
            jdbc.update("DELETE FROM " + table); // as a data directory from before migration V2
        }
        vigil.close();

        vigil = VigilInstance.start(dataDir, new MovableClock(Instant.parse("2026-03-01T10:00:00Z")));

        VigilInstance.await("the directory is filled", () -> vigil.bean(AgentDirectory.class).target(targetId) != null);
        assertThat(vigil.bean(AgentDirectory.class).target(targetId).deployments()).containsOnlyKeys(deploymentId);
        assertThat(new ScriptedAgent(vigil, targetId, secret).login().status()).isEqualTo(200);
    }

    private static long events(JdbcTemplate jdbc) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
        return count == null ? 0 : count;
    }
}
