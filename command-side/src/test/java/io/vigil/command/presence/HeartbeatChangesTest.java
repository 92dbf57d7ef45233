package io.vigil.command.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.vigil.command.agent.AgentDirectory;
import io.vigil.command.agent.AgentDirectory.DeploymentEntry;
import io.vigil.command.agent.AgentDirectory.TargetEntry;
import io.vigil.command.presence.HeartbeatChanges.Commands;
import io.vigil.kernel.deployment.DeploymentCommand.ReportDeploymentStatus;
import io.vigil.kernel.deployment.DeploymentStatus;
import io.vigil.kernel.protocol.AgentProtocol.DeploymentReport;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatRequest;
import io.vigil.kernel.target.ConnectionStatus;
import io.vigil.kernel.target.TargetCommand.RecordHeartbeat;

/** Only a heartbeat that says something the aggregates do not know yet becomes commands (DESIGN §2). */
class HeartbeatChangesTest {

    private static final String TARGET = "target-1";
    private static final long GENERATION = 1;
    private static final Instant NOW = Instant.parse("2026-01-31T12:00:05Z");

    private static final HeartbeatRequest REQUEST = new HeartbeatRequest("1.0.0", List.of(
            new DeploymentReport("web", "rev-1", DeploymentStatus.HEALTHY, "all healthchecks pass"),
            new DeploymentReport("db", "rev-7", DeploymentStatus.RUNNING, null)));

    @Test
    void firstEverHeartbeatSendsTheTargetAndEveryDeploymentReport() {
        TargetEntry registered = target(ConnectionStatus.NOT_CONNECTED, null, 0,
                deployment("web", null, DeploymentStatus.NO_STATUS, null),
                deployment("db", null, DeploymentStatus.NO_STATUS, null));

        Commands commands = HeartbeatChanges.of(registered, GENERATION, REQUEST, NOW);

        assertThat(commands.none()).isFalse();
        assertThat(commands.target()).isEqualTo(new RecordHeartbeat(TARGET, "1.0.0", GENERATION, NOW));
        assertThat(commands.deployments()).containsExactly(
                new ReportDeploymentStatus("web", "rev-1", DeploymentStatus.HEALTHY, "all healthchecks pass", NOW),
                new ReportDeploymentStatus("db", "rev-7", DeploymentStatus.RUNNING, null, NOW));
    }

    @Test
    void heartbeatRepeatingWhatTheAggregatesKnowSendsNothing() {
        Commands commands = HeartbeatChanges.of(known(), GENERATION, REQUEST, NOW);

        assertThat(commands.none()).isTrue();
        assertThat(commands.target()).isNull();
        assertThat(commands.deployments()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targetChanges")
    void changeOfTheTargetSendsOnlyTheTargetCommand(String change, UnaryOperator<TargetEntry> edit, long generation) {
        Commands commands = HeartbeatChanges.of(edit.apply(known()), generation, REQUEST, NOW);

        assertThat(commands.target()).isEqualTo(new RecordHeartbeat(TARGET, "1.0.0", generation, NOW));
        assertThat(commands.deployments()).isEmpty();
    }

    static Stream<Arguments> targetChanges() {
        return Stream.of(
                Arguments.of("new agent version", edit(t -> target(t.status(), "0.9.0", t.contactGeneration(),
                        t.deployments().values().toArray(DeploymentEntry[]::new))), GENERATION),
                Arguments.of("new secret generation", edit(t -> t), GENERATION + 1),
                Arguments.of("target is Stale", edit(t -> target(ConnectionStatus.STALE, t.agentVersion(),
                        t.contactGeneration(), t.deployments().values().toArray(DeploymentEntry[]::new))), GENERATION),
                Arguments.of("target is Not connected (after a rotation)", edit(t -> target(
                        ConnectionStatus.NOT_CONNECTED, t.agentVersion(), t.contactGeneration(),
                        t.deployments().values().toArray(DeploymentEntry[]::new))), GENERATION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deploymentChanges")
    void changeOfOneDeploymentSendsOnlyThatReport(String change, DeploymentEntry knownWeb) {
        TargetEntry known = target(ConnectionStatus.CONNECTED, "1.0.0", GENERATION, knownWeb,
                deployment("db", "rev-7", DeploymentStatus.RUNNING, null));

        Commands commands = HeartbeatChanges.of(known, GENERATION, REQUEST, NOW);

        assertThat(commands.target()).isNull();
        assertThat(commands.deployments()).containsExactly(new ReportDeploymentStatus("web", "rev-1",
                DeploymentStatus.HEALTHY, "all healthchecks pass", NOW));
    }

    static Stream<Arguments> deploymentChanges() {
        return Stream.of(
                Arguments.of("status", deployment("web", "rev-1", DeploymentStatus.PROGRESSING, "all healthchecks pass")),
                Arguments.of("message", deployment("web", "rev-1", DeploymentStatus.HEALTHY, "1 of 2 healthchecks pass")),
                Arguments.of("message appeared", deployment("web", "rev-1", DeploymentStatus.HEALTHY, null)),
                Arguments.of("revision", deployment("web", "rev-0", DeploymentStatus.HEALTHY, "all healthchecks pass")),
                Arguments.of("never reported", deployment("web", null, DeploymentStatus.NO_STATUS, null)),
                Arguments.of("marked Stale", deployment("web", "rev-1", DeploymentStatus.STALE, "all healthchecks pass")));
    }

    @Test
    void newlyReportedDeploymentSendsOnlyItsReport() {
        HeartbeatRequest withNewDeployment = new HeartbeatRequest("1.0.0", List.of(REQUEST.deployments().get(0),
                REQUEST.deployments().get(1), new DeploymentReport("cache", "rev-1", DeploymentStatus.PROGRESSING,
                        "starting")));

        Commands commands = HeartbeatChanges.of(known(), GENERATION, withNewDeployment, NOW);

        assertThat(commands.target()).isNull();
        assertThat(commands.deployments()).containsExactly(new ReportDeploymentStatus("cache", "rev-1",
                DeploymentStatus.PROGRESSING, "starting", NOW));
    }

    /** The directory entry once the aggregates recorded REQUEST. */
    private static TargetEntry known() {
        return target(ConnectionStatus.CONNECTED, "1.0.0", GENERATION,
                deployment("web", "rev-1", DeploymentStatus.HEALTHY, "all healthchecks pass"),
                deployment("db", "rev-7", DeploymentStatus.RUNNING, null));
    }

    private static TargetEntry target(ConnectionStatus status, String agentVersion, long contactGeneration,
                                      DeploymentEntry... deployments) {
        Map<String, DeploymentEntry> entries = new LinkedHashMap<>();
        for (DeploymentEntry deployment : deployments) {
            entries.put(deployment.deploymentId(), deployment);
        }
        return new TargetEntry(TARGET, "hash", GENERATION, false, status, agentVersion, contactGeneration, entries,
                AgentDirectory.AlertWatch.NONE);
    }

    private static DeploymentEntry deployment(String id, String reportedRevisionId, DeploymentStatus status,
                                              String message) {
        return new DeploymentEntry(id, "rev-1", true, reportedRevisionId, status, message);
    }

    private static UnaryOperator<TargetEntry> edit(UnaryOperator<TargetEntry> edit) {
        return edit;
    }
}
