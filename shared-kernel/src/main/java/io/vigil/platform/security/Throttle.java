package io.vigil.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * A per-key rate limit on this node (Bucket4j token buckets): {@code capacity} events per {@code period},
 * refilled gradually. Time comes from the injected {@link Clock}, so tests move a clock instead of sleeping.
 * At most {@code maxKeys} keys are remembered (least recently used forgotten first), so a flood of made-up
 * keys cannot exhaust memory.
 */
public final class Throttle {

    private final int capacity;
    private final Duration period;
    private final TimeMeter time;
    private final Map<String, Bucket> buckets;

    public Throttle(Clock clock, int capacity, Duration period, int maxKeys) {
        this.capacity = capacity;
        this.period = period;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    private synchronized Bucket bucket(String key) {
        return buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period))
                .withCustomTimePrecision(time)
                .build());
    }

    /** @return 0 when the key may go on, otherwise the seconds until it may try again */
    public long blockedForSeconds(String key) {
        Bucket bucket = bucket(key);
        if (bucket.getAvailableTokens() > 0) {
            return 0;
        }
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** Counts one event (a failure, or a request) against the key. */
    public void count(String key) {
        bucket(key).tryConsume(1);
    }

    /** Counts one event if the key has room: @return 0 if it had, otherwise the seconds to wait */
    public long take(String key) {
        long blocked = blockedForSeconds(key);
        if (blocked == 0 && !bucket(key).tryConsume(1)) {
            return blockedForSeconds(key);
        }
        return blocked;
    }
}
