package io.vigil.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;

class RawSamplesTest {

    private static Document sample() {
        return new Document("cpuCores", 4).append("cpuUsage", 0.42).append("memoryBytes", 8L << 30)
                .append("memoryUsage", 0.5).append("disks", List.of(new Document("device", "/dev/vda1")
                        .append("mountPath", "/").append("fsType", "ext4").append("totalBytes", 100_000_000_000L)
                        .append("usedBytes", 91_000_000_000L).append("availableBytes", 4_000_000_000L)));
    }

    @Test
    void aPackedSampleIsOneBinaryValueThatReadsBackUnchanged() {
        Binary packed = RawSamples.pack(sample());

        assertThat(RawSamples.unpack(packed)).isEqualTo(sample());
    }

    @Test
    void aSampleNestedAsOlderVersionsStoredItReadsAsItIs() {
        assertThat(RawSamples.unpack(sample())).isEqualTo(sample());
    }
}
