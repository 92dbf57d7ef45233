package io.vigil.kernel.target;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import io.vigil.kernel.alert.AlertRules;

/** Commands handled by the {@code DeploymentTarget} aggregate. */
public sealed interface TargetCommand {

    String targetId();

    /** Register a target; the secret itself never enters the system, only its hash. */
    record RegisterTarget(@TargetAggregateIdentifier String targetId, String name, TargetType type,
                          String customer, String secretHash, String actor, String organisationId)
            implements TargetCommand {
        /** A target of the vendor organisation. */
        public RegisterTarget(String targetId, String name, TargetType type, String customer, String secretHash,
                              String actor) {
            this(targetId, name, type, customer, secretHash, actor, null);
        }
    }

    /** An agent heartbeat that may change what the aggregate knows (sent only when the directory says so). */
    record RecordHeartbeat(@TargetAggregateIdentifier String targetId, String agentVersion, long secretGeneration,
                           Instant receivedAt) implements TargetCommand {}

    /**
     * The sweeper saw no heartbeat since {@code lastSeenAt}, longer than the stale-after window. The epoch
     * counts stale marks in the presence store, so a retried or late mark of a silence already handled
     * changes nothing.
     */
    record MarkTargetStale(@TargetAggregateIdentifier String targetId, long staleEpoch, Instant lastSeenAt)
            implements TargetCommand {}

    /** Ask the target's agent for metrics (the heartbeat answer tells it). */
    record EnableMetricsCollection(@TargetAggregateIdentifier String targetId, String actor) implements TargetCommand {}

    /** Also resolves the target's open metric alerts, at {@code at}. */
    record DisableMetricsCollection(@TargetAggregateIdentifier String targetId, String actor, Instant at)
            implements TargetCommand {}

    /** The target's own alert rules; a null part falls back to the organisation default. */
    record ChangeAlertRules(@TargetAggregateIdentifier String targetId, AlertRules rules, String actor)
            implements TargetCommand {}

    /**
     * Reconnect: replace the target's secret. The old secret and every token issued under it stop
     * working when this command returns; the target is Not connected until the agent logs in again.
     */
    record RotateTargetSecret(@TargetAggregateIdentifier String targetId, String secretHash, String actor)
            implements TargetCommand {}

    /** Give the target to a customer organisation, or back to the vendor ({@code organisationId} null). */
    record AssignTarget(@TargetAggregateIdentifier String targetId, String organisationId, String actor)
            implements TargetCommand {}
}
