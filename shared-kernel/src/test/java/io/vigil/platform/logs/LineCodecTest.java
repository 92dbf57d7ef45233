package io.vigil.platform.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineCodecTest {

    @Test
    void linesComeBackInOrderWithNullsAndUnicode() {
        LineCodec.Writer writer = new LineCodec.Writer(0);
        writer.add(-5, null, "rev-1", "web-1", "");
        writer.add(42, "WARN", null, "agent", "größe → ✓");
        LineCodec.Reader reader = new LineCodec.Reader(writer.bytes());

        assertThat(reader.next()).isTrue();
        assertThat(reader.nanos()).isEqualTo(-5);
        assertThat(reader.next()).isTrue(); // skipped without decoding
        assertThat(reader.index()).isEqualTo(1);
        assertThat(reader.nanos()).isEqualTo(42);
        assertThat(reader.decode()).containsExactly("WARN", null, "agent", "größe → ✓");
        assertThat(reader.next()).isFalse();

        LineCodec.Reader again = new LineCodec.Reader(writer.bytes());
        again.next();
        assertThat(again.decode()).containsExactly(null, "rev-1", "web-1", "");
    }

    @Test
    void repeatedFieldsAndLongOrMixedBodiesRoundTripThroughAGrowingBuffer() {
        LineCodec.Writer writer = new LineCodec.Writer(16);
        String ascii = "x".repeat(10_000);
        String mixed = "abc" + "é".repeat(3) + "def"; // ASCII first, then a character that needs two bytes
        String[][] lines = {
            {"INFO", "rev-1", "web-1", ascii},
            {"INFO", "rev-1", "web-1", mixed},
            {"WARN", "rev-1", "web-2", "plain"},
            {null, null, "web-2", "after nulls"},
            {"WARN", "rev-2", "web-2", "😀 outside the BMP"},
        };
        for (int i = 0; i < lines.length; i++) {
            writer.add(i, lines[i][0], lines[i][1], lines[i][2], lines[i][3]);
        }
        assertThat(writer.count()).isEqualTo(lines.length);
        LineCodec.Reader reader = new LineCodec.Reader(writer.bytes());
        for (String[] line : lines) {
            assertThat(reader.next()).isTrue();
            assertThat(reader.decode()).containsExactly(line);
        }
        assertThat(reader.next()).isFalse();
    }

    @Test
    void anExactlySizedBufferIsHandedOutAndALaterLineDoesNotChangeIt() {
        LineCodec.Writer writer = new LineCodec.Writer(LineCodec.FIXED_BYTES_PER_LINE + "INFO".length()
                + "rev-1".length() + "web-1".length() + "first".length());
        writer.add(1, "INFO", "rev-1", "web-1", "first");
        byte[] first = writer.bytes();
        writer.add(2, "INFO", "rev-1", "web-1", "second");

        LineCodec.Reader reader = new LineCodec.Reader(first);
        assertThat(reader.next()).isTrue();
        assertThat(reader.decode()).containsExactly("INFO", "rev-1", "web-1", "first");
        assertThat(reader.next()).isFalse();
        LineCodec.Reader both = new LineCodec.Reader(writer.bytes());
        assertThat(both.next() && both.next()).isTrue();
        assertThat(both.decode()).containsExactly("INFO", "rev-1", "web-1", "second");
    }
}
