package io.vigil.command.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.vigil.command.agent.AgentDirectory.DeploymentEntry;
import io.vigil.command.agent.AgentDirectory.TargetEntry;
import io.vigil.kernel.deployment.DeploymentStatus;
import io.vigil.kernel.protocol.AgentProtocol.DeploymentReport;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatRequest;
import io.vigil.kernel.target.ConnectionStatus;

/** What an agent author is told about a heartbeat the hub cannot accept (DESIGN §4). */
class HeartbeatValidationTest {

    private static final DeploymentReport WEB = new DeploymentReport("web", "rev-1", DeploymentStatus.HEALTHY, "ok");

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptableHeartbeats")
    void acceptableHeartbeatHasNoShapeProblems(String situation, HeartbeatRequest request) {
        assertThat(HeartbeatValidation.shapeProblems(request)).isEmpty();
    }

    static Stream<Arguments> acceptableHeartbeats() {
        return Stream.of(
                Arguments.of("a target running no deployments", new HeartbeatRequest("1.0.0", List.of())),
                Arguments.of("one report without a message", new HeartbeatRequest("1.0.0",
                        List.of(new DeploymentReport("web", "rev-1", DeploymentStatus.RUNNING, null)))),
                Arguments.of("every reportable status", new HeartbeatRequest("1.0.0", List.of(
                        new DeploymentReport("a", "r", DeploymentStatus.HEALTHY, null),
                        new DeploymentReport("b", "r", DeploymentStatus.RUNNING, null),
                        new DeploymentReport("c", "r", DeploymentStatus.PROGRESSING, null),
                        new DeploymentReport("d", "r", DeploymentStatus.ERROR, null)))),
                Arguments.of("limits reached but not exceeded", new HeartbeatRequest("v".repeat(100),
                        reports(1000, "m".repeat(4096)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeartbeats")
    void malformedHeartbeatIsDescribedSoTheAgentAuthorCanFixIt(String situation, HeartbeatRequest request,
                                                               String problem) {
        assertThat(HeartbeatValidation.shapeProblems(request)).containsExactly(problem);
    }

    static Stream<Arguments> malformedHeartbeats() {
        return Stream.of(
                Arguments.of("no agent version", new HeartbeatRequest(null, List.of()), "agentVersion is required"),
                Arguments.of("blank agent version", new HeartbeatRequest("  ", List.of()), "agentVersion is required"),
                Arguments.of("overlong agent version", new HeartbeatRequest("v".repeat(101), List.of()),
                        "agentVersion is longer than 100 characters"),
                Arguments.of("no deployments list", new HeartbeatRequest("1.0.0", null),
                        "deployments is required (an empty list when the target runs none)"),
                Arguments.of("too many deployments", new HeartbeatRequest("1.0.0", reports(1001, null)),
                        "deployments has 1001 entries; at most 1000"),
                Arguments.of("a null entry", new HeartbeatRequest("1.0.0", Arrays.asList(WEB, null)),
                        "deployments[1] is null"),
                Arguments.of("no deployment id", new HeartbeatRequest("1.0.0",
                        List.of(new DeploymentReport(" ", "rev-1", DeploymentStatus.HEALTHY, null))),
                        "deployments[0].deploymentId is required"),
                Arguments.of("the same deployment twice", new HeartbeatRequest("1.0.0", List.of(WEB, WEB)),
                        "deployments[1].deploymentId web is reported twice"),
                Arguments.of("no revision id", new HeartbeatRequest("1.0.0",
                        List.of(new DeploymentReport("web", null, DeploymentStatus.HEALTHY, null))),
                        "deployments[0].revisionId is required"),
                Arguments.of("no status", new HeartbeatRequest("1.0.0",
                        List.of(new DeploymentReport("web", "rev-1", null, null))),
                        "deployments[0].status is required: one of HEALTHY, RUNNING, PROGRESSING, ERROR"),
                Arguments.of("status STALE", new HeartbeatRequest("1.0.0",
                        List.of(new DeploymentReport("web", "rev-1", DeploymentStatus.STALE, null))),
                        "deployments[0].status STALE cannot be reported; one of HEALTHY, RUNNING, PROGRESSING, ERROR"),
                Arguments.of("status NO_STATUS", new HeartbeatRequest("1.0.0",
                        List.of(new DeploymentReport("web", "rev-1", DeploymentStatus.NO_STATUS, null))),
                        "deployments[0].status NO_STATUS cannot be reported; one of HEALTHY, RUNNING, PROGRESSING, ERROR"),
                Arguments.of("overlong message", new HeartbeatRequest("1.0.0",
                        List.of(new DeploymentReport("web", "rev-1", DeploymentStatus.ERROR, "m".repeat(4097)))),
                        "deployments[0].message is longer than 4096 characters"));
    }

    @Test
    void everyProblemOfAHeartbeatIsReportedAtOnce() {
        HeartbeatRequest request = new HeartbeatRequest("", List.of(
                new DeploymentReport("web", "", DeploymentStatus.HEALTHY, null),
                new DeploymentReport("web", "rev-1", null, null)));

        assertThat(HeartbeatValidation.shapeProblems(request)).containsExactly(
                "agentVersion is required",
                "deployments[0].revisionId is required",
                "deployments[1].deploymentId web is reported twice",
                "deployments[1].status is required: one of HEALTHY, RUNNING, PROGRESSING, ERROR");
    }

    @Test
    void reportsAboutThisTargetsOwnDeploymentsAndRevisionsAreAccepted() {
        HeartbeatRequest request = new HeartbeatRequest("1.0.0", List.of(WEB,
                new DeploymentReport("db", "rev-3", DeploymentStatus.RUNNING, null)));

        assertThat(HeartbeatValidation.ownershipProblems(request, target(), OLDER_REVISIONS)).isEmpty();
    }

    @Test
    void anOlderRevisionStillRunningIsLookedUpAndAccepted() {
        HeartbeatRequest request = new HeartbeatRequest("1.0.0", List.of(
                new DeploymentReport("web", "rev-0", DeploymentStatus.RUNNING, null)));

        assertThat(HeartbeatValidation.ownershipProblems(request, target(), OLDER_REVISIONS)).isEmpty();
    }

    @Test
    void theCurrentAndTheLastReportedRevisionNeedNoLookup() {
        HeartbeatRequest request = new HeartbeatRequest("1.0.0", List.of(
                new DeploymentReport("web", "rev-1", DeploymentStatus.RUNNING, null),
                new DeploymentReport("db", "rev-3", DeploymentStatus.RUNNING, null)));

        assertThat(HeartbeatValidation.ownershipProblems(request, target(), (deployment, revision) -> {
            throw new AssertionError("looked up " + deployment + "/" + revision);
        })).isEmpty();
    }

    @Test
    void reportsAboutAnotherTargetsDeploymentOrAnUnknownRevisionAreRefused() {
        HeartbeatRequest request = new HeartbeatRequest("1.0.0", List.of(
                new DeploymentReport("someone-elses", "rev-1", DeploymentStatus.HEALTHY, null),
                new DeploymentReport("web", "rev-9", DeploymentStatus.HEALTHY, null),
                WEB));

        assertThat(HeartbeatValidation.ownershipProblems(request, target(), OLDER_REVISIONS)).containsExactly(
                "deployment someone-elses is not a deployment of this target",
                "revision rev-9 is not a revision of deployment web");
    }

    /** The revisions the directory knows besides the current and last reported ones: web's first. */
    private static final BiPredicate<String, String> OLDER_REVISIONS =
            (deployment, revision) -> deployment.equals("web") && revision.equals("rev-0");

    private static TargetEntry target() {
        return new TargetEntry("target-1", "hash", 1, false, ConnectionStatus.CONNECTED, "1.0.0", 1, Map.of(
                "web", new DeploymentEntry("web", "rev-2", true, "rev-1", DeploymentStatus.HEALTHY, null),
                "db", new DeploymentEntry("db", "rev-3", false, null, DeploymentStatus.NO_STATUS, null)),
                AgentDirectory.AlertWatch.NONE);
    }

    private static List<DeploymentReport> reports(int count, String message) {
        return IntStream.range(0, count)
                .mapToObj(i -> new DeploymentReport("d" + i, "rev-1", DeploymentStatus.HEALTHY, message))
                .toList();
    }
}
