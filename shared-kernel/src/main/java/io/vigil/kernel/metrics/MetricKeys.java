package io.vigil.kernel.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where metric samples live, as computed {@code _id}s (the embedded MongoDB server uses only {@code _id}):
 * raw samples in one document per target per minute ({@code <target>:m:<minute>}), 5-minute roll-ups in one
 * document per target per UTC day ({@code <target>:d:<day>}, 288 slots). A window is read with {@code $in}
 * on the ids it covers. Raw buckets are small on purpose: the embedded server re-measures and copies the
 * whole document on every update, so a sample's cost grew with its bucket (15-minute buckets until
 * 2026-11, see docs/DECISIONS.md). Per target, {@code metric_targets} names the first and last hour that
 * holds raw samples, so that retention and "latest" know which minutes to address.
 * <p>
 * A day document holds its slots nested under {@code points.<slot>} while samples arrive (written behind with
 * {@code $inc}/{@code $max}; each write also increments {@code rev}), and as one binary value {@code packed}
 * once the command side's compaction has folded a closed day ({@link RollupDay} is the codec). Late samples
 * for a packed day land in {@code points} again, so a document may hold both; read it only through
 * {@link RollupDay#read}. Device names of the day's disk keys stay in {@code devices.<key>}.
 */
public final class MetricKeys {

    public static final Duration RAW_BUCKET = Duration.ofMinutes(1);
    public static final Duration RAW_HOUR = Duration.ofHours(1);
    /** Raw buckets per {@link #RAW_HOUR}. */
    public static final int BUCKETS_PER_HOUR = (int) (RAW_HOUR.toSeconds() / RAW_BUCKET.toSeconds());
    /** The raw buckets of releases before 2026-11 (15 minutes, {@code <target>:r:<n>}): only retention reads them. */
    public static final Duration LEGACY_RAW_BUCKET = Duration.ofMinutes(15);
    public static final Duration ROLLUP_STEP = Duration.ofMinutes(5);
    public static final Duration DAY = Duration.ofDays(1);
    public static final int SLOTS_PER_DAY = (int) (DAY.toSeconds() / ROLLUP_STEP.toSeconds());

    private MetricKeys() {
    }

    /** Number of the raw bucket (minute) holding {@code at} (since the epoch). */
    public static long rawBucket(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), RAW_BUCKET.toSeconds());
    }

    public static Instant rawBucketStart(long bucket) {
        return Instant.ofEpochSecond(bucket * RAW_BUCKET.toSeconds());
    }

    public static String rawId(String targetId, long bucket) {
        return targetId + ":m:" + bucket;
    }

    /** The hour (since the epoch) of a raw bucket: the unit of {@code metric_targets}' first/last raw hour. */
    public static long rawHour(long bucket) {
        return Math.floorDiv(bucket, BUCKETS_PER_HOUR);
    }

    public static long firstBucketOfHour(long hour) {
        return hour * BUCKETS_PER_HOUR;
    }

    public static long legacyRawBucket(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), LEGACY_RAW_BUCKET.toSeconds());
    }

    public static String legacyRawId(String targetId, long bucket) {
        return targetId + ":r:" + bucket;
    }

    /** UTC day number (since the epoch) holding {@code at}. */
    public static long day(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), DAY.toSeconds());
    }

    public static Instant dayStart(long day) {
        return Instant.ofEpochSecond(day * DAY.toSeconds());
    }

    public static String rollupId(String targetId, long day) {
        return targetId + ":d:" + day;
    }

    /** The 5-minute slot of its day (0..287) holding {@code at}. */
    public static int slot(Instant at) {
        return (int) (Math.floorMod(at.getEpochSecond(), DAY.toSeconds()) / ROLLUP_STEP.toSeconds());
    }

    public static List<String> rawIds(String targetId, Instant from, Instant to) {
        return rawIds(targetId, rawBucket(from), rawBucket(to.minusNanos(1)) + 1);
    }

    /** Ids of the raw buckets {@code fromBucket} (inclusive) to {@code toBucket} (exclusive). */
    public static List<String> rawIds(String targetId, long fromBucket, long toBucket) {
        List<String> ids = new ArrayList<>((int) Math.max(0, Math.min(toBucket - fromBucket, 1 << 16)));
        for (long b = fromBucket; b < toBucket; b++) {
            ids.add(rawId(targetId, b));
        }
        return ids;
    }

    public static List<String> rollupIds(String targetId, Instant from, Instant to) {
        List<String> ids = new ArrayList<>();
        for (long d = day(from); d <= day(to.minusNanos(1)); d++) {
            ids.add(rollupId(targetId, d));
        }
        return ids;
    }
}
