package io.vigil.command.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.metrics.MetricKeys;
import io.vigil.kernel.metrics.RollupDay;

/**
 * Packs closed roll-up days: folds a day document's nested {@code points} into its binary {@code packed}
 * value ({@link RollupDay}) and removes {@code points}, so a 30-day series reads 31 binary values instead
 * of 31 × 288 nested slots (the embedded server deserialises every nested value it reads).
 * <p>
 * Which documents: the days listed in their target's {@value #OPEN_DAYS} in {@code metric_targets}
 * ({@link RollupBuffer} adds a day when it creates its document, and again when it writes to a day that has
 * ended) that closed more than {@code vigil.metrics.rollup-flush-interval} + {@link #MARGIN} ago. No scan of
 * the roll-up collection: ids are computed, read with {@code $in} in batches of {@value #BATCH}, at most
 * {@value #MAX_PER_ROUND} per round (the first round after midnight has one per target; the rest follow).
 * <p>
 * Safe against flushes from any node: a day is removed from the list before its document is read, and the
 * update (by {@code _id} alone, the only filter the embedded server answers from an index) returns the
 * document it replaced: if its {@code rev} (which every flush increments) is no longer the one read, a flush
 * landed in between, and the packed value is computed again from the points the update removed, which hold
 * that flush's contributions too (for those few milliseconds a reader misses them). A flush after the update
 * lands in {@code points} again and lists the day itself. Readers merge both forms, so answers do not depend
 * on when this runs; if it never runs, nothing is wrong, only slower.
 */
@Component
public class RollupCompaction {

    /** Field of {@code metric_targets}: the days of the target whose documents may hold nested points. */
    public static final String OPEN_DAYS = "openDays";
    /** Beyond the flush interval: clock skew between nodes and a slow flush. */
    static final Duration MARGIN = Duration.ofMinutes(5);
    static final int BATCH = 100;
    static final int MAX_PER_ROUND = 2_000;

    private static final Logger log = LoggerFactory.getLogger(RollupCompaction.class);

    private final MongoCollection<Document> rollup;
    private final MongoCollection<Document> targets;
    private final Clock clock;
    private final Duration flushInterval;

    /** Runs between reading a batch and replacing its documents; tests put a racing flush here. */
    Runnable afterRead = () -> { };
    int maxPerRound = MAX_PER_ROUND;

    public RollupCompaction(MongoTemplate mongo, Clock clock,
                            @Value("${vigil.metrics.rollup-flush-interval:5m}") String flushInterval) {
        this.rollup = mongo.getCollection(MetricsWriter.ROLLUP);
        this.targets = mongo.getCollection(MetricsWriter.TARGETS);
        this.clock = clock;
        this.flushInterval = DurationStyle.detectAndParse(flushInterval);
    }

    private record Day(String targetId, long day) {
        String id() {
            return MetricKeys.rollupId(targetId, day);
        }
    }

    @Scheduled(fixedDelayString = "${vigil.metrics.compaction-interval:10m}",
            initialDelayString = "${vigil.metrics.compaction-interval:10m}")
    public void compact() {
        try {
            compactClosedDays();
        } catch (RuntimeException e) {
            log.warn("Metric roll-up compaction failed; the next round tries again", e);
        }
    }

    /** @return how many day documents were packed */
    public int compactClosedDays() {
        // the newest day that ended more than the flush interval and the margin ago
        long lastClosed = MetricKeys.day(clock.instant().minus(flushInterval).minus(MARGIN)) - 1;
        List<Day> due = new ArrayList<>();
        for (Document t : targets.find().projection(Projections.include(OPEN_DAYS))) {
            List<?> days = t.get(OPEN_DAYS, List.class);
            if (days == null) {
                continue;
            }
            for (Object d : days) {
                if (d instanceof Number n && n.longValue() <= lastClosed && due.size() < maxPerRound) {
                    due.add(new Day(t.getString("_id"), n.longValue()));
                }
            }
            if (due.size() >= maxPerRound) {
                break;
            }
        }
        int packed = 0;
        for (int from = 0; from < due.size(); from += BATCH) {
            packed += compact(due.subList(from, Math.min(due.size(), from + BATCH)));
        }
        if (packed > 0) {
            log.debug("Packed {} metric roll-up days", packed);
        }
        return packed;
    }

    private int compact(List<Day> batch) {
        Map<String, List<Long>> byTarget = new LinkedHashMap<>();
        Map<String, Day> byId = new LinkedHashMap<>();
        for (Day d : batch) {
            byTarget.computeIfAbsent(d.targetId(), k -> new ArrayList<>()).add(d.day());
            byId.put(d.id(), d);
        }
        // unlisted first: a flush from now on lists its day again by itself
        byTarget.forEach((target, days) -> targets.updateOne(Filters.eq("_id", target), Updates.pullAll(OPEN_DAYS, days)));
        List<Document> docs = new ArrayList<>();
        try {
            rollup.find(Filters.in("_id", new ArrayList<>(byId.keySet())))
                    .projection(Projections.include("points", "packed", "rev")).into(docs);
        } catch (RuntimeException e) {
            batch.forEach(this::reopen);
            throw e;
        }
        afterRead.run();
        int packed = 0;
        for (Document doc : docs) {
            Day day = byId.get(doc.getString("_id"));
            Document points = doc.get("points", Document.class);
            if (points == null) {
                continue; // packed already (a reopened day whose late points were packed with it)
            }
            byte[] bytes;
            try {
                bytes = RollupDay.read(bytes(doc.get("packed")), points).encode();
            } catch (IllegalArgumentException e) {
                log.warn("Roll-up day {} cannot be packed ({}); it stays nested and is read as it is", day.id(),
                        e.getMessage());
                continue;
            }
            try {
                // by _id alone: the embedded server scans the whole collection for any other filter
                Document replaced = rollup.findOneAndUpdate(Filters.eq("_id", day.id()),
                        Updates.combine(Updates.set("packed", new Binary(bytes)), Updates.unset("points"),
                                Updates.inc("rev", 1L)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)
                                .projection(Projections.include("points", "rev")));
                if (replaced == null) {
                    continue; // deleted in between (retention)
                }
                if (!Objects.equals(replaced.get("rev"), doc.get("rev"))) {
                    // a flush landed between the read and the update: the points just removed hold its
                    // contributions too, so pack those onto the packed value the day had before
                    rollup.updateOne(Filters.eq("_id", day.id()), Updates.set("packed", new Binary(
                            RollupDay.read(bytes(doc.get("packed")), replaced.get("points", Document.class)).encode())));
                }
                packed++;
            } catch (RuntimeException e) {
                log.warn("Could not pack roll-up day {}; the next round tries again", day.id(), e);
                reopen(day);
            }
        }
        return packed;
    }

    private void reopen(Day day) {
        targets.updateOne(Filters.eq("_id", day.targetId()), Updates.addToSet(OPEN_DAYS, day.day()));
    }

    /** The binary value as the driver hands it back. */
    public static byte[] bytes(Object packed) {
        if (packed instanceof Binary b) {
            return b.getData();
        }
        return packed instanceof byte[] b ? b : null;
    }
}
