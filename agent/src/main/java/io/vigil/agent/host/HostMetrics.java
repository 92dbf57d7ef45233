package io.vigil.agent.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.vigil.kernel.protocol.AgentProtocol.DiskUsage;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;

/**
 * Samples the host from {@code /proc} and {@code statvfs} (through {@link FileStore}, which reports
 * {@code f_blocks}, {@code f_bfree} and {@code f_bavail} times the fragment size). When the agent runs in
 * a container, the host root is bind-mounted at {@code hostRoot} and the disks are the mounts below it
 * ({@link DiskRules#hostView}); CPU and memory in /proc are the host kernel's figures either way.
 */
public final class HostMetrics {

    private final Path proc;
    private final Path hostRoot;
    private final Path mountInfo;
    private final Clock clock;
    private CpuTimes previous;

    /**
     * @param proc      usually {@code /proc}
     * @param hostRoot  {@code /} on the host, or where the host root is mounted in the agent's container
     * @param mountInfo the mount table to read, {@code /proc/self/mountinfo} or {@code /proc/1/mountinfo}
     */
    public HostMetrics(Path proc, Path hostRoot, Path mountInfo, Clock clock) {
        this.proc = proc;
        this.hostRoot = hostRoot;
        this.mountInfo = mountInfo;
        this.clock = clock;
    }

    /** Jiffies from the aggregate {@code cpu} line of /proc/stat: busy and total. */
    public record CpuTimes(long busy, long total) {

        public static CpuTimes parse(String procStat) {
            for (String line : procStat.split("\n")) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long total = 0;
                    long idle = 0;
                    // user nice system idle iowait irq softirq steal (guest times are already in user/nice)
                    for (int i = 1; i < Math.min(f.length, 9); i++) {
                        long v = Long.parseLong(f[i]);
                        total += v;
                        if (i == 4 || i == 5) {
                            idle += v;
                        }
                    }
                    return new CpuTimes(total - idle, total);
                }
            }
            throw new IllegalArgumentException("no aggregate cpu line in /proc/stat");
        }

        /** Busy share of the time between two readings, 0..1 (0 when no time passed). */
        public static double usage(CpuTimes before, CpuTimes after) {
            long total = after.total - before.total;
            return total <= 0 ? 0 : Math.max(0, Math.min(1, (double) (after.busy - before.busy) / total));
        }
    }

    /** MemTotal and MemAvailable of /proc/meminfo, in bytes. */
    public record Memory(long totalBytes, long availableBytes) {

        public static Memory parse(String meminfo) {
            long total = -1;
            long available = -1;
            for (String line : meminfo.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].equals("MemTotal:")) {
                    total = Long.parseLong(f[1]) * 1024;
                } else if (f.length >= 2 && f[0].equals("MemAvailable:")) {
                    available = Long.parseLong(f[1]) * 1024;
                }
            }
            if (total < 0 || available < 0) {
                throw new IllegalArgumentException("MemTotal or MemAvailable missing in /proc/meminfo");
            }
            return new Memory(total, available);
        }

        /** Used = MemTotal − MemAvailable, as a share of MemTotal. */
        public double usage() {
            return totalBytes == 0 ? 0 : (double) (totalBytes - availableBytes) / totalBytes;
        }
    }

    /** Primes the CPU reading so the first sample has a delta to measure. */
    public void prime() {
        previous = CpuTimes.parse(read(proc.resolve("stat")));
    }

    public MetricsSample sample() {
        String stat = read(proc.resolve("stat"));
        CpuTimes now = CpuTimes.parse(stat);
        double cpu = previous == null ? 0 : CpuTimes.usage(previous, now);
        previous = now;
        Memory memory = Memory.parse(read(proc.resolve("meminfo")));
        return new MetricsSample(clock.instant(), cpuCores(stat), cpu, memory.totalBytes(), memory.usage(), disks());
    }

    /** The host's cores: one {@code cpuN} line each in /proc/stat (not the container's CPU quota). */
    static int cpuCores(String stat) {
        int cores = 0;
        for (String line : stat.split("\n")) {
            if (line.matches("^cpu\\d+ .*")) {
                cores++;
            }
        }
        return Math.max(cores, 1);
    }

    /** One entry per kept device, sized by statvfs: used = total − free; available as unprivileged users see it. */
    public List<DiskUsage> disks() {
        List<DiskUsage> disks = new ArrayList<>();
        List<MountInfo> mounts = MountInfo.parse(read(mountInfo));
        if (!hostRoot.equals(Path.of("/"))) {
            mounts = DiskRules.hostView(mounts, hostRoot.toString());
        }
        for (MountInfo m : DiskRules.disks(mounts)) {
            Path at = hostRoot.resolve(m.mountPath().substring(1));
            try {
                FileStore store = Files.getFileStore(at);
                long total = store.getTotalSpace();
                long free = store.getUnallocatedSpace();
                long available = store.getUsableSpace();
                disks.add(new DiskUsage(m.source(), m.mountPath(), m.fsType(), total, total - free, available));
            } catch (IOException | SecurityException e) {
                // a mount that vanished or cannot be read is left out of this sample
            }
        }
        return disks;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
