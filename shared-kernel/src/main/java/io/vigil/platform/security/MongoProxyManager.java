package io.vigil.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
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
 * resolve here). One document per bucket, read by {@code _id}:
 * {@code {_id, state: <Bucket4j's binary state>, rev: <ObjectId>, expiresAt}}. A change is a compare-and-swap
 * on the revision read — {@code updateOne({rev: read}, {$set: {state, rev: <new ObjectId>, …}})}, or an insert
 * for a new bucket where a duplicate key means another node won — and Bucket4j retries a lost race on fresh
 * state. The revision is one field with a unique index rather than {@code {_id, v}} because the embedded server
 * answers a filter of two fields by scanning the whole collection (measured: ~5 ms of CPU per update at 5,000
 * buckets, growing with every made-up user name an attacker sends), while it looks up a unique single field
 * (~0.4 ms); a fresh ObjectId per write also rules out ABA after a bucket was swept and created again.
 * {@code expiresAt} is when the bucket will have refilled completely: from then on a missing document reads
 * exactly like the stored one (a full bucket), so {@link #deleteExpired()} (and a TTL index on a real MongoDB)
 * may drop it. Time is the injected clock, so tests move it instead of sleeping.
 */
final class MongoProxyManager extends AbstractCompareAndSwapBasedProxyManager<String> {

    static final String STATE = "state";
    static final String REVISION = "rev";
    static final String EXPIRES_AT = "expiresAt";
    static final String REVISION_INDEX = "rev_unique";
    static final String TTL_INDEX = "expiresAt_ttl";
    private static final int SWEEP_BATCH = 100;

    private static final ExpirationAfterWriteStrategy FORGET_WHEN_FULL =
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO);

    private final MongoCollection<Document> buckets;
    private final Clock clock;

    /**
     * The unique revision index (the compare-and-swap's lookup, on any server) and, on a real MongoDB, a TTL
     * index that drops refilled buckets on its own; the embedded server ignores TTL, so it has only the sweep.
     */
    static void ensureIndexes(MongoCollection<Document> buckets, boolean embedded) {
        buckets.createIndex(Indexes.ascending(REVISION), new IndexOptions().name(REVISION_INDEX).unique(true));
        if (!embedded) {
            buckets.createIndex(Indexes.ascending(EXPIRES_AT),
                    new IndexOptions().name(TTL_INDEX).expireAfter(0L, TimeUnit.SECONDS));
        }
    }

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
            private ObjectId revision; // of the state last read; null: there was no document

            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                Document stored = buckets.find(Filters.eq("_id", id)).first();
                revision = stored == null ? null : stored.getObjectId(REVISION);
                return stored == null ? Optional.empty() : Optional.of(stored.get(STATE, Binary.class).getData());
            }

            @Override
            public boolean compareAndSwap(byte[] originalData, byte[] newData, RemoteBucketState newState,
                                          Optional<Long> timeoutNanos) {
                long now = clock.millis();
                Date expiresAt = new Date(now + FORGET_WHEN_FULL.calculateTimeToLiveMillis(newState, now * 1_000_000L));
                if (revision == null) {
                    try {
                        buckets.insertOne(new Document("_id", id).append(STATE, new Binary(newData))
                                .append(REVISION, new ObjectId()).append(EXPIRES_AT, expiresAt));
                        return true;
                    } catch (MongoWriteException e) {
                        if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                            return false; // another node created it first: Bucket4j retries on its state
                        }
                        throw e;
                    }
                }
                return buckets.updateOne(Filters.eq(REVISION, revision),
                        Updates.combine(Updates.set(STATE, new Binary(newData)), Updates.set(REVISION, new ObjectId()),
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
        Date now = new Date(clock.millis());
        long deleted = 0;
        while (true) {
            List<ObjectId> revisions = buckets.find(Filters.lt(EXPIRES_AT, now))
                    .projection(Projections.include(REVISION)).limit(SWEEP_BATCH)
                    .map(bucket -> bucket.getObjectId(REVISION)).into(new ArrayList<>());
            // by revision: a bucket counted again since it was read keeps its new state; a small batch per
            // call, because the embedded server locks the collection for a whole deleteMany
            long batch = revisions.isEmpty() ? 0
                    : buckets.deleteMany(Filters.in(REVISION, revisions)).getDeletedCount();
            if (batch == 0) {
                return deleted; // nothing (more) expired, or all counted again meanwhile: the next sweep looks
            }
            deleted += batch;
        }
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
