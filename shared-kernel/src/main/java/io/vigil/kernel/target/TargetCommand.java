package io.vigil.kernel.target;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands handled by the {@code DeploymentTarget} aggregate. */
public sealed interface TargetCommand {

    String targetId();

    /** Register a target; the secret itself never enters the system, only its hash. */
    record RegisterTarget(@TargetAggregateIdentifier String targetId, String name, TargetType type,
                          String customer, String secretHash, String actor) implements TargetCommand {}

    /**
     * An agent heartbeat that may change what the aggregate knows. {@code staleEpoch} is the number of
     * stale marks the presence store has seen for this target; a higher one than the aggregate handled
     * means the target was silent past the stale-after window even if MarkTargetStale is still in flight.
     */
    record RecordHeartbeat(@TargetAggregateIdentifier String targetId, String agentVersion, long secretGeneration,
                           long staleEpoch, Instant previousSeenAt, Instant receivedAt) implements TargetCommand {}

    /** The sweeper saw no heartbeat since {@code lastSeenAt}, longer than the stale-after window. */
    record MarkTargetStale(@TargetAggregateIdentifier String targetId, long staleEpoch, Instant lastSeenAt)
            implements TargetCommand {}
}
