package io.vigil.agent.host;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which mounts are disks worth reporting, one per block device (DESIGN §3, issue 7 item 5). Starts from
 * Prometheus node_exporter's default exclusions for filesystem types and mount points, adds tmpfs, and
 * keeps only device-backed ({@code /dev/*}), writable mounts; bind mounts of one device collapse into its
 * shortest mount path.
 */
public final class DiskRules {

    /** node_exporter's default fs-type exclusions, plus tmpfs. */
    public static final Set<String> EXCLUDED_FS_TYPES = Set.of("autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2",
            "configfs", "debugfs", "devpts", "devtmpfs", "fusectl", "hugetlbfs", "iso9660", "mqueue", "nsfs",
            "overlay", "proc", "procfs", "pstore", "rpc_pipefs", "securityfs", "selinuxfs", "squashfs", "erofs",
            "sysfs", "tracefs", "tmpfs", "ramfs", "fuse.lxcfs");

    /** node_exporter's default mount-point exclusions. */
    public static final Pattern EXCLUDED_MOUNT_POINTS = Pattern.compile(
            "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)");

    private DiskRules() {
    }

    public static boolean isDisk(MountInfo m) {
        return m.source().startsWith("/dev/") && !m.readOnly() && !EXCLUDED_FS_TYPES.contains(m.fsType())
                && !EXCLUDED_MOUNT_POINTS.matcher(m.mountPath()).find();
    }

    /**
     * The host's mounts as seen from a container that has the host root bind-mounted read-only at
     * {@code hostRoot} (with submounts, {@code rslave}): the mounts below it, at their host paths. Our own
     * read-only bind says nothing about the host, so only the filesystem's own read-only flag counts.
     */
    public static List<MountInfo> hostView(List<MountInfo> mounts, String hostRoot) {
        String root = hostRoot.endsWith("/") ? hostRoot.substring(0, hostRoot.length() - 1) : hostRoot;
        return mounts.stream()
                .filter(m -> m.mountPath().equals(root) || m.mountPath().startsWith(root + "/"))
                .map(m -> new MountInfo(m.device(), m.mountPath().equals(root) ? "/" : m.mountPath().substring(root.length()),
                        m.fsType(), m.source(), m.fsReadOnly(), m.fsReadOnly()))
                .toList();
    }

    /** The disks among the mounts, one per device number, at its shortest mount path, in mount order. */
    public static List<MountInfo> disks(List<MountInfo> mounts) {
        Map<String, MountInfo> byDevice = new LinkedHashMap<>();
        Comparator<MountInfo> shorter = Comparator.comparingInt((MountInfo m) -> m.mountPath().length())
                .thenComparing(MountInfo::mountPath);
        for (MountInfo m : mounts) {
            if (isDisk(m)) {
                byDevice.merge(m.device(), m, (a, b) -> shorter.compare(a, b) <= 0 ? a : b);
            }
        }
        return List.copyOf(byDevice.values());
    }
}
