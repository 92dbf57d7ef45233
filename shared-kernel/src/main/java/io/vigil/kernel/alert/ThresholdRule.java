package io.vigil.kernel.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * When a threshold alert fires and resolves, as a pure function of its state and one observation.
 * Fires when the value has been above the threshold continuously for the {@code for} duration (the first
 * observation above starts the wait; one at or below ends it). Resolves only when the value drops below
 * threshold − hysteresis, so a value hovering around the threshold fires once, not on every crossing.
 */
public final class ThresholdRule {

    private ThresholdRule() {
    }

    /** {@code pendingSince}: when the value first went above the threshold while not firing, or null. */
    public record State(boolean firing, Instant pendingSince) {
        public static final State QUIET = new State(false, null);
    }

    public enum Action { NONE, FIRE, RESOLVE }

    public record Outcome(State state, Action action) {}

    public static Outcome next(State state, double value, double threshold, Duration forDuration, double hysteresis,
                               Instant now) {
        if (state.firing()) {
            return value < threshold - hysteresis
                    ? new Outcome(State.QUIET, Action.RESOLVE)
                    : new Outcome(state, Action.NONE);
        }
        if (value <= threshold) {
            return new Outcome(State.QUIET, Action.NONE);
        }
        Instant since = state.pendingSince() == null || state.pendingSince().isAfter(now) ? now : state.pendingSince();
        if (!now.isBefore(since.plus(forDuration))) {
            return new Outcome(new State(true, null), Action.FIRE);
        }
        return new Outcome(new State(false, since), Action.NONE);
    }
}
