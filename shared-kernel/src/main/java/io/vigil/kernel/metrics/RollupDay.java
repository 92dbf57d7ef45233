package io.vigil.kernel.metrics;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One target's 5-minute roll-ups of one UTC day (288 slots; per slot the sample count, CPU % sum and max,
 * memory % sum and max, and per disk key count, used % sum and max), and the codec of its compacted form.
 * <p>
 * A day document ({@link MetricKeys#rollupId}) holds the slots in two forms: {@code packed}, one binary
 * value written by the compaction once the day has closed, and {@code points.<slot>}, the nested
 * {@code {n, cs, cx, ms, mx, d: {<diskKey>: {n, s, x}}}} the write-behind buffer {@code $inc}s and
 * {@code $max}es. A document may hold either or both (a late sample for a compacted day lands in
 * {@code points} again), so readers always go through {@link #read}: counts and sums add, maxima take the
 * larger. Why binary: the embedded MongoDB server deserialises every nested value of a document it reads
 * (31 nested days ≈ 60–270 ms, the same bytes as one binary value ≈ 5–10 ms).
 * <p>
 * Packed layout (big-endian), version 1: {@code byte 1}; {@code short} number of disk keys, each as
 * {@code short} length and UTF-8 bytes, in key order; {@code short} number of slot records; per record
 * {@code short} slot, {@code long} n, {@code double} cs, cx, ms, mx, then per disk key in header order
 * {@code long} n, {@code double} s, x. Slots without any count are left out (absent = count 0); a
 * maximum whose count is 0 is stored as 0, so the form holds no NaN or infinity.
 */
public final class RollupDay {

    public static final int SLOTS = MetricKeys.SLOTS_PER_DAY;
    private static final byte VERSION = 1;
    private static final int SLOT_BYTES = 2 + 8 + 4 * 8;
    private static final int DISK_BYTES = 8 + 2 * 8;

    /** One disk's slots: count, used % sum and maximum. */
    public static final class Disk {
        private final long[] n = new long[SLOTS];
        private final double[] sum = new double[SLOTS];
        private final double[] max = new double[SLOTS];

        public long count(int slot) {
            return n[slot];
        }

        public double sum(int slot) {
            return sum[slot];
        }

        public double max(int slot) {
            return max[slot];
        }

        void add(int slot, long count, double s, double x) {
            max[slot] = larger(max[slot], n[slot], x, count);
            n[slot] += count;
            sum[slot] += s;
        }
    }

    private final long[] n = new long[SLOTS];
    private final double[] cpuSum = new double[SLOTS];
    private final double[] cpuMax = new double[SLOTS];
    private final double[] memorySum = new double[SLOTS];
    private final double[] memoryMax = new double[SLOTS];
    private final TreeMap<String, Disk> disks = new TreeMap<>();

    public RollupDay() {
    }

    /**
     * The day as readers see it: the packed form (may be null) merged with the nested {@code points}
     * (may be null). This is the one way to read a day document.
     */
    public static RollupDay read(byte[] packed, Map<String, ?> points) {
        RollupDay day = packed == null ? new RollupDay() : decode(packed);
        if (points != null) {
            day.addPoints(points);
        }
        return day;
    }

    /**
     * Adds a nested {@code points} map (slot number as text → {@code {n, cs, cx, ms, mx, d}}); keys that are
     * not a slot of the day are ignored. Missing numbers count as 0.
     */
    public RollupDay addPoints(Map<String, ?> points) {
        for (Map.Entry<String, ?> entry : points.entrySet()) {
            int slot = slotNumber(entry.getKey());
            if (slot < 0 || !(entry.getValue() instanceof Map<?, ?> p)) {
                continue;
            }
            addSlot(slot, count(p, "n"), number(p, "cs"), number(p, "cx"), number(p, "ms"), number(p, "mx"));
            if (p.get("d") instanceof Map<?, ?> d) {
                for (Map.Entry<?, ?> disk : d.entrySet()) {
                    if (disk.getValue() instanceof Map<?, ?> v) {
                        addDisk(String.valueOf(disk.getKey()), slot, count(v, "n"), number(v, "s"), number(v, "x"));
                    }
                }
            }
        }
        return this;
    }

    /** Adds {@code count} samples' CPU and memory contributions to a slot (a count of 0 changes nothing). */
    public void addSlot(int slot, long count, double cpuSum, double cpuMax, double memorySum, double memoryMax) {
        if (count <= 0) {
            return;
        }
        this.cpuMax[slot] = larger(this.cpuMax[slot], n[slot], cpuMax, count);
        this.memoryMax[slot] = larger(this.memoryMax[slot], n[slot], memoryMax, count);
        this.cpuSum[slot] += cpuSum;
        this.memorySum[slot] += memorySum;
        n[slot] += count;
    }

    /** Adds {@code count} samples of one disk to a slot (a count of 0 changes nothing). */
    public void addDisk(String key, int slot, long count, double sum, double max) {
        if (count <= 0) {
            return;
        }
        disks.computeIfAbsent(key, k -> new Disk()).add(slot, count, sum, max);
    }

    /** Adds another day's slots to this one. */
    public RollupDay merge(RollupDay other) {
        for (int s = 0; s < SLOTS; s++) {
            addSlot(s, other.n[s], other.cpuSum[s], other.cpuMax[s], other.memorySum[s], other.memoryMax[s]);
        }
        other.disks.forEach((key, d) -> {
            for (int s = 0; s < SLOTS; s++) {
                addDisk(key, s, d.n[s], d.sum[s], d.max[s]);
            }
        });
        return this;
    }

    public long count(int slot) {
        return n[slot];
    }

    public double cpuSum(int slot) {
        return cpuSum[slot];
    }

    public double cpuMax(int slot) {
        return cpuMax[slot];
    }

    public double memorySum(int slot) {
        return memorySum[slot];
    }

    public double memoryMax(int slot) {
        return memoryMax[slot];
    }

    /** The disk keys in key order. */
    public Set<String> diskKeys() {
        return Collections.unmodifiableSet(disks.keySet());
    }

    public Disk disk(String key) {
        return disks.get(key);
    }

    public boolean isEmpty() {
        return disks.isEmpty() && Arrays.stream(n).allMatch(c -> c == 0);
    }

    /** The packed form (see the class comment). */
    public byte[] encode() {
        String[] keys = disks.keySet().toArray(String[]::new);
        Disk[] columns = disks.values().toArray(Disk[]::new);
        byte[][] names = new byte[keys.length][];
        int size = 1 + 2 + 2;
        for (int i = 0; i < keys.length; i++) {
            names[i] = keys[i].getBytes(StandardCharsets.UTF_8);
            if (names[i].length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("disk key too long: " + names[i].length + " bytes");
            }
            size += 2 + names[i].length;
        }
        int records = 0;
        for (int s = 0; s < SLOTS; s++) {
            if (used(s, columns)) {
                records++;
            }
        }
        size += records * (SLOT_BYTES + keys.length * DISK_BYTES);
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION).putShort((short) keys.length);
        for (byte[] name : names) {
            out.putShort((short) name.length).put(name);
        }
        out.putShort((short) records);
        for (int s = 0; s < SLOTS; s++) {
            if (!used(s, columns)) {
                continue;
            }
            out.putShort((short) s).putLong(n[s]).putDouble(finite(cpuSum[s])).putDouble(finite(cpuMax[s]))
                    .putDouble(finite(memorySum[s])).putDouble(finite(memoryMax[s]));
            for (Disk d : columns) {
                out.putLong(d.n[s]).putDouble(finite(d.sum[s])).putDouble(finite(d.max[s]));
            }
        }
        return out.array();
    }

    /** Reads the packed form; throws {@link IllegalArgumentException} when the bytes are not one. */
    public static RollupDay decode(byte[] packed) {
        ByteBuffer in = ByteBuffer.wrap(packed);
        RollupDay day = new RollupDay();
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown packed roll-up version " + version);
            }
            String[] keys = new String[in.getShort()];
            for (int i = 0; i < keys.length; i++) {
                byte[] name = new byte[in.getShort()];
                in.get(name);
                keys[i] = new String(name, StandardCharsets.UTF_8);
            }
            int records = in.getShort();
            for (int r = 0; r < records; r++) {
                int s = in.getShort();
                if (s < 0 || s >= SLOTS) {
                    throw new IllegalArgumentException("slot " + s + " outside the day");
                }
                day.addSlot(s, in.getLong(), in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble());
                for (String key : keys) {
                    day.addDisk(key, s, in.getLong(), in.getDouble(), in.getDouble());
                }
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("packed roll-up truncated", e);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("packed roll-up has " + in.remaining() + " trailing bytes");
        }
        return day;
    }

    private boolean used(int slot, Disk[] columns) {
        if (n[slot] > 0) {
            return true;
        }
        for (Disk d : columns) {
            if (d.n[slot] > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RollupDay d && Arrays.equals(n, d.n) && Arrays.equals(cpuSum, d.cpuSum)
                && Arrays.equals(cpuMax, d.cpuMax) && Arrays.equals(memorySum, d.memorySum)
                && Arrays.equals(memoryMax, d.memoryMax) && disks.keySet().equals(d.disks.keySet())
                && disks.entrySet().stream().allMatch(e -> {
                    Disk other = d.disks.get(e.getKey());
                    return Arrays.equals(e.getValue().n, other.n) && Arrays.equals(e.getValue().sum, other.sum)
                            && Arrays.equals(e.getValue().max, other.max);
                });
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(n) * 31 + disks.keySet().hashCode();
    }

    @Override
    public String toString() {
        return "RollupDay[" + Arrays.stream(n).filter(c -> c > 0).count() + " slots, disks " + disks.keySet() + "]";
    }

    /** The maximum of two partial maxima, each meaningful only when its count is positive. */
    private static double larger(double max, long count, double otherMax, long otherCount) {
        if (otherCount <= 0) {
            return max;
        }
        return count <= 0 ? otherMax : Math.max(max, otherMax);
    }

    private static double finite(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("roll-up values must be finite, got " + v);
        }
        return v;
    }

    private static int slotNumber(String key) {
        try {
            int slot = Integer.parseInt(key);
            return slot >= 0 && slot < SLOTS ? slot : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long count(Map<?, ?> map, String field) {
        return map.get(field) instanceof Number v ? v.longValue() : 0;
    }

    private static double number(Map<?, ?> map, String field) {
        return map.get(field) instanceof Number v ? v.doubleValue() : 0;
    }
}
