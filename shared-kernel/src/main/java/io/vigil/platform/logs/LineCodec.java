package io.vigil.platform.logs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of one chunk as a single binary value. Measured on the embedded MongoDB server (H2 backend),
 * a chunk of 500 lines stored as five BSON arrays costs 4–6× more to insert and ~5× more to read than the
 * same lines as one binary (the server handles every array element as a value); a real MongoDB gains
 * too (one value to copy instead of 2,500). Per line: the time (epoch nanos, 8 bytes), then severity,
 * revision, resource and body, each as a 4-byte length (-1 = null) and UTF-8 bytes. A reader checks a
 * line's time and skips its strings without decoding them when the line is outside its range.
 */
public final class LineCodec {

    /** A line's time and its four string lengths. */
    public static final int FIXED_BYTES_PER_LINE = 8 + 4 * 4;

    private LineCodec() {
    }

    /**
     * Accumulates lines in order, straight into one growing array; the severity, revision and resource of a
     * line are usually those of the line before, so their bytes are kept and reused. (In a profile of ingest,
     * 33 of the former writer's 37 samples were copies: into four new byte arrays per line, and into its
     * growing stream.)
     */
    public static final class Writer {
        private byte[] buffer;
        private int size;
        private int count;
        private final String[] lastValues = new String[3];
        private final byte[][] lastBytes = new byte[3][];

        public Writer(int expectedBytes) {
            this.buffer = new byte[Math.max(64, expectedBytes)];
        }

        public void add(long nanos, String severity, String revisionId, String resource, String body) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buffer[size++] = (byte) (nanos >>> shift);
            }
            repeated(0, severity);
            repeated(1, revisionId);
            repeated(2, resource);
            string(body);
            count++;
        }

        private void repeated(int field, String value) {
            if (value == null || !value.equals(lastValues[field])) {
                lastValues[field] = value;
                lastBytes[field] = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
            }
            prefixed(lastBytes[field]);
        }

        /**
         * The JDK's encoder, not a loop over the characters: for the usual ASCII line it checks the string's
         * bytes and copies them in bulk (a char loop was a tenth of the request threads' samples).
         */
        private void string(String value) {
            prefixed(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }

        /** Length, then the bytes; -1 for null. */
        private void prefixed(byte[] bytes) {
            if (bytes == null) {
                length(-1);
                return;
            }
            length(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        private void length(int length) {
            ensure(4);
            buffer[size] = (byte) (length >>> 24);
            buffer[size + 1] = (byte) (length >>> 16);
            buffer[size + 2] = (byte) (length >>> 8);
            buffer[size + 3] = (byte) length;
            size += 4;
        }

        private void ensure(int more) {
            if (buffer.length - size < more) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        public int count() {
            return count;
        }

        /** The encoded lines: the array itself when it is exactly full (a later add copies it first). */
        public byte[] bytes() {
            return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        }
    }

    /** Walks the lines of a chunk; call {@link #next()}, read {@link #nanos()}, then either {@link #decode()} or move on. */
    public static final class Reader {
        private final ByteBuffer in;
        private int index = -1;
        private long nanos;
        private int stringsAt;
        private int endOfLine;

        public Reader(byte[] bytes) {
            this.in = ByteBuffer.wrap(bytes);
        }

        public boolean next() {
            if (index >= 0) {
                in.position(endOfLine);
            }
            if (!in.hasRemaining()) {
                return false;
            }
            index++;
            nanos = in.getLong();
            stringsAt = in.position();
            for (int i = 0; i < 4; i++) {
                int length = in.getInt();
                if (length > 0) {
                    in.position(in.position() + length);
                }
            }
            endOfLine = in.position();
            return true;
        }

        public int index() {
            return index;
        }

        public long nanos() {
            return nanos;
        }

        /** severity, revisionId, resource, body of the current line. */
        public String[] decode() {
            String[] fields = new String[4];
            int at = stringsAt;
            for (int i = 0; i < 4; i++) {
                int length = in.getInt(at);
                at += 4;
                if (length >= 0) {
                    fields[i] = new String(in.array(), at, length, StandardCharsets.UTF_8);
                    at += length;
                }
            }
            return fields;
        }
    }
}
