package io.vigil.command.target;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.vigil.kernel.target.TargetCommand.AssignTarget;
import io.vigil.kernel.target.TargetCommand.MarkTargetStale;
import io.vigil.kernel.target.TargetCommand.RotateTargetSecret;
import io.vigil.kernel.target.TargetEvent.TargetAssigned;
import io.vigil.kernel.target.TargetEvent.TargetSecretRotated;
import io.vigil.kernel.target.TargetCommand.RecordHeartbeat;
import io.vigil.kernel.target.TargetCommand.RegisterTarget;
import io.vigil.kernel.target.TargetEvent.ContactReason;
import io.vigil.kernel.target.TargetEvent.HeartbeatReceived;
import io.vigil.kernel.target.TargetEvent.TargetRegistered;
import io.vigil.kernel.target.TargetEvent.TargetWentStale;
import io.vigil.kernel.target.TargetType;

/** Which heartbeats and stale marks become facts about a target (DESIGN §2, §3). */
class DeploymentTargetTest {

    private static final String TARGET = "target-1";
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final Instant T1 = Instant.parse("2026-01-31T12:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-31T12:00:05Z");
    private static final Instant T3 = Instant.parse("2026-01-31T12:05:00Z");
    private static final Instant T4 = Instant.parse("2026-01-31T12:10:00Z");

    private FixtureConfiguration<DeploymentTarget> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DeploymentTarget.class);
    }

    @Test
    void registeringATargetRecordsItWithTheFirstSecretGeneration() {
        fixture.givenNoPriorActivity()
                .when(new RegisterTarget(TARGET, "shop-prod", TargetType.DOCKER, "ACME", HASH, "alice"))
                .expectEvents(new TargetRegistered(TARGET, "shop-prod", TargetType.DOCKER, "ACME", HASH, 1, "alice"));
    }

    @Test
    void firstHeartbeatIsRecordedAsFirstContact() {
        fixture.given(registered())
                .when(heartbeat("1.0.0", T1))
                .expectEvents(contact("1.0.0", 0, ContactReason.FIRST_CONTACT, T1));
    }

    @Test
    void repeatedIdenticalHeartbeatRecordsNothing() {
        fixture.given(registered(), contact("1.0.0", 0, ContactReason.FIRST_CONTACT, T1))
                .when(heartbeat("1.0.0", T2))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void heartbeatWithANewAgentVersionIsRecorded() {
        fixture.given(registered(), contact("1.0.0", 0, ContactReason.FIRST_CONTACT, T1))
                .when(heartbeat("1.1.0", T2))
                .expectEvents(contact("1.1.0", 0, ContactReason.NEW_AGENT_VERSION, T2));
    }

    @Test
    void staleMarkOfAConnectedTargetRecordsTheSilenceSinceItWasLastSeen() {
        fixture.given(registered(), contact("1.0.0", 0, ContactReason.FIRST_CONTACT, T1))
                .when(new MarkTargetStale(TARGET, 1, T1))
                .expectEvents(new TargetWentStale(TARGET, 1, T1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredStaleMarks")
    void staleMarkRecordsNothingWhenThereIsNoLiveContactToLose(String situation, List<Object> history, long epoch) {
        fixture.given(history)
                .when(new MarkTargetStale(TARGET, epoch, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    static Stream<Arguments> ignoredStaleMarks() {
        return Stream.of(
                Arguments.of("a target that never connected is Not connected, not Stale",
                        List.of(registered()), 1),
                Arguments.of("a target already Stale for that epoch (a second sweeper node)",
                        List.of(registered(), contact("1.0.0", 0, ContactReason.FIRST_CONTACT, T1),
                                new TargetWentStale(TARGET, 1, T1)), 1),
                Arguments.of("a retried mark of a silence the target has since recovered from",
                        List.of(registered(), contact("1.0.0", 0, ContactReason.FIRST_CONTACT, T1),
                                new TargetWentStale(TARGET, 1, T1),
                                contact("1.0.0", 1, ContactReason.AFTER_STALE, T3)), 1),
                Arguments.of("a connected target and an epoch older than the one it handled",
                        List.of(registered(), contact("1.0.0", 0, ContactReason.FIRST_CONTACT, T1),
                                new TargetWentStale(TARGET, 2, T1),
                                contact("1.0.0", 2, ContactReason.AFTER_STALE, T3)), 1));
    }

    @Test
    void heartbeatAfterStaleIsRecordedAsContactAfterStale() {
        fixture.given(registered(), contact("1.0.0", 0, ContactReason.FIRST_CONTACT, T1),
                        new TargetWentStale(TARGET, 1, T1))
                .when(heartbeat("1.0.0", T3))
                .expectEvents(contact("1.0.0", 1, ContactReason.AFTER_STALE, T3));
    }

    @Test
    void laterSilenceIsRecordedWithTheNextEpoch() {
        fixture.given(registered(), contact("1.0.0", 0, ContactReason.FIRST_CONTACT, T1),
                        new TargetWentStale(TARGET, 1, T1), contact("1.0.0", 1, ContactReason.AFTER_STALE, T3))
                .when(new MarkTargetStale(TARGET, 2, T3))
                .expectEvents(new TargetWentStale(TARGET, 2, T3));
    }

    @ParameterizedTest(name = "secret generation {0}")
    @ValueSource(longs = {0, 2})
    void heartbeatWithAnotherSecretGenerationRecordsNothing(long generation) {
        fixture.given(registered(), contact("1.0.0", 0, ContactReason.FIRST_CONTACT, T1),
                        new TargetWentStale(TARGET, 1, T1))
                .when(new RecordHeartbeat(TARGET, "2.0.0", generation, T4))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void firstHeartbeatWithAnotherSecretGenerationDoesNotConnectTheTarget() {
        fixture.given(registered())
                .when(new RecordHeartbeat(TARGET, "1.0.0", 2, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void rotatingTheSecretRecordsTheNextGenerationAndWhoDidIt() {
        fixture.given(registered(), contact("1.0.0", 0, ContactReason.FIRST_CONTACT, T1))
                .when(new RotateTargetSecret(TARGET, "new-hash", "bob"))
                .expectEvents(new TargetSecretRotated(TARGET, "new-hash", 2, "bob"));
    }

    @Test
    void afterARotationTheOldGenerationCannotConnectTheTarget() {
        fixture.given(registered(), contact("1.0.0", 0, ContactReason.FIRST_CONTACT, T1),
                        new TargetSecretRotated(TARGET, "new-hash", 2, "bob"))
                .when(heartbeat("1.0.0", T2))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void firstContactWithTheNewSecretIsRecordedAsContactAfterRotation() {
        fixture.given(registered(), contact("1.0.0", 0, ContactReason.FIRST_CONTACT, T1),
                        new TargetSecretRotated(TARGET, "new-hash", 2, "bob"))
                .when(new RecordHeartbeat(TARGET, "1.0.0", 2, T3))
                .expectEvents(new HeartbeatReceived(TARGET, "1.0.0", 2, 0, ContactReason.AFTER_SECRET_ROTATION, T3));
    }

    @Test
    void aRotatedTargetThatNeverConnectedIsNotMarkedStale() {
        fixture.given(registered(), contact("1.0.0", 0, ContactReason.FIRST_CONTACT, T1),
                        new TargetSecretRotated(TARGET, "new-hash", 2, "bob"))
                .when(new MarkTargetStale(TARGET, 1, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void assigningATargetToAnOrganisationRecordsThePreviousOneAndNothingWhenUnchanged() {
        fixture.given(registered())
                .when(new AssignTarget(TARGET, "org-a", "alice"))
                .expectEvents(new TargetAssigned(TARGET, "org-a", null, "alice"));
        fixture.given(registered(), new TargetAssigned(TARGET, "org-a", null, "alice"))
                .when(new AssignTarget(TARGET, "org-a", "alice"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    private static TargetRegistered registered() {
        return new TargetRegistered(TARGET, "shop-prod", TargetType.DOCKER, "ACME", HASH, 1, "alice");
    }

    private static RecordHeartbeat heartbeat(String agentVersion, Instant receivedAt) {
        return new RecordHeartbeat(TARGET, agentVersion, 1, receivedAt);
    }

    private static HeartbeatReceived contact(String agentVersion, long staleEpoch, ContactReason reason,
                                             Instant receivedAt) {
        return new HeartbeatReceived(TARGET, agentVersion, 1, staleEpoch, reason, receivedAt);
    }
}
