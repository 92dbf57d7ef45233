package io.vigil.kernel.alert;

import java.time.Instant;

/** An alert's life: fired once, resolved once. The alert history is exactly these events. */
public sealed interface AlertEvent {

    String targetId();

    String alertId();

    record AlertFired(String targetId, String alertId, String key, AlertMetric metric, String device,
                      String mountPath, String deploymentId, Double value, Double threshold, String message,
                      Instant firedAt) implements AlertEvent {}

    record AlertResolved(String targetId, String alertId, String key, AlertMetric metric, String device,
                         String mountPath, String deploymentId, Double value, Double threshold, String message,
                         Instant resolvedAt) implements AlertEvent {}
}
