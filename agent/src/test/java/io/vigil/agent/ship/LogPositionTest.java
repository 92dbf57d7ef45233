package io.vigil.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class LogPositionTest {

    private static final Instant T = Instant.parse("2026-11-27T08:00:00.123456789Z");

    @Test
    void linesReReadFromTheSecondOfThePositionAreSkippedUpToIt() {
        LogPosition.Filter filter = new LogPosition.Filter(new LogPosition(T, 2));
        assertThat(filter.accept(T.minusMillis(5))).isFalse(); // same second, earlier
        assertThat(filter.accept(T)).isFalse();                 // first of the two lines at T, taken already
        assertThat(filter.accept(T)).isFalse();                 // second of them
        assertThat(filter.accept(T)).isTrue();                  // a third line at exactly T is new
        assertThat(filter.accept(T.plusNanos(1))).isTrue();
        assertThat(filter.position()).isEqualTo(new LogPosition(T.plusNanos(1), 1));
    }

    @Test
    void withoutAPositionEverythingIsNewAndEqualTimestampsAreCounted() {
        LogPosition.Filter filter = new LogPosition.Filter(null);
        assertThat(filter.accept(T)).isTrue();
        assertThat(filter.accept(T)).isTrue();
        assertThat(filter.position()).isEqualTo(new LogPosition(T, 2));
    }

    @Test
    void theLaterPositionWins() {
        LogPosition a = new LogPosition(T, 3);
        LogPosition b = new LogPosition(T, 5);
        LogPosition c = new LogPosition(T.plusNanos(1), 1);
        assertThat(LogPosition.later(a, b)).isEqualTo(b);
        assertThat(LogPosition.later(c, b)).isEqualTo(c);
        assertThat(LogPosition.later(null, a)).isEqualTo(a);
    }
}
