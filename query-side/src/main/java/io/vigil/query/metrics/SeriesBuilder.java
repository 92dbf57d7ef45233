package io.vigil.query.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds samples or roll-up slots into fixed steps from {@code from}: per step the average (weighted by how
 * many samples each input stands for) and the maximum. Steps without data are left out.
 */
final class SeriesBuilder {

    record Point(Instant t, double avg, double max, long samples) {}

    record Disk(String device, String mountPath, String fsType, List<Point> points) {}

    private static final class Acc {
        double sum;
        double max = Double.NEGATIVE_INFINITY;
        long n;

        void add(double sum, double max, long n) {
            this.sum += sum;
            this.max = Math.max(this.max, max);
            this.n += n;
        }
    }

    private final Instant from;
    private final Instant to;
    private final long stepMillis;
    private final TreeMap<Long, Acc> cpu = new TreeMap<>();
    private final TreeMap<Long, Acc> memory = new TreeMap<>();
    private final Map<String, TreeMap<Long, Acc>> disks = new LinkedHashMap<>();
    private final Map<String, String[]> diskInfo = new LinkedHashMap<>();

    SeriesBuilder(Instant from, Instant to, Duration step) {
        this.from = from;
        this.to = to;
        this.stepMillis = step.toMillis();
    }

    /** @return the step index of {@code at}, or -1 outside the window */
    private long index(Instant at) {
        if (at.isBefore(from) || !at.isBefore(to)) {
            return -1;
        }
        return (at.toEpochMilli() - from.toEpochMilli()) / stepMillis;
    }

    void cpu(Instant at, double sum, double max, long n) {
        add(cpu, at, sum, max, n);
    }

    void memory(Instant at, double sum, double max, long n) {
        add(memory, at, sum, max, n);
    }

    void disk(String key, String device, String mountPath, String fsType, Instant at, double sum, double max, long n) {
        if (index(at) < 0) {
            return;
        }
        diskInfo.putIfAbsent(key, new String[] {device, mountPath, fsType});
        if (mountPath != null) {
            diskInfo.get(key)[1] = mountPath;
        }
        add(disks.computeIfAbsent(key, k -> new TreeMap<>()), at, sum, max, n);
    }

    private void add(TreeMap<Long, Acc> series, Instant at, double sum, double max, long n) {
        long i = index(at);
        if (i >= 0 && n > 0) {
            series.computeIfAbsent(i, k -> new Acc()).add(sum, max, n);
        }
    }

    List<Point> cpu() {
        return points(cpu);
    }

    List<Point> memory() {
        return points(memory);
    }

    List<Disk> disks() {
        List<Disk> out = new ArrayList<>();
        disks.forEach((key, series) -> {
            String[] info = diskInfo.get(key);
            out.add(new Disk(info[0], info[1], info[2], points(series)));
        });
        return out;
    }

    private List<Point> points(TreeMap<Long, Acc> series) {
        List<Point> out = new ArrayList<>(series.size());
        series.forEach((i, acc) -> out.add(new Point(from.plusMillis(i * stepMillis), round(acc.sum / acc.n),
                round(acc.max), acc.n)));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
