package io.vigil.command.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;

import io.vigil.kernel.alert.AlertKeys;
import io.vigil.kernel.metrics.MetricKeys;
import io.vigil.kernel.metrics.MetricsValidation;
import io.vigil.kernel.protocol.AgentProtocol.DiskUsage;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;

/**
 * 5-minute roll-ups, accumulated in memory and written behind as {@code $inc}/{@code $max} on the day document
 * once a target-day's contributions are {@code vigil.metrics.rollup-flush-interval} (5 min) old: one write per
 * target and interval instead of one per sample, so the day document (up to 288 slots) is not rewritten on
 * every sample. A check every {@code vigil.metrics.rollup-flush-tick} (5 s) writes the entries that are due,
 * so the writes are spread as evenly as the samples came in: flushing all 10,000 targets at once put the
 * embedded store at ≈ 0.6 cores for 10–30 s every 5 minutes and held up the samples meanwhile (paced p99
 * 100–150 ms, docs/PERFORMANCE.md). {@code $inc}/{@code $max}
 * merge, so several nodes flushing parts of the same slot add up correctly. A crash loses at most one
 * interval of roll-up contributions; the raw samples are stored before the answer.
 * <p>
 * For {@link RollupCompaction}: every write also {@code $inc}s the document's {@code rev} (the compaction
 * replaces {@code points} only if {@code rev} is still what it read), and the target's
 * {@value RollupCompaction#OPEN_DAYS} list in {@code metric_targets} names the day when its document is
 * created or when a write lands after the day has ended (a late sample for a possibly compacted day).
 */
@Component
public class RollupBuffer {

    private static final Logger log = LoggerFactory.getLogger(RollupBuffer.class);

    private static final class Acc {
        long n;
        double sum;
        double max = Double.NEGATIVE_INFINITY;

        void add(double value) {
            n++;
            sum += value;
            max = Math.max(max, value);
        }
    }

    private static final class Slot {
        final Acc cpu = new Acc();
        final Acc memory = new Acc();
        final Map<String, Acc> disks = new HashMap<>();
    }

    /** One target-day's pending contributions, the first of them made at {@code since} (epoch millis). */
    private static final class Pending {
        final String targetId;
        final long day;
        final Map<Integer, Slot> slots = new HashMap<>();
        final Map<String, Document> devices = new HashMap<>();
        volatile long since;

        Pending(String targetId, long day, long since) {
            this.targetId = targetId;
            this.day = day;
            this.since = since;
        }
    }

    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final MongoCollection<Document> rollup;
    private final MongoCollection<Document> targets;
    private final Clock clock;
    private final Duration interval;

    public RollupBuffer(MongoTemplate mongo, Clock clock,
                        @Value("${vigil.metrics.rollup-flush-interval:5m}") String interval) {
        this.rollup = mongo.getCollection(MetricsWriter.ROLLUP);
        this.targets = mongo.getCollection(MetricsWriter.TARGETS);
        this.clock = clock;
        this.interval = DurationStyle.detectAndParse(interval);
    }

    public void add(String targetId, MetricsSample sample) {
        long day = MetricKeys.day(sample.collectedAt());
        int slotIndex = MetricKeys.slot(sample.collectedAt());
        pending.compute(MetricKeys.rollupId(targetId, day), (id, p) -> {
            Pending target = p == null ? new Pending(targetId, day, clock.millis()) : p;
            Slot slot = target.slots.computeIfAbsent(slotIndex, i -> new Slot());
            slot.cpu.add(sample.cpuUsage() * 100);
            slot.memory.add(sample.memoryUsage() * 100);
            if (sample.disks() != null) {
                for (DiskUsage d : sample.disks()) {
                    String key = AlertKeys.encode(d.device());
                    target.devices.put(key, new Document("device", d.device()).append("mountPath", d.mountPath())
                            .append("fsType", d.fsType()));
                    slot.disks.computeIfAbsent(key, k -> new Acc())
                            .add(MetricsValidation.usedPercent(d));
                }
            }
            return target;
        });
    }

    /** Writes the target-days whose first pending contribution is at least the flush interval old. */
    @Scheduled(fixedDelayString = "${vigil.metrics.rollup-flush-tick:5s}",
            initialDelayString = "${vigil.metrics.rollup-flush-tick:5s}")
    public void flushDue() {
        flush(clock.millis() - interval.toMillis());
    }

    /** Writes everything pending (on shutdown; tests). */
    public void flush() {
        flush(Long.MAX_VALUE);
    }

    private void flush(long startedUpTo) {
        for (Map.Entry<String, Pending> entry : new ArrayList<>(pending.entrySet())) {
            if (entry.getValue().since > startedUpTo) {
                continue;
            }
            String id = entry.getKey();
            Pending p = pending.remove(id);
            if (p == null) {
                continue;
            }
            try {
                write(id, p);
            } catch (RuntimeException e) {
                log.warn("Could not write metric roll-ups {}; merging them into the next flush", id, e);
                pending.merge(id, p, RollupBuffer::merge);
            }
        }
    }

    @jakarta.annotation.PreDestroy
    void flushOnShutdown() {
        flush();
    }

    private void write(String id, Pending p) {
        List<Bson> updates = new ArrayList<>(List.of(Updates.setOnInsert("targetId", p.targetId),
                Updates.setOnInsert("day", p.day), Updates.inc("rev", 1L)));
        p.devices.forEach((key, info) -> updates.add(Updates.set("devices." + key, info)));
        p.slots.forEach((index, s) -> {
            String slot = "points." + index + ".";
            updates.add(Updates.inc(slot + "n", s.cpu.n));
            updates.add(Updates.inc(slot + "cs", s.cpu.sum));
            updates.add(Updates.max(slot + "cx", s.cpu.max));
            updates.add(Updates.inc(slot + "ms", s.memory.sum));
            updates.add(Updates.max(slot + "mx", s.memory.max));
            s.disks.forEach((key, d) -> {
                updates.add(Updates.inc(slot + "d." + key + ".n", d.n));
                updates.add(Updates.inc(slot + "d." + key + ".s", d.sum));
                updates.add(Updates.max(slot + "d." + key + ".x", d.max));
            });
        });
        UpdateResult result = rollup.updateOne(Filters.eq("_id", id), Updates.combine(updates),
                new UpdateOptions().upsert(true));
        if (result.getUpsertedId() != null) {
            targets.updateOne(Filters.eq("_id", p.targetId), Updates.combine(Updates.min("firstDay", p.day),
                    Updates.max("lastDay", p.day), Updates.addToSet(RollupCompaction.OPEN_DAYS, p.day)),
                    new UpdateOptions().upsert(true));
        } else if (!clock.instant().isBefore(MetricKeys.dayStart(p.day + 1))) {
            // the clock is read after the write: a write that returned before the day ended precedes any
            // compaction of the day, one that returns later may follow it and must reopen the day
            try {
                targets.updateOne(Filters.eq("_id", p.targetId), Updates.addToSet(RollupCompaction.OPEN_DAYS, p.day));
            } catch (RuntimeException e) { // not retried with the flush: its contributions are stored already
                log.warn("Could not reopen roll-up day {} for compaction; it is read correctly, only not packed", id, e);
            }
        }
    }

    private static Pending merge(Pending newer, Pending failed) {
        newer.since = Math.min(newer.since, failed.since); // due again at the next check
        failed.devices.forEach(newer.devices::putIfAbsent);
        failed.slots.forEach((index, s) -> {
            Slot into = newer.slots.computeIfAbsent(index, i -> new Slot());
            mergeAcc(into.cpu, s.cpu);
            mergeAcc(into.memory, s.memory);
            s.disks.forEach((key, d) -> mergeAcc(into.disks.computeIfAbsent(key, k -> new Acc()), d));
        });
        return newer;
    }

    private static void mergeAcc(Acc into, Acc from) {
        into.n += from.n;
        into.sum += from.sum;
        into.max = Math.max(into.max, from.max);
    }
}
