package io.vigil.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.CommandResult;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.distributed.remote.Request;
import io.github.bucket4j.distributed.remote.commands.EstimateAbilityToConsumeCommand;

/**
 * Bucket4j buckets shared by every node through one MongoDB collection (the bucket4j-mongodb module does not
 * resolve here). One document per bucket, addressed by {@code _id} (the embedded server indexes nothing else):
 * {@code {_id, state: <Bucket4j's binary state>, v: <version>, expiresAt}}. A change is a compare-and-swap on
 * the version read — {@code updateOne({_id, v: read}, {$set: {state, v: read + 1, …}})}, or an insert for a new
 * bucket where a duplicate key means another node won — and Bucket4j retries a lost race on fresh state.
 * {@code expiresAt} is when the bucket will have refilled completely: from then on a missing document reads
 * exactly like the stored one (a full bucket), so {@link #deleteExpired()} (and a TTL index on a real MongoDB)
 * may drop it. Time is the injected clock, so tests move it instead of sleeping.
 */
final class MongoProxyManager extends AbstractCompareAndSwapBasedProxyManager<String> {

    static final String STATE = "state";
    static final String VERSION = "v";
    static final String EXPIRES_AT = "expiresAt";

    private static final ExpirationAfterWriteStrategy FORGET_WHEN_FULL =
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO);

    private final MongoCollection<Document> buckets;
    private final Clock clock;

    MongoProxyManager(MongoCollection<Document> buckets, Clock clock) {
        super(ClientSideConfig.getDefault().withClientClock(meter(clock)));
        this.buckets = buckets;
        this.clock = clock;
    }

    private static TimeMeter meter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String id) {
        return new CompareAndSwapOperation() {
            private Long version; // of the state last read; null: there was no document

            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                Document stored = buckets.find(Filters.eq("_id", id)).first();
                version = stored == null ? null : stored.getLong(VERSION);
                return stored == null ? Optional.empty() : Optional.of(stored.get(STATE, Binary.class).getData());
            }

            @Override
            public boolean compareAndSwap(byte[] originalData, byte[] newData, RemoteBucketState newState,
                                          Optional<Long> timeoutNanos) {
                long now = clock.millis();
                Date expiresAt = new Date(now + FORGET_WHEN_FULL.calculateTimeToLiveMillis(newState, now * 1_000_000L));
                if (version == null) {
                    try {
                        buckets.insertOne(new Document("_id", id).append(STATE, new Binary(newData))
                                .append(VERSION, 1L).append(EXPIRES_AT, expiresAt));
                        return true;
                    } catch (MongoWriteException e) {
                        if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                            return false; // another node created it first: Bucket4j retries on its state
                        }
                        throw e;
                    }
                }
                return buckets.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq(VERSION, version)),
                        Updates.combine(Updates.set(STATE, new Binary(newData)), Updates.set(VERSION, version + 1),
                                Updates.set(EXPIRES_AT, expiresAt))).getMatchedCount() == 1;
            }
        };
    }

    /**
     * Bucket4j's estimate for a stored bucket in one read, or empty when none is stored (a full bucket). A
     * {@code BucketProxy} would instead create the missing bucket first: a second read and an insert for every
     * check of a key that never failed — the common case on the sign-in path.
     */
    Optional<EstimationProbe> estimateIfStored(String id, long tokens) {
        CommandResult<EstimationProbe> result = execute(id, new Request<>(new EstimateAbilityToConsumeCommand(tokens),
                getBackwardCompatibilityVersion(), getClientSideTime(), null));
        return result.isBucketNotFound() ? Optional.empty() : Optional.of(result.getData());
    }

    /** Deletes the buckets that have refilled completely: @return how many */
    long deleteExpired() {
        return buckets.deleteMany(Filters.lt(EXPIRES_AT, new Date(clock.millis()))).getDeletedCount();
    }

    @Override
    public void removeProxy(String id) {
        buckets.deleteOne(Filters.eq("_id", id));
    }

    @Override
    public boolean isAsyncModeSupported() {
        return false;
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String id) {
        throw new UnsupportedOperationException("Vigil's throttles are synchronous");
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String id) {
        throw new UnsupportedOperationException("Vigil's throttles are synchronous");
    }
}
