package io.vigil.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vigil.kernel.protocol.AgentProtocol.DiskUsage;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;

class HostMetricsTest {

    private final HostMetrics metrics = new HostMetrics(Path.of("/proc"), Path.of("/"),
            Path.of("/proc/self/mountinfo"), Clock.systemUTC());

    record DfRow(String source, String fsType, long size, long used, long avail, String target) {}

    static Map<String, DfRow> df() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("df", "-B1", "--output=source,fstype,size,used,avail,target").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        Map<String, DfRow> byTarget = new HashMap<>();
        out.lines().skip(1).forEach(line -> {
            String[] f = line.trim().split("\\s+", 6);
            byTarget.put(f[5], new DfRow(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), f[5]));
        });
        return byTarget;
    }

    @Test
    void disksEqualWhatDfPrintsForTheKeptDevices() throws Exception {
        List<DiskUsage> disks = null;
        Map<String, DfRow> df = null;
        // the filesystem may change between the two readings: take a pair that agrees (or compare the last)
        for (int attempt = 0; attempt < 5; attempt++) {
            disks = metrics.disks();
            df = df();
            if (agree(disks, df)) {
                break;
            }
        }
        assertThat(disks).isNotEmpty();
        for (DiskUsage disk : disks) {
            DfRow row = df.get(disk.mountPath());
            assertThat(row).as("df row for " + disk.mountPath()).isNotNull();
            assertThat(disk.device()).isEqualTo(row.source());
            assertThat(disk.fsType()).isEqualTo(row.fsType());
            assertThat(disk.totalBytes()).isEqualTo(row.size());
            assertThat(disk.usedBytes()).isEqualTo(row.used());
            assertThat(disk.availableBytes()).isEqualTo(row.avail());
            double dfPercent = Math.ceil(100.0 * row.used() / (row.used() + row.avail()));
            assertThat(Math.ceil(100.0 * disk.usedBytes() / (disk.usedBytes() + disk.availableBytes())))
                    .isEqualTo(dfPercent);
        }
        // every device df shows for a kept filesystem type is reported once
        long devices = df.values().stream()
                .filter(r -> r.source().startsWith("/dev/") && !DiskRules.EXCLUDED_FS_TYPES.contains(r.fsType()))
                .filter(r -> !DiskRules.EXCLUDED_MOUNT_POINTS.matcher(r.target()).find())
                .map(DfRow::source).distinct().count();
        assertThat(disks.stream().map(DiskUsage::device).distinct().count()).isEqualTo(disks.size());
        assertThat((long) disks.size()).isLessThanOrEqualTo(devices);
    }

    private static boolean agree(List<DiskUsage> disks, Map<String, DfRow> df) {
        return disks.stream().allMatch(d -> {
            DfRow r = df.get(d.mountPath());
            return r != null && r.used() == d.usedBytes() && r.avail() == d.availableBytes();
        });
    }

    @Test
    void cpuAndMemoryComeFromProc() throws Exception {
        metrics.prime();
        long end = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < end) {
            Math.sqrt(System.nanoTime()); // some CPU time passes between the two readings
        }
        MetricsSample sample = metrics.sample();
        assertThat(sample.cpuCores()).isEqualTo(HostMetrics.cpuCores(java.nio.file.Files.readString(Path.of("/proc/stat"))));
        assertThat(sample.cpuCores()).isGreaterThanOrEqualTo(1);
        assertThat(sample.cpuUsage()).isBetween(0.0, 1.0);
        assertThat(sample.memoryBytes()).isGreaterThan(0L);
        assertThat(sample.memoryUsage()).isBetween(0.0, 1.0);
    }

    @Test
    void cpuUsageIsTheBusyShareOfTheJiffiesBetweenTwoReadings() {
        HostMetrics.CpuTimes before = HostMetrics.CpuTimes.parse("cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3 4\n");
        HostMetrics.CpuTimes after = HostMetrics.CpuTimes.parse("cpu  160 0 70 880 70 0 0 0 0 0\n");
        // busy +80 (user 60, system 20), idle+iowait +100
        assertThat(HostMetrics.CpuTimes.usage(before, after)).isCloseTo(80.0 / 180.0, within(1e-9));
        assertThat(HostMetrics.CpuTimes.usage(after, after)).isZero();
    }

    @Test
    void memoryUsedIsTotalMinusAvailable() {
        HostMetrics.Memory m = HostMetrics.Memory.parse("MemTotal:  1000 kB\nMemFree:  100 kB\nMemAvailable:  250 kB\n");
        assertThat(m.totalBytes()).isEqualTo(1_024_000L);
        assertThat(m.usage()).isCloseTo(0.75, within(1e-9));
    }
}
