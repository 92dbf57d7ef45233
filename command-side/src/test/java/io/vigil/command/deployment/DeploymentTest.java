package io.vigil.command.deployment;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.containsString;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.vigil.kernel.deployment.DeploymentCommand.CreateDeployment;
import io.vigil.kernel.deployment.DeploymentCommand.CreateDeploymentRevision;
import io.vigil.kernel.deployment.DeploymentCommand.MarkDeploymentStale;
import io.vigil.kernel.deployment.DeploymentCommand.ReportDeploymentStatus;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentRevisionCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentStatusChanged;
import io.vigil.kernel.deployment.DeploymentStatus;

/** Which reports and stale marks become status transitions of a deployment (DESIGN §3). */
class DeploymentTest {

    private static final String DEPLOYMENT = "deployment-1";
    private static final String TARGET = "target-1";
    private static final Instant T1 = Instant.parse("2026-01-31T12:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-31T12:00:05Z");
    private static final Instant T3 = Instant.parse("2026-01-31T12:05:00Z");

    private FixtureConfiguration<Deployment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Deployment.class);
    }

    @Test
    void creatingADeploymentRecordsItAndItsFirstRevision() {
        fixture.givenNoPriorActivity()
                .when(new CreateDeployment(DEPLOYMENT, TARGET, "shop", "1.0.0", "rev-1", true, "alice"))
                .expectEvents(new DeploymentCreated(DEPLOYMENT, TARGET, "shop", true, "alice"),
                        new DeploymentRevisionCreated(DEPLOYMENT, TARGET, "rev-1", 1, "1.0.0", "alice"));
    }

    @Test
    void newRevisionGetsTheNextRevisionNumber() {
        fixture.given(history())
                .when(new CreateDeploymentRevision(DEPLOYMENT, "rev-2", "1.1.0", "bob"))
                .expectEvents(new DeploymentRevisionCreated(DEPLOYMENT, TARGET, "rev-2", 2, "1.1.0", "bob"));
    }

    @Test
    void aRevisionCarriesItsComposeFile() {
        fixture.givenNoPriorActivity()
                .when(new CreateDeployment(DEPLOYMENT, TARGET, "shop", "1.0.0", "rev-1", true, "alice", "services: {}\n"))
                .expectEvents(new DeploymentCreated(DEPLOYMENT, TARGET, "shop", true, "alice"),
                        new DeploymentRevisionCreated(DEPLOYMENT, TARGET, "rev-1", 1, "1.0.0", "alice", "services: {}\n"));
        fixture.given(history())
                .when(new CreateDeploymentRevision(DEPLOYMENT, "rev-2", "1.1.0", "bob", "services: {}\n"))
                .expectEvents(new DeploymentRevisionCreated(DEPLOYMENT, TARGET, "rev-2", 2, "1.1.0", "bob", "services: {}\n"));
    }

    @Test
    void thirdRevisionIsNumberThree() {
        fixture.given(history(revision2()))
                .when(new CreateDeploymentRevision(DEPLOYMENT, "rev-3", "1.2.0", "bob"))
                .expectEvents(new DeploymentRevisionCreated(DEPLOYMENT, TARGET, "rev-3", 3, "1.2.0", "bob"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rev-1", "rev-2"})
    void retriedRevisionRecordsNothing(String revisionId) {
        fixture.given(history(revision2()))
                .when(new CreateDeploymentRevision(DEPLOYMENT, revisionId, "1.1.0", "bob"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void firstReportChangesNoStatusToTheReportedStatus() {
        fixture.given(history())
                .when(report("rev-1", DeploymentStatus.HEALTHY, "all healthchecks pass", T1))
                .expectEvents(changed("rev-1", DeploymentStatus.NO_STATUS, DeploymentStatus.HEALTHY,
                        "all healthchecks pass", 0));
    }

    @Test
    void identicalReportRecordsNothing() {
        fixture.given(history(healthy()))
                .when(report("rev-1", DeploymentStatus.HEALTHY, "all healthchecks pass", T2))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changingReports")
    void reportThatChangesWhatUsersSeeIsRecorded(String change, String revisionId, DeploymentStatus status,
                                                 String message) {
        fixture.given(history(revision2(), healthy()))
                .when(report(revisionId, status, message, T2))
                .expectEvents(changed(revisionId, DeploymentStatus.HEALTHY, status, message, 0));
    }

    static Stream<Arguments> changingReports() {
        return Stream.of(
                Arguments.of("status", "rev-1", DeploymentStatus.ERROR, "all healthchecks pass"),
                Arguments.of("message", "rev-1", DeploymentStatus.HEALTHY, "2 of 2 healthchecks pass"),
                Arguments.of("message removed", "rev-1", DeploymentStatus.HEALTHY, null),
                Arguments.of("revision", "rev-2", DeploymentStatus.HEALTHY, "all healthchecks pass"));
    }

    @Test
    void staleMarkRecordsStaleWithAMessageNamingTheLastReportTime() {
        fixture.given(history(healthy()))
                .when(new MarkDeploymentStale(DEPLOYMENT, 1, T1))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        staleTransition(DeploymentStatus.HEALTHY, 1, T1), andNoMore())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredStaleMarks")
    void staleMarkRecordsNothingWhenThereIsNoReportedStatusToLose(String situation, List<Object> events,
                                                                   long epoch) {
        fixture.given(events)
                .when(new MarkDeploymentStale(DEPLOYMENT, epoch, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    static Stream<Arguments> ignoredStaleMarks() {
        return Stream.of(
                Arguments.of("never reported: it stays No status", history(), 1),
                Arguments.of("already Stale for that epoch (a second sweeper node)",
                        history(healthy(), stale(DeploymentStatus.HEALTHY, 1, T1)), 1),
                Arguments.of("a report already recorded that epoch",
                        history(healthy(), stale(DeploymentStatus.HEALTHY, 1, T1),
                                changed("rev-1", DeploymentStatus.STALE, DeploymentStatus.HEALTHY,
                                        "all healthchecks pass", 1)), 1),
                Arguments.of("an epoch older than the one handled",
                        history(healthy(), stale(DeploymentStatus.HEALTHY, 2, T1),
                                changed("rev-1", DeploymentStatus.STALE, DeploymentStatus.HEALTHY,
                                        "all healthchecks pass", 2)), 1));
    }

    @Test
    void reportAfterStaleRecordsTheRecovery() {
        fixture.given(history(healthy(), stale(DeploymentStatus.HEALTHY, 1, T1)))
                .when(report("rev-1", DeploymentStatus.HEALTHY, "all healthchecks pass", T3))
                .expectEvents(changed("rev-1", DeploymentStatus.STALE, DeploymentStatus.HEALTHY,
                        "all healthchecks pass", 1));
    }

    @Test
    void retriedStaleMarkAfterTheRecoveryRecordsNothing() {
        fixture.given(history(healthy(), stale(DeploymentStatus.HEALTHY, 1, T1),
                        changed("rev-1", DeploymentStatus.STALE, DeploymentStatus.ERROR, "container web exited", 1)))
                .when(new MarkDeploymentStale(DEPLOYMENT, 1, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DeploymentStatus.class, names = {"NO_STATUS", "STALE"})
    void agentCannotReportTheHubsOwnConclusions(DeploymentStatus status) {
        fixture.given(history(healthy()))
                .when(report("rev-1", status, null, T2))
                .expectException(IllegalArgumentException.class)
                .expectExceptionMessage(containsString(status.name()))
                .expectNoEvents();
    }

    @Test
    void reportOfAnUnknownRevisionIsRefused() {
        fixture.given(history())
                .when(report("rev-9", DeploymentStatus.HEALTHY, null, T1))
                .expectException(IllegalArgumentException.class)
                .expectExceptionMessage(containsString("rev-9"))
                .expectNoEvents();
    }

    /** A transition to STALE whose message names when the agent last reported. */
    private static Matcher<Object> staleTransition(DeploymentStatus previous, long epoch, Instant lastReportAt) {
        return matches(payload -> payload instanceof DeploymentStatusChanged event
                && event.deploymentId().equals(DEPLOYMENT) && event.targetId().equals(TARGET)
                && "rev-1".equals(event.revisionId()) && event.previousStatus() == previous
                && event.status() == DeploymentStatus.STALE && event.staleEpoch() == epoch
                && event.message() != null && event.message().contains(lastReportAt.toString()));
    }

    /** The events CreateDeployment records (the deployment and its first revision), then {@code later}. */
    private static List<Object> history(Object... later) {
        return Stream.concat(Stream.of(new DeploymentCreated(DEPLOYMENT, TARGET, "shop", true, "alice"),
                new DeploymentRevisionCreated(DEPLOYMENT, TARGET, "rev-1", 1, "1.0.0", "alice")), Stream.of(later))
                .toList();
    }

    private static DeploymentRevisionCreated revision2() {
        return new DeploymentRevisionCreated(DEPLOYMENT, TARGET, "rev-2", 2, "1.1.0", "bob");
    }

    private static DeploymentStatusChanged healthy() {
        return changed("rev-1", DeploymentStatus.NO_STATUS, DeploymentStatus.HEALTHY, "all healthchecks pass", 0);
    }

    private static DeploymentStatusChanged stale(DeploymentStatus previous, long epoch, Instant lastReportAt) {
        return new DeploymentStatusChanged(DEPLOYMENT, TARGET, "rev-1", previous, DeploymentStatus.STALE,
                "no status reported by the agent since " + lastReportAt, epoch);
    }

    private static DeploymentStatusChanged changed(String revisionId, DeploymentStatus previous,
                                                   DeploymentStatus status, String message, long epoch) {
        return new DeploymentStatusChanged(DEPLOYMENT, TARGET, revisionId, previous, status, message, epoch);
    }

    private static ReportDeploymentStatus report(String revisionId, DeploymentStatus status, String message,
                                                 Instant reportedAt) {
        return new ReportDeploymentStatus(DEPLOYMENT, revisionId, status, message, reportedAt);
    }
}
