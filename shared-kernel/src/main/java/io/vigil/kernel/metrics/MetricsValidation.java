package io.vigil.kernel.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.vigil.kernel.protocol.AgentProtocol.DiskUsage;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;

/** What makes a metrics sample acceptable (DESIGN §4): each problem named, so an agent author can fix it. */
public final class MetricsValidation {

    public static final int MAX_DISKS = 256;
    public static final int MAX_CPU_CORES = 1_000_000;
    /** A sample may be this far ahead of the hub's clock (agent clock drift). */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(5);
    private static final int MAX_TEXT = 1024;

    private MetricsValidation() {
    }

    /** @param oldest the oldest {@code collectedAt} still kept (older samples are refused, not stored) */
    public static List<String> problems(MetricsSample sample, Instant now, Instant oldest) {
        List<String> problems = new ArrayList<>();
        if (sample == null) {
            return List.of("the body must be a metrics sample");
        }
        if (sample.collectedAt() == null) {
            problems.add("collectedAt is required (RFC 3339 UTC)");
        } else if (sample.collectedAt().isAfter(now.plus(MAX_AHEAD))) {
            problems.add("collectedAt " + sample.collectedAt() + " is in the future (hub time " + now + ")");
        } else if (sample.collectedAt().isBefore(oldest)) {
            problems.add("collectedAt " + sample.collectedAt() + " is older than the retention (" + oldest + ")");
        }
        if (sample.cpuCores() == null || sample.cpuCores() < 1 || sample.cpuCores() > MAX_CPU_CORES) {
            problems.add("cpuCores must be between 1 and " + MAX_CPU_CORES);
        }
        fraction("cpuUsage", sample.cpuUsage(), problems);
        if (sample.memoryBytes() == null || sample.memoryBytes() < 0) {
            problems.add("memoryBytes must be a non-negative number of bytes");
        }
        fraction("memoryUsage", sample.memoryUsage(), problems);
        List<DiskUsage> disks = sample.disks() == null ? List.of() : sample.disks();
        if (disks.size() > MAX_DISKS) {
            problems.add("at most " + MAX_DISKS + " disks per sample, got " + disks.size());
            return problems;
        }
        Set<String> devices = new HashSet<>();
        for (int i = 0; i < disks.size(); i++) {
            DiskUsage disk = disks.get(i);
            String at = "disks[" + i + "]";
            if (disk == null) {
                problems.add(at + " must be an object");
                continue;
            }
            text(at + ".device", disk.device(), problems);
            text(at + ".mountPath", disk.mountPath(), problems);
            text(at + ".fsType", disk.fsType(), problems);
            if (disk.device() != null && !devices.add(disk.device())) {
                problems.add(at + ".device '" + disk.device() + "' is reported twice (one entry per device)");
            }
            if (disk.totalBytes() == null || disk.totalBytes() < 0) {
                problems.add(at + ".totalBytes must be a non-negative number of bytes");
            }
            if (disk.usedBytes() == null || disk.usedBytes() < 0) {
                problems.add(at + ".usedBytes must be a non-negative number of bytes");
            } else if (disk.totalBytes() != null && disk.totalBytes() >= 0 && disk.usedBytes() > disk.totalBytes()) {
                problems.add(at + ".usedBytes exceeds totalBytes");
            }
        }
        return problems;
    }

    private static void fraction(String name, Double value, List<String> problems) {
        if (value == null || !Double.isFinite(value) || value < 0 || value > 1) {
            problems.add(name + " must be a fraction between 0 and 1, got " + value);
        }
    }

    private static void text(String name, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(name + " is required");
        } else if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
            problems.add(name + " must be at most " + MAX_TEXT + " printable characters");
        }
    }

    /** Used percentage of a disk as the hub shows it: used / total (the agent reports total as used + available). */
    public static double usedPercent(long usedBytes, long totalBytes) {
        return totalBytes <= 0 ? 0 : 100.0 * usedBytes / totalBytes;
    }

    /**
     * Used percentage as {@code df} shows it: used / (used + available to unprivileged users) when the agent
     * reports what is available (reserved blocks make total larger than used + available), else used / total.
     */
    public static double usedPercent(DiskUsage disk) {
        if (disk.availableBytes() != null && disk.availableBytes() >= 0) {
            long usable = disk.usedBytes() + disk.availableBytes();
            return usable <= 0 ? 0 : 100.0 * disk.usedBytes() / usable;
        }
        return usedPercent(disk.usedBytes(), disk.totalBytes());
    }
}
