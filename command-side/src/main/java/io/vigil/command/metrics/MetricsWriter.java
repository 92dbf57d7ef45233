package io.vigil.command.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
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
 * of its one-minute bucket. Samples arriving together are written in one unordered bulk of upserts, each
 * conditional on its key not existing yet: a repeated sample fails with a duplicate key (the upsert's insert
 * meets the existing bucket), so it is stored once and counted once. A duplicate key can also mean that two
 * writers created the same bucket at once; for those samples (rare) a look at the bucket tells which, and a
 * sample whose key is not there is written again. The first sample stored with a {@code collectedAt} stays;</li>
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
     * Stores a batch in one round trip; for each sample whether it was new (false: one with its
     * {@code collectedAt} was stored before). New samples go to the roll-ups.
     *
     * @throws MongoException when the store refused the batch or samples of it for another reason than a duplicate
     */
    public boolean[] writeAll(List<Sample> batch) {
        List<UpdateOneModel<Document>> updates = new ArrayList<>(batch.size());
        for (Sample s : batch) {
            updates.add(upsert(s.targetId(), s.sample()));
        }
        boolean[] fresh = new boolean[batch.size()];
        Arrays.fill(fresh, true);
        try {
            raw.bulkWrite(updates, UNORDERED);
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            for (BulkWriteError error : e.getWriteErrors()) {
                Sample s = batch.get(error.getIndex());
                fresh[error.getIndex()] = writeOne(s.targetId(), s.sample());
            }
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

    /**
     * One sample whose upsert met a duplicate key: a repeat when its key is there, else its bucket was just
     * created by another writer and the conditional upsert now finds it.
     */
    private boolean writeOne(String targetId, MetricsSample sample) {
        UpdateOneModel<Document> update = upsert(targetId, sample);
        String id = MetricKeys.rawId(targetId, MetricKeys.rawBucket(sample.collectedAt()));
        for (int attempt = 1; ; attempt++) {
            try {
                raw.updateOne(update.getFilter(), update.getUpdate(), UPSERT);
                return true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY || attempt == 3) {
                    throw e;
                }
                if (raw.countDocuments(Filters.and(Filters.eq("_id", id), Filters.exists(field(sample)))) > 0) {
                    return false;
                }
            }
        }
    }

    /** The sample's upsert into its bucket, conditional on its key not being there yet. */
    private static UpdateOneModel<Document> upsert(String targetId, MetricsSample sample) {
        long bucket = MetricKeys.rawBucket(sample.collectedAt());
        String field = field(sample);
        return new UpdateOneModel<>(
                Filters.and(Filters.eq("_id", MetricKeys.rawId(targetId, bucket)), Filters.exists(field, false)),
                Updates.combine(Updates.setOnInsert("targetId", targetId), Updates.setOnInsert("bucket", bucket),
                        Updates.set(field, RawSamples.pack(rawSample(sample)))),
                UPSERT);
    }

    private static String field(MetricsSample sample) {
        return "samples." + sample.collectedAt().toEpochMilli();
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
