package io.vigil.kernel.alert;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Alert decisions, handled by the {@code DeploymentTarget} aggregate: it keeps which alerts are open, so a
 * repeated fire or resolve (a retry, a second node) records nothing.
 * {@code key} names the watched thing within the target: see {@link AlertKeys}.
 */
public sealed interface AlertCommand {

    String targetId();

    record FireAlert(@TargetAggregateIdentifier String targetId, String alertId, String key, AlertMetric metric,
                     String device, String mountPath, String deploymentId, Double value, Double threshold,
                     String message, Instant at) implements AlertCommand {}

    record ResolveAlert(@TargetAggregateIdentifier String targetId, String key, Double value, String message,
                        Instant at) implements AlertCommand {}
}
