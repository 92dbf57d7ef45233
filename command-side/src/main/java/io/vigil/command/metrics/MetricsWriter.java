package io.vigil.command.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.metrics.MetricKeys;
import io.vigil.kernel.protocol.AgentProtocol.DiskUsage;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;
import io.vigil.platform.metrics.RawSamples;

/**
 * Stores metric samples (telemetry, not events) by computed {@code _id}s, see {@link MetricKeys}:
 * <ul>
 * <li>{@code metric_raw}: the sample ({@link RawSamples}: one binary value) under {@code samples.<collectedAt millis>}
 * of its one-minute bucket, its millis also in the bucket's {@value #TIMES} list. Samples arriving together
 * are written together: one {@code $in} read of their buckets' {@value #TIMES} (only {@code _id} lookups, which
 * the embedded server answers from its index — a filter on {@code _id} and another field it would answer by
 * scanning the collection), then one unordered bulk of plain {@code _id} upserts for the new ones. So a repeated
 * sample is stored once and counted once; the first one stored with a {@code collectedAt} stays. Exact on one
 * node, where {@link MetricsIngest} is the only writer; two nodes receiving the same sample at the same
 * moment (an agent's retry racing its first attempt) could both count it in the roll-ups;</li>
 * <li>{@code metric_rollup}: per 5-minute slot of the day, count, sum and maximum of CPU %, memory % and
 * each disk's used % ({@code $inc}/{@code $max}, written behind by {@link RollupBuffer}; packed into one
 * binary value by {@link RollupCompaction} once the day has closed);</li>
 * <li>{@code metric_targets}: per target the first and last hour with raw samples ({@code firstRawHour},
 * {@code lastRawHour}) and the first and last roll-up day — what retention and "latest" read instead of
 * scanning — and the days compaction has to look at. Written when a new hour or day starts; this node
 * remembers the hours it has recorded, so that a new minute bucket costs no second write.</li>
 * </ul>
 */
@Component
public class MetricsWriter {

    public static final String RAW = "metric_raw";
    public static final String ROLLUP = "metric_rollup";
    public static final String TARGETS = "metric_targets";
    /** Field of a raw bucket: the {@code collectedAt} millis of its samples, what a write reads to tell repeats. */
    static final String TIMES = "t";

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final MongoCollection<Document> raw;
    private final MongoCollection<Document> targets;
    private final RollupBuffer rollups;
    /** Per target the newest raw hour this node has recorded in {@code metric_targets} ($min/$max: repeats are harmless). */
    private final Map<String, Long> recordedHour = new ConcurrentHashMap<>();

    public MetricsWriter(MongoTemplate mongo, RollupBuffer rollups) {
        this.raw = mongo.getCollection(RAW);
        this.targets = mongo.getCollection(TARGETS);
        this.rollups = rollups;
    }

    /** A sample of a target, as one element of a batch. */
    public record Sample(String targetId, MetricsSample sample) {}

    /** @return false when this target already has a sample with this {@code collectedAt} (nothing changes) */
    public boolean write(String targetId, MetricsSample sample) {
        return writeAll(List.of(new Sample(targetId, sample)))[0];
    }

    /**
     * Stores a batch: one {@code $in} read of its buckets' sample times, then one unordered bulk of upserts
     * for the samples not stored yet. For each sample whether it was new (false: one with its
     * {@code collectedAt} was stored before, or earlier in the batch). New samples go to the roll-ups.
     */
    public boolean[] writeAll(List<Sample> batch) {
        Map<String, Set<Long>> stored = new HashMap<>();
        List<String> ids = batch.stream().map(s -> bucketId(s.targetId(), s.sample())).distinct().toList();
        for (Document bucket : raw.find(Filters.in("_id", ids)).projection(Projections.include(TIMES))) {
            Set<Long> times = new HashSet<>();
            bucket.getList(TIMES, Number.class, List.of()).forEach(t -> times.add(t.longValue()));
            stored.put(bucket.getString("_id"), times);
        }
        boolean[] fresh = new boolean[batch.size()];
        List<UpdateOneModel<Document>> updates = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Sample s = batch.get(i);
            String id = bucketId(s.targetId(), s.sample());
            long at = s.sample().collectedAt().toEpochMilli();
            fresh[i] = stored.computeIfAbsent(id, k -> new HashSet<>()).add(at);
            if (fresh[i]) {
                updates.add(new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(
                        Updates.setOnInsert("targetId", s.targetId()),
                        Updates.setOnInsert("bucket", MetricKeys.rawBucket(s.sample().collectedAt())),
                        Updates.set("samples." + at, RawSamples.pack(rawSample(s.sample()))),
                        Updates.addToSet(TIMES, at)), UPSERT));
            }
        }
        if (!updates.isEmpty()) {
            raw.bulkWrite(updates, UNORDERED);
        }
        for (int i = 0; i < batch.size(); i++) {
            if (fresh[i]) {
                Sample s = batch.get(i);
                recordHour(s.targetId(), MetricKeys.rawHour(MetricKeys.rawBucket(s.sample().collectedAt())));
                rollups.add(s.targetId(), s.sample());
            }
        }
        return fresh;
    }

    private static String bucketId(String targetId, MetricsSample sample) {
        return MetricKeys.rawId(targetId, MetricKeys.rawBucket(sample.collectedAt()));
    }

    private void recordHour(String targetId, long hour) {
        Long recorded = recordedHour.get(targetId);
        if (recorded != null && recorded == hour) {
            return;
        }
        targets.updateOne(Filters.eq("_id", targetId), Updates.combine(Updates.min("firstRawHour", hour),
                Updates.max("lastRawHour", hour)), new UpdateOptions().upsert(true));
        recordedHour.merge(targetId, hour, Math::max);
    }

    private static Document rawSample(MetricsSample sample) {
        List<Document> disks = new ArrayList<>();
        if (sample.disks() != null) {
            for (DiskUsage d : sample.disks()) {
                Document disk = new Document("device", d.device()).append("mountPath", d.mountPath())
                        .append("fsType", d.fsType()).append("totalBytes", d.totalBytes())
                        .append("usedBytes", d.usedBytes());
                if (d.availableBytes() != null) {
                    disk.append("availableBytes", d.availableBytes());
                }
                disks.add(disk);
            }
        }
        return new Document("cpuCores", sample.cpuCores()).append("cpuUsage", sample.cpuUsage())
                .append("memoryBytes", sample.memoryBytes()).append("memoryUsage", sample.memoryUsage())
                .append("disks", disks);
    }
}
