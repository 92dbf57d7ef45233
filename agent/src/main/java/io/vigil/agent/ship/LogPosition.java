package io.vigil.agent.ship;

import java.time.Instant;

/**
 * How far a container's log was read: the newest line's timestamp, and how many lines carried exactly
 * that timestamp (Docker timestamps are nanoseconds, but equal ones happen and {@code since} is inclusive).
 */
public record LogPosition(Instant timestamp, int linesAtTimestamp) {

    public boolean isAfter(LogPosition other) {
        if (other == null) {
            return true;
        }
        int c = timestamp.compareTo(other.timestamp);
        return c > 0 || (c == 0 && linesAtTimestamp > other.linesAtTimestamp);
    }

    public static LogPosition later(LogPosition a, LogPosition b) {
        return a == null ? b : b == null ? a : b.isAfter(a) ? b : a;
    }

    /** The position after reading a line with timestamp {@code t}. */
    public LogPosition advancedTo(Instant t) {
        return t.equals(timestamp) ? new LogPosition(t, linesAtTimestamp + 1) : new LogPosition(t, 1);
    }

    /**
     * Tracks lines re-read from {@code since}: a line is new when its timestamp is after the position, or
     * equal and beyond the count of lines already taken at that timestamp.
     */
    public static final class Filter {
        private final LogPosition from;
        private int seenAtFrom;
        private LogPosition position;

        public Filter(LogPosition from) {
            this.from = from;
            this.position = from;
        }

        /** @return whether the line is new; if so the position moves past it */
        public boolean accept(Instant t) {
            if (from != null) {
                int c = t.compareTo(from.timestamp);
                if (c < 0) {
                    return false;
                }
                if (c == 0 && ++seenAtFrom <= from.linesAtTimestamp) {
                    return false;
                }
            }
            position = position == null ? new LogPosition(t, 1) : position.advancedTo(t);
            return true;
        }

        public LogPosition position() {
            return position;
        }

        public LogPosition from() {
            return from;
        }
    }
}
