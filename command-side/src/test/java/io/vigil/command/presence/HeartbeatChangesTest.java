package io.vigil.command.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.vigil.command.presence.HeartbeatChanges.Commands;
import io.vigil.kernel.deployment.DeploymentCommand.ReportDeploymentStatus;
import io.vigil.kernel.deployment.DeploymentStatus;
import io.vigil.kernel.protocol.AgentProtocol.DeploymentReport;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatRequest;
import io.vigil.kernel.target.TargetCommand.RecordHeartbeat;

/** Only a heartbeat that says something the aggregates do not know yet becomes commands (DESIGN §2). */
class HeartbeatChangesTest {

    private static final String TARGET = "target-1";
    private static final long GENERATION = 1;
    private static final Instant LAST_SEEN = Instant.parse("2026-01-31T12:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-31T12:00:05Z");

    private static final HeartbeatRequest REQUEST = new HeartbeatRequest("1.0.0", List.of(
            new DeploymentReport("web", "rev-1", DeploymentStatus.HEALTHY, "all healthchecks pass"),
            new DeploymentReport("db", "rev-7", DeploymentStatus.RUNNING, null)));

    @Test
    void firstEverHeartbeatSendsTheTargetAndEveryDeploymentReport() {
        Commands commands = HeartbeatChanges.of(null, TARGET, GENERATION, REQUEST, NOW);

        assertThat(commands.none()).isFalse();
        assertThat(commands.target()).isEqualTo(new RecordHeartbeat(TARGET, "1.0.0", GENERATION, 0, null, NOW));
        assertThat(commands.deployments()).containsExactly(
                new ReportDeploymentStatus("web", "rev-1", DeploymentStatus.HEALTHY, "all healthchecks pass", 0,
                        null, NOW),
                new ReportDeploymentStatus("db", "rev-7", DeploymentStatus.RUNNING, null, 0, null, NOW));
    }

    @Test
    void heartbeatWhoseEarlierCommandsWereNeverConfirmedSendsThemAgain() {
        Document touchedOnly = new Document("_id", TARGET).append("lastSeen", Date.from(LAST_SEEN))
                .append("deployments", new Document("web", new Document("lastSeen", Date.from(LAST_SEEN)))
                        .append("db", new Document("lastSeen", Date.from(LAST_SEEN))));

        Commands commands = HeartbeatChanges.of(touchedOnly, TARGET, GENERATION, REQUEST, NOW);

        assertThat(commands.target()).isEqualTo(new RecordHeartbeat(TARGET, "1.0.0", GENERATION, 0, LAST_SEEN, NOW));
        assertThat(commands.deployments()).extracting(ReportDeploymentStatus::deploymentId)
                .containsExactly("web", "db");
    }

    @Test
    void confirmedIdenticalHeartbeatSendsNothing() {
        Commands commands = HeartbeatChanges.of(confirmed(), TARGET, GENERATION, REQUEST, NOW);

        assertThat(commands.none()).isTrue();
        assertThat(commands.target()).isNull();
        assertThat(commands.deployments()).isEmpty();
    }

    @Test
    void heartbeatAfterAStaleMarkCarriesTheStoredEpochsAndWhenItWasLastSeen() {
        Instant webLastSeen = Instant.parse("2026-01-31T11:58:00Z");
        Document before = confirmed();
        before.append("marked", true).append("epoch", 3L);
        deployment(before, "web").append("marked", true).append("epoch", 2L)
                .append("lastSeen", Date.from(webLastSeen));

        Commands commands = HeartbeatChanges.of(before, TARGET, GENERATION, REQUEST, NOW);

        assertThat(commands.target()).isEqualTo(new RecordHeartbeat(TARGET, "1.0.0", GENERATION, 3, LAST_SEEN, NOW));
        assertThat(commands.deployments()).containsExactly(new ReportDeploymentStatus("web", "rev-1",
                DeploymentStatus.HEALTHY, "all healthchecks pass", 2, webLastSeen, NOW));
    }

    @Test
    void unmarkedTargetStillCarriesItsLastEpochWhenSomethingElseChanged() {
        Document before = confirmed().append("epoch", 4L);

        Commands commands = HeartbeatChanges.of(before, TARGET, GENERATION,
                new HeartbeatRequest("1.1.0", REQUEST.deployments()), NOW);

        assertThat(commands.target().staleEpoch()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targetChanges")
    void changeOfTheTargetSendsOnlyTheTargetCommand(String change, Consumer<Document> edit, long generation) {
        Document before = confirmed();
        edit.accept(before);

        Commands commands = HeartbeatChanges.of(before, TARGET, generation, REQUEST, NOW);

        assertThat(commands.target()).isEqualTo(new RecordHeartbeat(TARGET, "1.0.0", generation, 0, LAST_SEEN, NOW));
        assertThat(commands.deployments()).isEmpty();
    }

    static Stream<Arguments> targetChanges() {
        return Stream.of(
                Arguments.of("new agent version", (Consumer<Document>) doc -> doc.put("agentVersion", "0.9.0"),
                        GENERATION),
                Arguments.of("new secret generation", (Consumer<Document>) doc -> { }, GENERATION + 1),
                Arguments.of("target marked stale", (Consumer<Document>) doc -> doc.put("marked", true),
                        GENERATION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deploymentChanges")
    void changeOfOneDeploymentSendsOnlyThatReport(String change, Consumer<Document> editWeb) {
        Document before = confirmed();
        editWeb.accept(deployment(before, "web"));

        Commands commands = HeartbeatChanges.of(before, TARGET, GENERATION, REQUEST, NOW);

        assertThat(commands.target()).isNull();
        assertThat(commands.deployments()).containsExactly(new ReportDeploymentStatus("web", "rev-1",
                DeploymentStatus.HEALTHY, "all healthchecks pass", 0, LAST_SEEN, NOW));
    }

    static Stream<Arguments> deploymentChanges() {
        return Stream.of(
                Arguments.of("status", (Consumer<Document>) web -> web.put("status", "PROGRESSING")),
                Arguments.of("message", (Consumer<Document>) web -> web.put("message", "1 of 2 healthchecks pass")),
                Arguments.of("message appeared", (Consumer<Document>) web -> web.put("message", null)),
                Arguments.of("revision", (Consumer<Document>) web -> web.put("revisionId", "rev-0")),
                Arguments.of("never confirmed", (Consumer<Document>) web -> web.put("confirmed", false)),
                Arguments.of("marked stale", (Consumer<Document>) web -> web.put("marked", true)));
    }

    @Test
    void newlyReportedDeploymentSendsOnlyItsReport() {
        HeartbeatRequest withNewDeployment = new HeartbeatRequest("1.0.0", List.of(REQUEST.deployments().get(0),
                REQUEST.deployments().get(1), new DeploymentReport("cache", "rev-1", DeploymentStatus.PROGRESSING,
                        "starting")));

        Commands commands = HeartbeatChanges.of(confirmed(), TARGET, GENERATION, withNewDeployment, NOW);

        assertThat(commands.target()).isNull();
        assertThat(commands.deployments()).containsExactly(new ReportDeploymentStatus("cache", "rev-1",
                DeploymentStatus.PROGRESSING, "starting", 0, null, NOW));
    }

    /** The presence document as PresenceStore.touch answers it after REQUEST was confirmed. */
    private static Document confirmed() {
        return new Document("_id", TARGET)
                .append("lastSeen", Date.from(LAST_SEEN))
                .append("confirmed", true)
                .append("agentVersion", "1.0.0")
                .append("generation", GENERATION)
                .append("marked", false)
                .append("deployments", new Document()
                        .append("web", confirmedDeployment("rev-1", "HEALTHY", "all healthchecks pass"))
                        .append("db", confirmedDeployment("rev-7", "RUNNING", null)));
    }

    private static Document confirmedDeployment(String revisionId, String status, String message) {
        return new Document("lastSeen", Date.from(LAST_SEEN)).append("confirmed", true)
                .append("revisionId", revisionId).append("status", status).append("message", message)
                .append("marked", false);
    }

    private static Document deployment(Document presence, String deploymentId) {
        return presence.get("deployments", Document.class).get(deploymentId, Document.class);
    }
}
