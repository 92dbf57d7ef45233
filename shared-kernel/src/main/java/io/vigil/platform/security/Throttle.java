package io.vigil.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.BucketProxy;

/**
 * A per-key rate limit shared by every node on the same MongoDB (Bucket4j token buckets, see {@link Throttles}):
 * {@code capacity} events per {@code period}, refilled gradually. A key that was never counted has no stored
 * bucket and reads as a full one, so checking it costs a single {@code _id} read and writes nothing.
 * If the store cannot be reached the call throws (the request fails like any other store failure): a throttle
 * never lets a request through because it could not count it.
 */
public final class Throttle {

    private final MongoProxyManager buckets;
    private final String name;
    private final BucketConfiguration configuration;

    Throttle(MongoProxyManager buckets, String name, int capacity, Duration period) {
        this.buckets = buckets;
        this.name = name;
        this.configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period))
                .build();
    }

    /** @return 0 when the key may go on, otherwise the seconds until it may try again */
    public long blockedForSeconds(String key) {
        // not stored: never counted, or refilled and forgotten — a full bucket
        EstimationProbe probe = buckets.estimateIfStored(id(key), 1).orElse(null);
        return probe == null || probe.canBeConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill());
    }

    /** Counts one event (a failure, or a request) against the key. */
    public void count(String key) {
        bucket(key).tryConsume(1);
    }

    /** Counts one event if the key has room: @return 0 if it had, otherwise the seconds to wait */
    public long take(String key) {
        ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill());
    }

    private BucketProxy bucket(String key) {
        return buckets.builder().build(id(key), () -> configuration);
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /**
     * The bucket's {@code _id}: the throttle's name and a hash of the key, so whatever was typed as a user
     * name (now and then a password) is not stored, and an id has the same small size however long the key.
     */
    String id(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return name + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
