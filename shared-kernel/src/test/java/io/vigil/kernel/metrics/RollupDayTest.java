package io.vigil.kernel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The packed form of a roll-up day keeps every count, sum and maximum, and reading packed plus nested
 * points answers what one nested day with all the samples would (table-driven over day shapes).
 */
class RollupDayTest {

    /** One sample as the write-behind buffer folds it in: slot, CPU %, memory %, and disk key → used %. */
    record Sample(int slot, double cpu, double memory, Map<String, Double> disks) {}

    record Case(String name, List<Sample> samples) {}

    static final List<Case> DAYS = List.of(
            new Case("an empty day", List.of()),
            new Case("one sample, no disks (Kubernetes)", List.of(new Sample(0, 12.5, 40, Map.of()))),
            new Case("first and last slot", List.of(new Sample(0, 1, 2, Map.of("a", 3.0)),
                    new Sample(287, 99.99, 100, Map.of("a", 100.0)))),
            new Case("a full day of three disks, ten samples a slot", fullDay()),
            new Case("a disk appearing mid-day", midDayDisk()),
            new Case("zeros everywhere", List.of(new Sample(5, 0, 0, Map.of("a", 0.0)), new Sample(5, 0, 0,
                    Map.of("a", 0.0)))),
            new Case("keys as the hub writes them (base64url of the device)", List.of(new Sample(17, 3, 4,
                    Map.of("L2Rldi92ZGEx", 55.5, "L2Rldi9tYXBwZXIvZGF0YS0x_-", 91.25)))));

    @Test
    void aDayRoundTripsThroughItsPackedFormUnchanged() {
        for (Case c : DAYS) {
            RollupDay day = RollupDay.read(null, nested(c.samples()));
            RollupDay back = RollupDay.decode(day.encode());
            assertThat(back).as(c.name()).isEqualTo(day);
            assertThat(back.diskKeys()).as(c.name()).containsExactlyElementsOf(day.diskKeys());
            assertThat(total(back)).as(c.name()).isEqualTo(c.samples().size());
        }
    }

    @Test
    void packedPlusLatePointsReadsLikeOneNestedDayWithAllSamples() {
        for (Case c : DAYS) {
            List<Sample> all = c.samples();
            for (int cut : new int[] {0, all.size() / 3, all.size() / 2, all.size()}) {
                RollupDay whole = RollupDay.read(null, nested(all));
                byte[] compacted = RollupDay.read(null, nested(all.subList(0, cut))).encode();
                Map<String, Object> late = nested(all.subList(cut, all.size()));
                RollupDay merged = RollupDay.read(compacted, late);
                assertThat(merged.diskKeys()).as(c.name() + " cut at " + cut).containsExactlyElementsOf(whole.diskKeys());
                for (int s = 0; s < RollupDay.SLOTS; s++) {
                    assertThat(merged.count(s)).isEqualTo(whole.count(s));
                    assertThat(merged.cpuSum(s)).isCloseTo(whole.cpuSum(s), org.assertj.core.data.Offset.offset(1e-9));
                    assertThat(merged.cpuMax(s)).isEqualTo(whole.cpuMax(s));
                    assertThat(merged.memoryMax(s)).isEqualTo(whole.memoryMax(s));
                    for (String key : whole.diskKeys()) {
                        assertThat(merged.disk(key).count(s)).isEqualTo(whole.disk(key).count(s));
                        assertThat(merged.disk(key).max(s)).isEqualTo(whole.disk(key).max(s));
                    }
                }
                // and compacting again (packed + late → packed) loses nothing either
                assertThat(RollupDay.decode(merged.encode())).as(c.name()).isEqualTo(merged);
            }
        }
    }

    @Test
    void aDiskThatAppearsMidDayHasNoCountBeforeIt() {
        RollupDay day = RollupDay.decode(RollupDay.read(null, nested(midDayDisk())).encode());
        assertThat(day.diskKeys()).containsExactly("a", "late");
        assertThat(day.disk("late").count(100)).isZero();
        assertThat(day.disk("late").max(100)).isZero();
        assertThat(day.disk("late").count(200)).isEqualTo(1);
        assertThat(day.disk("late").max(200)).isEqualTo(70.0);
        assertThat(day.count(100)).isEqualTo(1);
    }

    @Test
    void emptySlotsAreLeftOutAndReadAsZeroNeverNaN() {
        byte[] empty = new RollupDay().encode();
        assertThat(empty).hasSize(5);
        RollupDay one = RollupDay.read(null, nested(List.of(new Sample(3, 10, 20, Map.of("a", 30.0)))));
        assertThat(one.encode()).as("header, one slot record with one disk").hasSize(1 + 2 + 3 + 2 + 42 + 24);
        RollupDay back = RollupDay.decode(one.encode());
        for (int s = 0; s < RollupDay.SLOTS; s++) {
            double[] values = {back.cpuSum(s), back.cpuMax(s), back.memorySum(s), back.memoryMax(s),
                    back.disk("a").sum(s), back.disk("a").max(s)};
            assertThat(Arrays.stream(values).allMatch(Double::isFinite)).isTrue();
            if (s != 3) {
                assertThat(back.count(s)).isZero();
                assertThat(values).containsOnly(0.0);
            }
        }
        assertThat(new RollupDay().isEmpty()).isTrue();
        assertThat(back.isEmpty()).isFalse();
    }

    @Test
    void aMaximumOfAnEmptySideNeverWins() {
        RollupDay negative = new RollupDay();
        negative.addSlot(7, 1, -3, -3, -1, -1); // not a real percentage: only shows the 0 of the empty side is ignored
        RollupDay merged = RollupDay.read(new RollupDay().encode(), Map.of()).merge(negative);
        assertThat(merged.cpuMax(7)).isEqualTo(-3.0);
        merged.addSlot(7, 0, 0, 50, 0, 50);
        assertThat(merged.cpuMax(7)).as("a zero count adds nothing, not even its maximum").isEqualTo(-3.0);
    }

    @Test
    void nestedKeysThatAreNotSlotsOfTheDayAreIgnored() {
        Map<String, Object> points = nested(List.of(new Sample(1, 10, 10, Map.of())));
        points.put("288", Map.of("n", 5, "cs", 1.0));
        points.put("-1", Map.of("n", 5, "cs", 1.0));
        points.put("x", Map.of("n", 5, "cs", 1.0));
        assertThat(total(RollupDay.read(null, points))).isEqualTo(1);
    }

    @Test
    void bytesThatAreNotAPackedDayAndNonFiniteValuesAreRefused() {
        byte[] good = RollupDay.read(null, nested(fullDay())).encode();
        assertThatThrownBy(() -> RollupDay.decode(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> RollupDay.decode(Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
        byte[] future = good.clone();
        future[0] = 9;
        assertThatThrownBy(() -> RollupDay.decode(future)).hasMessageContaining("version 9");
        RollupDay nan = new RollupDay();
        nan.addSlot(0, 1, Double.NaN, 1, 1, 1);
        assertThatThrownBy(nan::encode).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The nested {@code points} the hub's {@code $inc}/{@code $max} updates build for these samples. */
    static Map<String, Object> nested(List<Sample> samples) {
        Map<String, Object> points = new LinkedHashMap<>();
        for (Sample s : samples) {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) points.computeIfAbsent(String.valueOf(s.slot()),
                    k -> new LinkedHashMap<>(Map.of("n", 0L, "cs", 0.0, "cx", Double.NEGATIVE_INFINITY, "ms", 0.0,
                            "mx", Double.NEGATIVE_INFINITY, "d", new LinkedHashMap<String, Object>())));
            p.put("n", (Long) p.get("n") + 1);
            p.put("cs", (Double) p.get("cs") + s.cpu());
            p.put("cx", Math.max((Double) p.get("cx"), s.cpu()));
            p.put("ms", (Double) p.get("ms") + s.memory());
            p.put("mx", Math.max((Double) p.get("mx"), s.memory()));
            @SuppressWarnings("unchecked")
            Map<String, Object> disks = (Map<String, Object>) p.get("d");
            s.disks().forEach((key, used) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> d = (Map<String, Object>) disks.computeIfAbsent(key,
                        k -> new LinkedHashMap<>(Map.of("n", 0, "s", 0.0, "x", Double.NEGATIVE_INFINITY)));
                d.put("n", (Integer) d.get("n") + 1); // the driver hands back Integer or Long: both are read
                d.put("s", (Double) d.get("s") + used);
                d.put("x", Math.max((Double) d.get("x"), used));
            });
        }
        return points;
    }

    static long total(RollupDay day) {
        long n = 0;
        for (int s = 0; s < RollupDay.SLOTS; s++) {
            n += day.count(s);
        }
        return n;
    }

    static List<Sample> fullDay() {
        List<Sample> samples = new ArrayList<>();
        for (int slot = 0; slot < RollupDay.SLOTS; slot++) {
            for (int i = 0; i < 10; i++) {
                samples.add(new Sample(slot, (slot * 7 + i) % 100 + 0.25, (slot + i * 3) % 100 + 0.5,
                        Map.of("vda1", 40.0 + i, "vdb", 90.0 - slot % 10, "vdc", 0.125 * i)));
            }
        }
        return samples;
    }

    static List<Sample> midDayDisk() {
        List<Sample> samples = new ArrayList<>();
        for (int slot = 0; slot < RollupDay.SLOTS; slot += 50) {
            samples.add(new Sample(slot, 10, 20, slot < 150 ? Map.of("a", 30.0) : Map.of("a", 31.0, "late", 70.0)));
        }
        return samples;
    }
}
