package io.vigil.command.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.metrics.MetricKeys;
import io.vigil.platform.VigilProperties;

/**
 * Retention by scheduled deletion (the embedded server has no TTL): raw buckets whose minute ended more
 * than {@code vigil.metrics.retention} ago, roll-up days that ended more than
 * {@code vigil.metrics.rollup-retention} ago. Deletes by computed {@code _id}s from each target's first raw
 * hour / day, so no range scan of the sample collections; several nodes sweeping at once is harmless. Raw
 * buckets of the former 15-minute layout ({@code firstBucket}/{@code lastBucket}) are deleted the same way.
 */
@Component
public class MetricsRetention {

    private static final Logger log = LoggerFactory.getLogger(MetricsRetention.class);
    private static final int CHUNK = 500;
    /** Field of {@code metric_targets}: raw buckets below this one are deleted. */
    private static final String RAW_TRIMMED_TO = "rawTrimmedTo";

    private final MongoCollection<Document> raw;
    private final MongoCollection<Document> rollup;
    private final MongoCollection<Document> targets;
    private final Clock clock;
    private final VigilProperties properties;
    private final Duration rollupRetention;

    public MetricsRetention(MongoTemplate mongo, Clock clock, VigilProperties properties,
                            @Value("${vigil.metrics.rollup-retention:90d}") String rollupRetention) {
        this.raw = mongo.getCollection(MetricsWriter.RAW);
        this.rollup = mongo.getCollection(MetricsWriter.ROLLUP);
        this.targets = mongo.getCollection(MetricsWriter.TARGETS);
        this.clock = clock;
        this.properties = properties;
        this.rollupRetention = DurationStyle.detectAndParse(rollupRetention);
    }

    @Scheduled(fixedDelayString = "${vigil.metrics.retention-sweep-interval:10m}",
            initialDelayString = "${vigil.metrics.retention-sweep-interval:10m}")
    public void sweep() {
        Instant now = clock.instant();
        Instant rawLimit = now.minus(properties.metrics().retention());
        long rawCutoff = MetricKeys.rawBucket(rawLimit);
        long dayCutoff = MetricKeys.day(now.minus(rollupRetention));
        for (Document doc : targets.find()) {
            String targetId = doc.getString("_id");
            try {
                // metric_targets names hours; the minutes of an hour are deleted by their ids, from where the
                // last sweep stopped (rawTrimmedTo), so a sweep does not look at the same minutes again
                Range hours = Range.of(doc, "RawHour");
                if (hours != null) {
                    Number trimmedTo = doc.get(RAW_TRIMMED_TO, Number.class);
                    long from = Math.max(MetricKeys.firstBucketOfHour(hours.first()),
                            trimmedTo == null ? Long.MIN_VALUE : trimmedTo.longValue());
                    long end = Math.min(rawCutoff, MetricKeys.firstBucketOfHour(hours.last() + 1));
                    if (from < end) {
                        trim(targetId, raw, MetricKeys::rawId, from, end);
                        targets.updateOne(Filters.eq("_id", targetId), Updates.combine(
                                Updates.max("firstRawHour", MetricKeys.rawHour(end)), Updates.max(RAW_TRIMMED_TO, end)));
                    }
                }
                Range legacy = Range.of(doc, "Bucket");
                if (legacy != null) {
                    long cutoff = MetricKeys.legacyRawBucket(rawLimit);
                    trim(targetId, raw, MetricKeys::legacyRawId, legacy.first(), Math.min(cutoff, legacy.last() + 1));
                    if (cutoff > legacy.last()) { // nothing of the old layout is left: forget it
                        targets.updateOne(Filters.eq("_id", targetId),
                                Updates.combine(Updates.unset("firstBucket"), Updates.unset("lastBucket")));
                    } else {
                        raiseFirst(targetId, "firstBucket", legacy, cutoff);
                    }
                }
                Range days = Range.of(doc, "Day");
                if (days != null) {
                    trim(targetId, rollup, MetricKeys::rollupId, days.first(), Math.min(dayCutoff, days.last() + 1));
                    raiseFirst(targetId, "firstDay", days, dayCutoff);
                }
            } catch (RuntimeException e) {
                log.warn("Could not apply metrics retention to target {}; the next sweep tries again", targetId, e);
            }
        }
    }

    /** {@code first<unit>}..{@code last<unit>} of a {@code metric_targets} document, or null when it has none. */
    private record Range(long first, long last) {
        static Range of(Document doc, String unit) {
            Number first = doc.get("first" + unit, Number.class);
            Number last = doc.get("last" + unit, Number.class);
            return first == null ? null : new Range(first.longValue(), last == null ? first.longValue() : last.longValue());
        }
    }

    private interface Ids {
        String id(String targetId, long n);
    }

    /** Deletes the documents numbered {@code from} (inclusive) to {@code end} (exclusive), in chunks of ids. */
    private static void trim(String targetId, MongoCollection<Document> collection, Ids ids, long from, long end) {
        for (long chunkStart = from; chunkStart < end; chunkStart += CHUNK) {
            List<String> chunk = new ArrayList<>();
            for (long n = chunkStart; n < Math.min(end, chunkStart + CHUNK); n++) {
                chunk.add(ids.id(targetId, n));
            }
            collection.deleteMany(Filters.in("_id", chunk));
        }
    }

    private void raiseFirst(String targetId, String field, Range range, long cutoff) {
        if (range.first() < cutoff) {
            targets.updateOne(Filters.eq("_id", targetId), Updates.max(field, cutoff));
        }
    }
}
