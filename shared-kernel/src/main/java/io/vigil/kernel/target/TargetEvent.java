package io.vigil.kernel.target;

import java.time.Instant;

import io.vigil.kernel.alert.AlertRules;

/** Facts about a deployment target. */
public sealed interface TargetEvent {

    String targetId();

    /** {@code organisationId} null: the target belongs to the vendor organisation. */
    record TargetRegistered(String targetId, String name, TargetType type, String customer, String secretHash,
                            long secretGeneration, String actor, String organisationId) implements TargetEvent {
        public TargetRegistered(String targetId, String name, TargetType type, String customer, String secretHash,
                                long secretGeneration, String actor) {
            this(targetId, name, type, customer, secretHash, secretGeneration, actor, null);
        }
    }

    /**
     * Contact that changed something: the first contact, contact after Stale or after a secret rotation,
     * or a new agent version. Ordinary heartbeats are telemetry (the presence collection), not events.
     */
    record HeartbeatReceived(String targetId, String agentVersion, long secretGeneration, long staleEpoch,
                             ContactReason reason, Instant receivedAt) implements TargetEvent {}

    record TargetWentStale(String targetId, long staleEpoch, Instant lastSeenAt) implements TargetEvent {}

    record MetricsCollectionEnabled(String targetId, String actor) implements TargetEvent {}

    record MetricsCollectionDisabled(String targetId, String actor) implements TargetEvent {}

    /** The target's own alert rules (null parts: the organisation default applies). */
    record AlertRulesChanged(String targetId, AlertRules rules, String actor) implements TargetEvent {}

    /** Reconnect: a new secret of the next generation; the previous one and its tokens are dead. */
    record TargetSecretRotated(String targetId, String secretHash, long secretGeneration, String actor)
            implements TargetEvent {}

    /** The target now belongs to {@code organisationId} (null: the vendor organisation). */
    record TargetAssigned(String targetId, String organisationId, String previousOrganisationId, String actor)
            implements TargetEvent {}

    enum ContactReason { FIRST_CONTACT, AFTER_STALE, AFTER_SECRET_ROTATION, NEW_AGENT_VERSION }
}
