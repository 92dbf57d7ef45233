package io.vigil.kernel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vigil.kernel.protocol.AgentProtocol.DiskUsage;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;

class MetricsValidationTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant OLDEST = NOW.minusSeconds(7 * 86400);
    static final DiskUsage ROOT = new DiskUsage("/dev/vda1", "/", "ext4", 100L, 40L);

    static List<String> problems(MetricsSample sample) {
        return MetricsValidation.problems(sample, NOW, OLDEST);
    }

    @Test
    void aGoodSampleHasNoProblems() {
        assertThat(problems(new MetricsSample(NOW, 4, 0.5, 1024L, 0.25, List.of(ROOT)))).isEmpty();
        assertThat(problems(new MetricsSample(NOW, 4, 0.0, 0L, 1.0, null))).as("no disks (Kubernetes)").isEmpty();
    }

    @Test
    void usagesMustBeFiniteFractions() {
        assertThat(problems(new MetricsSample(NOW, 4, Double.NaN, 1L, 0.5, List.of()))).singleElement()
                .asString().contains("cpuUsage");
        assertThat(problems(new MetricsSample(NOW, 4, 0.5, 1L, Double.POSITIVE_INFINITY, List.of()))).singleElement()
                .asString().contains("memoryUsage");
        assertThat(problems(new MetricsSample(NOW, 4, -0.1, 1L, 1.01, List.of()))).hasSize(2);
    }

    @Test
    void timesMustBeWithinRetentionAndNotAheadOfTheHub() {
        assertThat(problems(new MetricsSample(NOW.plusSeconds(301), 4, 0.5, 1L, 0.5, List.of()))).singleElement()
                .asString().contains("future");
        assertThat(problems(new MetricsSample(NOW.plusSeconds(299), 4, 0.5, 1L, 0.5, List.of()))).isEmpty();
        assertThat(problems(new MetricsSample(OLDEST.minusSeconds(1), 4, 0.5, 1L, 0.5, List.of()))).singleElement()
                .asString().contains("retention");
    }

    @Test
    void disksAreCheckedOneByOne() {
        assertThat(problems(new MetricsSample(NOW, 4, 0.5, 1L, 0.5, List.of(
                new DiskUsage("", "/", "ext4", 1L, 1L),
                new DiskUsage("/dev/b", "/b", "xfs", -1L, 0L),
                new DiskUsage("/dev/c", "/c", "xfs", 10L, 11L)))))
                .containsExactly("disks[0].device is required", "disks[1].totalBytes must be a non-negative number of bytes",
                        "disks[2].usedBytes exceeds totalBytes");
    }

    @Test
    void usedPercentIsAsDfShowsItWhenTheAgentReportsWhatIsAvailable() {
        // 100 GB disk, 5 GB reserved for root: 45 used + 50 available → df says 47 %, not 45 %
        DiskUsage disk = new DiskUsage("/dev/vda1", "/", "ext4", 100L, 45L, 50L);
        assertThat(MetricsValidation.usedPercent(disk)).isCloseTo(47.37, org.assertj.core.data.Offset.offset(0.01));
        assertThat(MetricsValidation.usedPercent(new DiskUsage("/dev/vda1", "/", "ext4", 100L, 45L)))
                .as("an agent that does not report it").isEqualTo(45.0);
    }

    @Test
    void usedPercentIsUsedOverTotal() {
        assertThat(MetricsValidation.usedPercent(45, 50)).isEqualTo(90.0);
        assertThat(MetricsValidation.usedPercent(0, 0)).isZero();
    }

    @Test
    void bucketsAndSlotsAreComputedFromTime() {
        Instant at = Instant.parse("2026-03-01T10:07:30Z");
        assertThat(MetricKeys.rawBucketStart(MetricKeys.rawBucket(at))).isEqualTo(Instant.parse("2026-03-01T10:07:00Z"));
        assertThat(MetricKeys.rawBucketStart(MetricKeys.firstBucketOfHour(MetricKeys.rawHour(MetricKeys.rawBucket(at)))))
                .isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(MetricKeys.slot(at)).isEqualTo(121);
        assertThat(MetricKeys.rawIds("t", Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T11:00:00Z")))
                .hasSize(60).doesNotHaveDuplicates()
                .contains(MetricKeys.rawId("t", MetricKeys.rawBucket(Instant.parse("2026-03-01T10:59:59Z"))))
                .doesNotContain(MetricKeys.rawId("t", MetricKeys.rawBucket(Instant.parse("2026-03-01T11:00:00Z"))));
        assertThat(MetricKeys.rollupIds("t", Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z")))
                .hasSize(30);
    }
}
