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
 * Retention by scheduled deletion (the embedded server has no TTL): raw buckets whose 15 minutes ended more
 * than {@code vigil.metrics.retention} ago, roll-up days that ended more than
 * {@code vigil.metrics.rollup-retention} ago. Deletes by computed {@code _id}s from each target's first
 * bucket/day, so no range scan of the sample collections; several nodes sweeping at once is harmless.
 */
@Component
public class MetricsRetention {

    private static final Logger log = LoggerFactory.getLogger(MetricsRetention.class);
    private static final int CHUNK = 500;

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
        long rawCutoff = MetricKeys.rawBucket(now.minus(properties.metrics().retention()));
        long dayCutoff = MetricKeys.day(now.minus(rollupRetention));
        for (Document doc : targets.find()) {
            String targetId = doc.getString("_id");
            try {
                trim(targetId, doc, "Bucket", rawCutoff, raw, MetricKeys::rawId);
                trim(targetId, doc, "Day", dayCutoff, rollup, MetricKeys::rollupId);
            } catch (RuntimeException e) {
                log.warn("Could not apply metrics retention to target {}; the next sweep tries again", targetId, e);
            }
        }
    }

    private interface Ids {
        String id(String targetId, long n);
    }

    private void trim(String targetId, Document doc, String unit, long cutoff, MongoCollection<Document> collection,
                      Ids ids) {
        Number first = doc.get("first" + unit, Number.class);
        Number last = doc.get("last" + unit, Number.class);
        if (first == null || first.longValue() >= cutoff) {
            return;
        }
        long end = Math.min(cutoff, last == null ? cutoff : last.longValue() + 1);
        for (long from = first.longValue(); from < end; from += CHUNK) {
            List<String> chunk = new ArrayList<>();
            for (long n = from; n < Math.min(end, from + CHUNK); n++) {
                chunk.add(ids.id(targetId, n));
            }
            collection.deleteMany(Filters.in("_id", chunk));
        }
        targets.updateOne(Filters.eq("_id", targetId), Updates.max("first" + unit, cutoff));
    }
}
