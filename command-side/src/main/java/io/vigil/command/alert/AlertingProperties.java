package io.vigil.command.alert;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of alert notifications, documented in docs/CONFIGURATION.md: the sender address, how often the
 * delivery worker looks, attempts per delivery, the first retry delay (doubling), and the per-recipient
 * hourly cap.
 */
@ConfigurationProperties("vigil.alerts")
public record AlertingProperties(String mailFrom, Duration deliveryInterval,
                                 Integer maxAttempts, Duration retryBackoff, Integer hourlyCap,
                                 Duration webhookTimeout) {

    public AlertingProperties {
        mailFrom = mailFrom == null || mailFrom.isBlank() ? "vigil@localhost" : mailFrom;
        deliveryInterval = deliveryInterval == null ? Duration.ofSeconds(1) : deliveryInterval;
        maxAttempts = maxAttempts == null ? 5 : maxAttempts;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(30) : retryBackoff;
        hourlyCap = hourlyCap == null ? 20 : hourlyCap;
        webhookTimeout = webhookTimeout == null ? Duration.ofSeconds(10) : webhookTimeout;
        if (maxAttempts < 1 || hourlyCap < 1) {
            throw new IllegalArgumentException("vigil.alerts.max-attempts and vigil.alerts.hourly-cap must be at least 1");
        }
    }

    /** Delay before attempt {@code n + 1} after {@code n} failed attempts: backoff, 2×, 4×, … */
    public Duration retryDelay(int failedAttempts) {
        return retryBackoff.multipliedBy(1L << Math.min(20, Math.max(0, failedAttempts - 1)));
    }
}
