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
}
