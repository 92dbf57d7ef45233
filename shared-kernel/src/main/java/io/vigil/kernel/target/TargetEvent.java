package io.vigil.kernel.target;

import java.time.Instant;

import io.vigil.kernel.alert.AlertRules;

/** Facts about a deployment target. */
public sealed interface TargetEvent {

    String targetId();

    record TargetRegistered(String targetId, String name, TargetType type, String customer, String secretHash,
                            long secretGeneration, String actor) implements TargetEvent {}

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

    enum ContactReason { FIRST_CONTACT, AFTER_STALE, AFTER_SECRET_ROTATION, NEW_AGENT_VERSION }
}
