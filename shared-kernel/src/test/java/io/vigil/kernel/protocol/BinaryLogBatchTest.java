package io.vigil.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vigil.kernel.protocol.AgentProtocol.LogBatch;
import io.vigil.kernel.protocol.AgentProtocol.LogRecord;

class BinaryLogBatchTest {

    private static final Instant T = Instant.parse("2026-11-28T10:00:00.123456789Z");

    @Test
    void aBatchReadsBackAsItWasWrittenWithAbsentRepeatedAndNonAsciiValues() {
        LogBatch batch = new LogBatch("b-1", List.of(
                new LogRecord(null, null, null, T, "INFO", "agent started"),
                new LogRecord("dep", "rev", "web-1", T.plusNanos(1), "INFO", "héllo ✓ 🚀"),
                new LogRecord("dep", "rev", "web-1", T.plusNanos(1), "INFO", ""),
                new LogRecord("dep", null, "web-2", null, null, null)));

        LogBatch read = BinaryLogBatch.decode(BinaryLogBatch.encode(batch));

        assertThat(read).isEqualTo(batch);
        assertThat(read.records().get(2).resource()).as("a repeated value is the same String, not a copy")
                .isSameAs(read.records().get(1).resource());
    }

    @Test
    void repeatedValuesCostFourBytes() {
        LogRecord line = new LogRecord("deployment-0123456789", "revision-0123456789", "backend-1", T, "INFO", "x");
        int one = BinaryLogBatch.encode(new LogBatch("b", List.of(line))).length;
        int two = BinaryLogBatch.encode(new LogBatch("b", List.of(line, line))).length;
        assertThat(two - one).isEqualTo(4 * 4 + 8 + 4 + 1); // four repeated fields, the time, the body
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() throws IOException {
        byte[] body = batch(out -> {
            record(out, null, null, null, T.getEpochSecond() * 1_000_000_000L, "INFO");
            out.writeInt(3);
            out.write(new byte[] {'a', (byte) 0xff, 'b'});
        });
        assertThat(BinaryLogBatch.decode(body).records().get(0).body()).isEqualTo("a\uFFFDb");
    }

    @Test
    void aBodyThatIsNotABatchIsRefusedNamingThePlace() throws IOException {
        byte[] good = BinaryLogBatch.encode(new LogBatch("b", List.of(new LogRecord(null, null, null, T, "I", "x"))));
        assertRefused("{\"batchId\":\"x\"}".getBytes(StandardCharsets.UTF_8), "VLB1");
        assertRefused(new byte[0], "VLB1");
        assertRefused(Arrays.copyOf(good, good.length - 1), "'records[0].body' has length 1 but 0 bytes are left");
        assertRefused(Arrays.copyOf(good, good.length - 3), "ends inside 'records[0].body'");
        assertRefused(Arrays.copyOf(good, good.length + 2), "2 bytes after its 1 records");
        assertRefused(Arrays.copyOf(good, 6), "ends inside 'batchId'");
        assertRefused(Arrays.copyOf(good, 10), "ends inside 'the record count'");
        assertRefused(batch(out -> {
            out.writeInt(-2); // "as the record before" in the first record
        }), "records[0].deploymentId");
        assertRefused(batch(out -> {
            record(out, null, null, null, 1L, "INFO");
            out.writeInt(-7);
        }), "records[0].body");
        assertRefused(batch(out -> {
            record(out, null, null, null, 1L, "INFO");
            out.writeInt(Integer.MAX_VALUE);
        }), "records[0].body");
        byte[] negativeCount = Arrays.copyOf(good, good.length);
        negativeCount[4 + 4 + 1] = (byte) 0x80; // after the magic and batchId "b"
        assertRefused(negativeCount, "negative");
    }

    @Test
    void aCountAboveTheLimitIsRefusedBeforeAnyRecordIsRead() throws IOException {
        byte[] body = batch(out -> {
        }, 100_001);
        assertThatThrownBy(() -> BinaryLogBatch.decode(body, 100_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("records has 100001 entries; at most 100000 per batch");
    }

    @Test
    void aCountBeyondTheBodyDoesNotAllocateForIt() throws IOException {
        byte[] body = batch(out -> {
        }, Integer.MAX_VALUE);
        assertThatThrownBy(() -> BinaryLogBatch.decode(body)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("records[0]");
    }

    private static void assertRefused(byte[] body, String message) {
        assertThatThrownBy(() -> BinaryLogBatch.decode(body)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    interface Records {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] batch(Records records) throws IOException {
        return batch(records, 1);
    }

    /** A hand-made body: magic, batchId "b", the count, then whatever {@code records} writes. */
    private static byte[] batch(Records records, int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("VLB1".getBytes(StandardCharsets.US_ASCII));
        out.writeInt(1);
        out.write('b');
        out.writeInt(count);
        records.write(out);
        return bytes.toByteArray();
    }

    /** The fields of a record before its body. */
    private static void record(DataOutputStream out, String deploymentId, String revisionId, String resource,
                               long nanos, String severity) throws IOException {
        for (String value : new String[] {deploymentId, revisionId, resource}) {
            string(out, value);
        }
        out.writeLong(nanos);
        string(out, severity);
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
