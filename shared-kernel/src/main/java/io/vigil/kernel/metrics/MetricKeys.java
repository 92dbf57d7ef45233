package io.vigil.kernel.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where metric samples live, as computed {@code _id}s (the embedded MongoDB server uses only {@code _id}):
 * raw samples in one document per target per 15-minute bucket ({@code <target>:r:<bucket>}), 5-minute
 * roll-ups in one document per target per UTC day ({@code <target>:d:<day>}, 288 slots). A window is read
 * with {@code $in} on the ids it covers.
 * <p>
 * A day document holds its slots nested under {@code points.<slot>} while samples arrive (written behind with
 * {@code $inc}/{@code $max}; each write also increments {@code rev}), and as one binary value {@code packed}
 * once the command side's compaction has folded a closed day ({@link RollupDay} is the codec). Late samples
 * for a packed day land in {@code points} again, so a document may hold both; read it only through
 * {@link RollupDay#read}. Device names of the day's disk keys stay in {@code devices.<key>}.
 */
public final class MetricKeys {

    public static final Duration RAW_BUCKET = Duration.ofMinutes(15);
    public static final Duration ROLLUP_STEP = Duration.ofMinutes(5);
    public static final Duration DAY = Duration.ofDays(1);
    public static final int SLOTS_PER_DAY = (int) (DAY.toSeconds() / ROLLUP_STEP.toSeconds());

    private MetricKeys() {
    }

    /** Number of the 15-minute bucket holding {@code at} (since the epoch). */
    public static long rawBucket(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), RAW_BUCKET.toSeconds());
    }

    public static Instant rawBucketStart(long bucket) {
        return Instant.ofEpochSecond(bucket * RAW_BUCKET.toSeconds());
    }

    public static String rawId(String targetId, long bucket) {
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
        List<String> ids = new ArrayList<>();
        for (long b = rawBucket(from); b <= rawBucket(to.minusNanos(1)); b++) {
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
