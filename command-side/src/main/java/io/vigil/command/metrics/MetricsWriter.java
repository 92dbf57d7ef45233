package io.vigil.command.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.metrics.MetricKeys;
import io.vigil.kernel.protocol.AgentProtocol.DiskUsage;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;
import io.vigil.platform.metrics.RawSamples;

/**
 * Stores metric samples (telemetry, not events) by computed {@code _id}s, see {@link MetricKeys}:
 * <ul>
 * <li>{@code metric_raw}: the sample ({@link RawSamples}: one binary value) under {@code samples.<collectedAt millis>}
 * of its one-minute bucket; the update returns whether that key existed, so a repeated sample is stored once and
 * counted once;</li>
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

    /** @return false when this target already has a sample with this {@code collectedAt} (nothing changes) */
    public boolean write(String targetId, MetricsSample sample) {
        long bucket = MetricKeys.rawBucket(sample.collectedAt());
        String field = "samples." + sample.collectedAt().toEpochMilli();
        Document before = raw.findOneAndUpdate(Filters.eq("_id", MetricKeys.rawId(targetId, bucket)),
                Updates.combine(Updates.setOnInsert("targetId", targetId), Updates.setOnInsert("bucket", bucket),
                        Updates.set(field, RawSamples.pack(rawSample(sample)))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)
                        .projection(Projections.include(field)));
        if (before != null) {
            Document samples = before.get("samples", Document.class);
            if (samples != null && samples.containsKey(String.valueOf(sample.collectedAt().toEpochMilli()))) {
                return false;
            }
        } else {
            recordHour(targetId, MetricKeys.rawHour(bucket));
        }
        rollups.add(targetId, sample);
        return true;
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
