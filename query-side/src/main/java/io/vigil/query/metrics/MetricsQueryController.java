package io.vigil.query.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import io.vigil.kernel.metrics.MetricKeys;
import io.vigil.kernel.metrics.MetricsValidation;
import io.vigil.kernel.metrics.RollupDay;
import io.vigil.kernel.protocol.AgentProtocol.DiskUsage;
import io.vigil.platform.VigilProperties;
import io.vigil.platform.security.TargetAccess;
import io.vigil.platform.web.ApiProblem;
import io.vigil.query.metrics.SeriesBuilder.Disk;
import io.vigil.query.metrics.SeriesBuilder.Point;
import io.vigil.query.target.TargetStatusProjection;
import io.vigil.platform.metrics.RawSamples;

/**
 * Metrics of a target now and over time (DESIGN §4b), read by computed {@code _id}s from the collections
 * the command side writes (layout in {@link MetricKeys}). A series uses raw samples when the window lies
 * within the raw retention and the step is under 5 minutes, otherwise the 5-minute roll-ups; the step grows
 * so that no series has more than {@value #MAX_POINTS} points. A roll-up day may be packed, nested or both
 * ({@link RollupDay}); the answer is the same.
 */
@RestController
@RequestMapping("/api/v1/targets/{targetId}/metrics")
public class MetricsQueryController {

    static final int MAX_POINTS = 1000;
    static final Duration MAX_WINDOW = Duration.ofDays(400);
    static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

    private final MongoCollection<Document> raw;
    private final MongoCollection<Document> rollup;
    private final MongoCollection<Document> targets;
    private final MongoCollection<Document> views;
    private final Clock clock;
    private final VigilProperties properties;
    private final TargetAccess access;

    public MetricsQueryController(MongoTemplate mongo, Clock clock, VigilProperties properties, TargetAccess access) {
        this.access = access;
        this.raw = mongo.getCollection("metric_raw");
        this.rollup = mongo.getCollection("metric_rollup");
        this.targets = mongo.getCollection("metric_targets");
        this.views = mongo.getCollection(TargetStatusProjection.COLLECTION);
        this.clock = clock;
        this.properties = properties;
    }

    public record DiskNow(String device, String mountPath, String fsType, long totalBytes, long usedBytes,
                          double usedPercent) {}

    public record Latest(String targetId, Instant collectedAt, Integer cpuCores, Double cpuUsagePercent,
                         Long memoryBytes, Double memoryUsagePercent, List<DiskNow> disks) {}

    public record Series(String targetId, Instant from, Instant to, Duration step, String source, List<Point> cpu,
                         List<Point> memory, List<Disk> disks) {}

    @GetMapping("/latest")
    public Latest latest(@PathVariable String targetId) {
        requireTarget(targetId);
        Document meta = targets.find(Filters.eq("_id", targetId)).first();
        Number last = meta == null ? null : meta.get("lastRawHour", Number.class);
        if (last != null) {
            // the newest sample of the last hour with samples, or of the hour before (a late sample may have
            // opened a newer hour first): one $in over their minutes
            long end = MetricKeys.firstBucketOfHour(last.longValue() + 1);
            long newest = Long.MIN_VALUE;
            Object stored = null;
            for (Document bucket : raw.find(Filters.in("_id", MetricKeys.rawIds(targetId,
                    end - 2L * MetricKeys.BUCKETS_PER_HOUR, end)))) {
                Document samples = bucket.get("samples", Document.class);
                if (samples == null) {
                    continue;
                }
                for (Map.Entry<String, Object> e : samples.entrySet()) {
                    long at = Long.parseLong(e.getKey());
                    if (at > newest) {
                        newest = at;
                        stored = e.getValue();
                    }
                }
            }
            if (stored != null) {
                return latest(targetId, Instant.ofEpochMilli(newest), RawSamples.unpack(stored));
            }
        }
        return new Latest(targetId, null, null, null, null, null, List.of());
    }

    private static Latest latest(String targetId, Instant at, Document s) {
        List<DiskNow> disks = new ArrayList<>();
        for (Document d : s.getList("disks", Document.class, List.of())) {
            long total = d.get("totalBytes", Number.class).longValue();
            long used = d.get("usedBytes", Number.class).longValue();
            disks.add(new DiskNow(d.getString("device"), d.getString("mountPath"), d.getString("fsType"), total, used,
                    Math.round(usedPercent(d) * 100) / 100.0));
        }
        return new Latest(targetId, at, s.get("cpuCores", Number.class).intValue(),
                percent(s.get("cpuUsage", Number.class)), s.get("memoryBytes", Number.class).longValue(),
                percent(s.get("memoryUsage", Number.class)), disks);
    }

    private static double percent(Number fraction) {
        return Math.round(fraction.doubleValue() * 10000) / 100.0;
    }

    @GetMapping
    public Series series(@PathVariable String targetId, @RequestParam(required = false) String from,
                         @RequestParam(required = false) String to, @RequestParam(required = false) String step) {
        Instant now = clock.instant();
        Instant end = to == null || to.isBlank() ? now : instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_WINDOW) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ApiProblem.badRequest("from must be before to");
        }
        Duration window = Duration.between(start, end);
        if (window.compareTo(MAX_WINDOW) > 0) {
            throw ApiProblem.badRequest("the window may span at most " + MAX_WINDOW.toDays() + " days");
        }
        Duration asked = step == null || step.isBlank() ? Duration.ZERO : duration(step);
        requireTarget(targetId);
        Duration minimum = Duration.ofMillis(Math.max(1000, ceilDiv(window.toMillis(), MAX_POINTS)));
        Duration chosen = asked.compareTo(minimum) > 0 ? asked : minimum;
        boolean useRaw = chosen.compareTo(MetricKeys.ROLLUP_STEP) < 0
                && !start.isBefore(now.minus(properties.metrics().retention()));
        SeriesBuilder series;
        if (useRaw) {
            if (asked.isZero()) {
                chosen = max(chosen, properties.metrics().interval());
            }
            chosen = Duration.ofSeconds(ceilDiv(chosen.toMillis(), 1000));
            series = new SeriesBuilder(start, end, chosen);
            readRaw(targetId, start, end, series);
        } else {
            long slots = ceilDiv(chosen.toMillis(), MetricKeys.ROLLUP_STEP.toMillis());
            chosen = MetricKeys.ROLLUP_STEP.multipliedBy(Math.max(1, slots));
            series = new SeriesBuilder(start, end, chosen);
            readRollups(targetId, start, end, series);
        }
        return new Series(targetId, start, end, chosen, useRaw ? "raw" : "rollup", series.cpu(), series.memory(),
                series.disks());
    }

    private void readRaw(String targetId, Instant from, Instant to, SeriesBuilder series) {
        for (Document bucket : raw.find(Filters.in("_id", MetricKeys.rawIds(targetId, from, to)))) {
            Document samples = bucket.get("samples", Document.class);
            if (samples == null) {
                continue;
            }
            for (Map.Entry<String, Object> entry : samples.entrySet()) {
                Instant at = Instant.ofEpochMilli(Long.parseLong(entry.getKey()));
                Document s = RawSamples.unpack(entry.getValue());
                double cpu = s.get("cpuUsage", Number.class).doubleValue() * 100;
                double memory = s.get("memoryUsage", Number.class).doubleValue() * 100;
                series.cpu(at, cpu, cpu, 1);
                series.memory(at, memory, memory, 1);
                for (Document d : s.getList("disks", Document.class, List.of())) {
                    double used = usedPercent(d);
                    series.disk(d.getString("device"), d.getString("device"), d.getString("mountPath"),
                            d.getString("fsType"), at, used, used, 1);
                }
            }
        }
    }

    /** Day documents in day order, each read through {@link RollupDay#read} whichever form it holds. */
    private void readRollups(String targetId, Instant from, Instant to, SeriesBuilder series) {
        List<Document> days = rollup.find(Filters.in("_id", MetricKeys.rollupIds(targetId, from, to)))
                .projection(Projections.include("day", "devices", "packed", "points")).into(new ArrayList<>());
        days.sort(Comparator.comparingLong(d -> d.get("day", Number.class).longValue()));
        for (Document doc : days) {
            Instant dayStart = MetricKeys.dayStart(doc.get("day", Number.class).longValue());
            Document devices = doc.get("devices", Document.class);
            Object packed = doc.get("packed");
            RollupDay day = RollupDay.read(packed instanceof Binary b ? b.getData() : null,
                    doc.get("points", Document.class));
            for (int slot = 0; slot < RollupDay.SLOTS; slot++) {
                long n = day.count(slot);
                Instant at = dayStart.plus(MetricKeys.ROLLUP_STEP.multipliedBy(slot));
                if (n > 0) {
                    series.cpu(at, day.cpuSum(slot), day.cpuMax(slot), n);
                    series.memory(at, day.memorySum(slot), day.memoryMax(slot), n);
                }
                for (String key : day.diskKeys()) {
                    RollupDay.Disk d = day.disk(key);
                    if (d.count(slot) == 0) {
                        continue;
                    }
                    Document info = devices == null ? null : devices.get(key, Document.class);
                    series.disk(info == null ? key : info.getString("device"),
                            info == null ? key : info.getString("device"),
                            info == null ? null : info.getString("mountPath"),
                            info == null ? null : info.getString("fsType"), at, d.sum(slot), d.max(slot), d.count(slot));
                }
            }
        }
    }

    private void requireTarget(String targetId) {
        access.requireRead(targetId); // a customer's own targets only; another's is not found
        if (views.find(Filters.eq("_id", targetId)).first() == null) {
            throw ApiProblem.notFound("Target", targetId);
        }
    }

    /** As the writer stored it: with the available bytes when the agent reported them (then as df shows it). */
    private static double usedPercent(Document disk) {
        Number available = disk.get("availableBytes", Number.class);
        return MetricsValidation.usedPercent(new DiskUsage(null, null, null, disk.get("totalBytes", Number.class).longValue(),
                disk.get("usedBytes", Number.class).longValue(), available == null ? null : available.longValue()));
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(name + " must be an RFC 3339 UTC timestamp such as 2026-03-01T10:00:00Z");
        }
    }

    private static Duration duration(String value) {
        Duration d;
        try {
            d = DurationStyle.detectAndParse(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("step must be a duration such as 30s, 5m, 1h or PT5M");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_WINDOW) > 0) {
            throw ApiProblem.badRequest("step must be positive and at most " + MAX_WINDOW.toDays() + " days");
        }
        return d;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
