package io.vigil.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DiskRulesTest {

    static MountInfo mount(String device, String path, String fs, String source, boolean ro) {
        return new MountInfo(device, path, fs, source, ro);
    }

    static Stream<Arguments> singleMounts() {
        return Stream.of(
                Arguments.of(mount("254:1", "/", "ext4", "/dev/vda1", false), true),
                Arguments.of(mount("254:2", "/data", "xfs", "/dev/vdb", false), true),
                Arguments.of(mount("254:3", "/mnt/ro", "ext4", "/dev/vdc", true), false), // read-only ext4
                Arguments.of(mount("0:42", "/var/lib/docker/overlay2/abc/merged", "overlay", "overlay", false), false),
                Arguments.of(mount("7:0", "/snap/core/1", "squashfs", "/dev/loop0", true), false),
                Arguments.of(mount("7:1", "/snap/core/2", "squashfs", "/dev/loop1", false), false), // squashfs even rw
                Arguments.of(mount("0:25", "/run", "tmpfs", "tmpfs", false), false),
                Arguments.of(mount("0:26", "/dev/shm", "tmpfs", "/dev/shm", false), false),
                Arguments.of(mount("0:5", "/dev", "devtmpfs", "udev", false), false),
                Arguments.of(mount("0:22", "/proc", "proc", "proc", false), false),
                Arguments.of(mount("0:30", "/sys/fs/cgroup", "cgroup2", "cgroup2", false), false),
                Arguments.of(mount("0:50", "/mnt/nfs", "nfs4", "server:/export", false), false), // not a /dev device
                Arguments.of(mount("254:1", "/var/lib/docker/volumes/x/_data", "ext4", "/dev/vda1", false), false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("singleMounts")
    void onlyWritableDeviceBackedRealFilesystemsAreDisks(MountInfo mount, boolean disk) {
        assertThat(DiskRules.isDisk(mount)).isEqualTo(disk);
    }

    @Test
    void bindMountsOfOneDeviceCollapseIntoTheShortestMountPath() {
        List<MountInfo> disks = DiskRules.disks(List.of(
                mount("254:1", "/etc/hosts", "ext4", "/dev/vda1", false),
                mount("254:1", "/", "ext4", "/dev/vda1", false),
                mount("254:1", "/srv/app", "ext4", "/dev/vda1", false),
                mount("254:16", "/data", "xfs", "/dev/vdb", false),
                mount("254:16", "/data/bind", "xfs", "/dev/vdb", false),
                mount("0:25", "/run", "tmpfs", "tmpfs", false)));

        assertThat(disks).extracting(MountInfo::mountPath).containsExactly("/", "/data");
    }

    @Test
    void aReadOnlyBindOfAWritableDeviceDoesNotHideTheDevice() {
        List<MountInfo> disks = DiskRules.disks(List.of(
                mount("254:1", "/a", "ext4", "/dev/vda1", true),
                mount("254:1", "/longer", "ext4", "/dev/vda1", false)));

        assertThat(disks).extracting(MountInfo::mountPath).containsExactly("/longer");
    }

    @Test
    void inAContainerTheHostsDisksAreTheMountsBelowTheHostRootAtTheirHostPaths() {
        List<MountInfo> container = MountInfo.parse("""
                500 400 0:60 / / rw - overlay overlay rw,lowerdir=x
                501 500 254:1 / /host ro,relatime - ext4 /dev/vda1 rw
                502 501 254:16 / /host/data ro,relatime - xfs /dev/vdb rw
                503 501 7:0 / /host/snap/x ro - squashfs /dev/loop0 ro
                504 500 254:1 /var/lib/docker/containers/abc/hostname /etc/hostname rw - ext4 /dev/vda1 rw
                505 500 0:61 / /proc rw - proc proc rw
                """);

        assertThat(DiskRules.disks(DiskRules.hostView(container, "/host")))
                .extracting(MountInfo::mountPath, MountInfo::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/", "/dev/vda1"),
                        org.assertj.core.groups.Tuple.tuple("/data", "/dev/vdb"));
    }

    @Test
    void mountinfoLinesAreParsedWithOptionalFieldsAndEscapes() {
        String text = """
                26 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,discard,errors=remount-ro
                27 26 254:1 /srv /mnt/with\\040space ro,relatime shared:1 master:2 - ext4 /dev/vda1 rw
                28 26 0:24 / /sys rw,nosuid - sysfs sysfs rw
                29 26 7:0 / /snap/x ro - squashfs /dev/loop0 ro
                garbage
                """;
        List<MountInfo> mounts = MountInfo.parse(text);

        assertThat(mounts).containsExactly(
                mount("254:1", "/", "ext4", "/dev/vda1", false),
                new MountInfo("254:1", "/mnt/with space", "ext4", "/dev/vda1", true, false),
                mount("0:24", "/sys", "sysfs", "sysfs", false),
                mount("7:0", "/snap/x", "squashfs", "/dev/loop0", true));
    }
}
