package io.vigil.kernel.protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.vigil.kernel.protocol.AgentProtocol.LogBatch;
import io.vigil.kernel.protocol.AgentProtocol.LogRecord;

/**
 * The binary form of a {@code POST /logs} body, content type {@value #CONTENT_TYPE} (docs/DECISIONS.md,
 * "A binary form for log batches"): the same batch as the JSON form, in length-prefixed fields the hub reads
 * without a JSON parser. Big-endian:
 *
 * <pre>
 * batch  := "VLB1" string(batchId) int32(count) record{count}
 * record := string(deploymentId) string(revisionId) string(resource) int64(timestamp) string(severity) string(body)
 * string := int32(n) byte{n}   UTF-8; n = -1: absent; n = -2: this field's value in the record before
 * </pre>
 *
 * The timestamp is nanoseconds since the epoch (UTC), {@link Long#MIN_VALUE} when absent. A batch is mostly
 * lines of one resource, revision and severity, so those fields usually cost four bytes each.
 */
public final class BinaryLogBatch {

    public static final String CONTENT_TYPE = "application/vnd.vigil.log-batch";
    static final byte[] MAGIC = {'V', 'L', 'B', '1'};
    static final int ABSENT = -1;
    static final int SAME = -2;
    static final long NO_TIME = Long.MIN_VALUE;
    private static final String[] FIELDS = {"deploymentId", "revisionId", "resource", "severity", "body"};

    private BinaryLogBatch() {
    }

    public static byte[] encode(LogBatch batch) {
        List<LogRecord> records = Objects.requireNonNull(batch.records(), "records");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + records.size() * 64);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.write(MAGIC);
            string(out, batch.batchId(), null, false);
            out.writeInt(records.size());
            LogRecord previous = null;
            for (LogRecord record : records) {
                Objects.requireNonNull(record, "a binary batch has no null records");
                boolean repeat = previous != null;
                string(out, record.deploymentId(), repeat ? previous.deploymentId() : null, repeat);
                string(out, record.revisionId(), repeat ? previous.revisionId() : null, repeat);
                string(out, record.resource(), repeat ? previous.resource() : null, repeat);
                out.writeLong(record.timestamp() == null ? NO_TIME : nanos(record.timestamp()));
                string(out, record.severity(), repeat ? previous.severity() : null, repeat);
                string(out, record.body(), null, false);
                previous = record;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static void string(DataOutputStream out, String value, String previous, boolean repeat) throws IOException {
        if (value == null) {
            out.writeInt(ABSENT);
        } else if (repeat && value.equals(previous)) {
            out.writeInt(SAME);
        } else {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
    }

    static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    /**
     * Reads a whole body. Repeated values are the previous record's {@code String}s, not copies; UTF-8 that
     * is not valid becomes U+FFFD, as the JSON parser does.
     *
     * @throws IllegalArgumentException naming the place, when the body is not a batch in this form
     */
    public static LogBatch decode(byte[] body) {
        return decode(body, Integer.MAX_VALUE);
    }

    /** As {@link #decode(byte[])}, refusing a count above {@code maxRecords} before reading any record. */
    public static LogBatch decode(byte[] body, int maxRecords) {
        Decoder in = new Decoder(body);
        for (byte b : MAGIC) {
            if (in.remaining() < 1 || body[in.at++] != b) {
                throw new IllegalArgumentException("The body does not start with \"VLB1\"; a " + CONTENT_TYPE
                        + " body is the binary batch of docs/DECISIONS.md.");
            }
        }
        String batchId = in.string("batchId", null, false);
        int count = in.int32("the record count");
        if (count < 0) {
            throw new IllegalArgumentException("The record count is negative (" + count + ").");
        }
        if (count > maxRecords) {
            throw new IllegalArgumentException("records has " + count + " entries; at most " + maxRecords + " per batch");
        }
        // each record takes at least 28 bytes: a count beyond that is a lie, not a reason to allocate
        List<LogRecord> records = new ArrayList<>(Math.min(count, in.remaining() / 28 + 1));
        String[] last = new String[5];
        long lastNanos = NO_TIME;
        Instant lastInstant = null;
        for (int i = 0; i < count; i++) {
            in.record = i;
            String[] values = new String[5];
            for (int f = 0; f < 3; f++) {
                values[f] = in.string(FIELDS[f], last[f], i > 0);
            }
            long nanos = in.int64("timestamp");
            Instant timestamp = nanos == NO_TIME ? null
                    : nanos == lastNanos ? lastInstant : Instant.ofEpochSecond(0, nanos);
            lastNanos = nanos;
            lastInstant = timestamp;
            values[3] = in.string(FIELDS[3], last[3], i > 0);
            values[4] = in.string(FIELDS[4], null, false);
            records.add(new LogRecord(values[0], values[1], values[2], timestamp, values[3], values[4]));
            last = values;
        }
        if (in.remaining() > 0) {
            throw new IllegalArgumentException("The body has " + in.remaining() + " bytes after its " + count
                    + " records.");
        }
        return new LogBatch(batchId, records);
    }

    private static final class Decoder {
        private final byte[] bytes;
        private int at;
        private int record = -1;

        Decoder(byte[] bytes) {
            this.bytes = bytes;
        }

        int remaining() {
            return bytes.length - at;
        }

        String string(String field, String previous, boolean repeatAllowed) {
            int length = int32(field);
            if (length == ABSENT) {
                return null;
            }
            if (length == SAME && repeatAllowed) {
                return previous;
            }
            if (length < 0 || length > remaining()) {
                throw new IllegalArgumentException("'" + place(field) + "' has length " + length + " but "
                        + (length < 0 ? "lengths are ≥ 0, -1 (absent) or -2 (as the record before; not in the first)"
                        : remaining() + " bytes are left"));
            }
            String value = new String(bytes, at, length, StandardCharsets.UTF_8);
            at += length;
            return value;
        }

        int int32(String what) {
            need(4, what);
            int value = (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
                    | bytes[at + 3] & 0xff;
            at += 4;
            return value;
        }

        long int64(String what) {
            need(8, what);
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | bytes[at + i] & 0xff;
            }
            at += 8;
            return value;
        }

        private void need(int n, String what) {
            if (remaining() < n) {
                throw new IllegalArgumentException("The body ends inside '" + place(what) + "'.");
            }
        }

        private String place(String field) {
            return record < 0 ? field : "records[" + record + "]." + field;
        }
    }
}
