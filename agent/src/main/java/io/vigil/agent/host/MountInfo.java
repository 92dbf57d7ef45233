package io.vigil.agent.host;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code /proc/<pid>/mountinfo} (proc(5)): the fields the disk rules use.
 *
 * @param device     major:minor of the filesystem's device
 * @param mountPath  where it is mounted (octal escapes decoded)
 * @param fsType     filesystem type
 * @param source     mount source, e.g. {@code /dev/vda1}
 * @param readOnly   mounted read-only (per-mount or superblock option {@code ro})
 * @param fsReadOnly the filesystem itself is read-only (superblock option {@code ro})
 */
public record MountInfo(String device, String mountPath, String fsType, String source, boolean readOnly,
                        boolean fsReadOnly) {

    public MountInfo(String device, String mountPath, String fsType, String source, boolean readOnly) {
        this(device, mountPath, fsType, source, readOnly, readOnly);
    }

    /** Parses mountinfo text; malformed lines are skipped. */
    public static List<MountInfo> parse(String text) {
        List<MountInfo> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 10 || dash < 6 || dash + 3 >= f.length) {
                continue;
            }
            boolean fsRo = hasRo(f[dash + 3]);
            mounts.add(new MountInfo(f[2], unescape(f[4]), f[dash + 1], unescape(f[dash + 2]), hasRo(f[5]) || fsRo, fsRo));
        }
        return mounts;
    }

    private static boolean hasRo(String options) {
        return List.of(options.split(",")).contains("ro");
    }

    /** mountinfo escapes space, tab, newline and backslash as \\ooo. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
