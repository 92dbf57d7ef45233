package io.vigil.kernel.alert;

import java.time.Duration;

/**
 * Threshold alert rules. Thresholds are percentages (0 &lt; t &lt; 100); an alert fires when a value stays
 * above its threshold for {@code forSeconds} and resolves only once it is below threshold − hysteresis.
 * As a target's rules every part may be null ("use the organisation default"); {@link #over} fills them in.
 */
public record AlertRules(Double diskThresholdPercent, Double cpuThresholdPercent, Double memoryThresholdPercent,
                         Long forSeconds, Double hysteresisPercent) {

    /** The organisation default before anyone changed it: disks at 90 %, 1 minute, 5 points of hysteresis. */
    public static final AlertRules BUILT_IN = new AlertRules(90.0, null, null, 60L, 5.0);

    public static final AlertRules NONE = new AlertRules(null, null, null, null, null);

    /** These rules with each missing part taken from {@code defaults}. CPU and memory stay off when both lack them. */
    public AlertRules over(AlertRules defaults) {
        return new AlertRules(
                diskThresholdPercent != null ? diskThresholdPercent : defaults.diskThresholdPercent,
                cpuThresholdPercent != null ? cpuThresholdPercent : defaults.cpuThresholdPercent,
                memoryThresholdPercent != null ? memoryThresholdPercent : defaults.memoryThresholdPercent,
                forSeconds != null ? forSeconds : defaults.forSeconds,
                hysteresisPercent != null ? hysteresisPercent : defaults.hysteresisPercent);
    }

    public Duration forDuration() {
        return Duration.ofSeconds(forSeconds == null ? 60 : forSeconds);
    }

    public double hysteresis() {
        return hysteresisPercent == null ? 5.0 : hysteresisPercent;
    }

    /** @return the threshold of a metric in percent, or null when that metric has no rule */
    public Double threshold(AlertMetric metric) {
        return switch (metric) {
            case DISK -> diskThresholdPercent;
            case CPU -> cpuThresholdPercent;
            case MEMORY -> memoryThresholdPercent;
            case DEPLOYMENT_STATUS -> null;
        };
    }
}
