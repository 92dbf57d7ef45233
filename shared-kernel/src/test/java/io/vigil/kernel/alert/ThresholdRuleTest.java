package io.vigil.kernel.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vigil.kernel.alert.ThresholdRule.Action;
import io.vigil.kernel.alert.ThresholdRule.Outcome;
import io.vigil.kernel.alert.ThresholdRule.State;

class ThresholdRuleTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration FOR = Duration.ofMinutes(1);

    /** Feeds values 30 s apart through the rule (threshold 90, hysteresis 5) and lists the actions. */
    static List<Action> run(double... values) {
        State state = State.QUIET;
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Outcome outcome = ThresholdRule.next(state, values[i], 90, FOR, 5, T0.plusSeconds(30L * i));
            state = outcome.state();
            actions.add(outcome.action());
        }
        return actions;
    }

    @Test
    void firesOnlyAfterTheValueStayedAboveForTheWholeForDuration() {
        assertThat(run(91, 91, 91)).containsExactly(Action.NONE, Action.NONE, Action.FIRE);
    }

    @Test
    void aDipToTheThresholdRestartsTheWait() {
        assertThat(run(91, 91, 90, 91, 91, 91)).containsExactly(Action.NONE, Action.NONE, Action.NONE, Action.NONE,
                Action.NONE, Action.FIRE);
    }

    @Test
    void hoveringBetweenThresholdMinusHysteresisAndThresholdNeitherResolvesNorFiresAgain() {
        assertThat(run(95, 95, 95, 89, 91, 86, 92, 85, 90.5)).containsExactly(Action.NONE, Action.NONE, Action.FIRE,
                Action.NONE, Action.NONE, Action.NONE, Action.NONE, Action.NONE, Action.NONE);
    }

    @Test
    void resolvesOnlyBelowThresholdMinusHysteresis() {
        assertThat(run(95, 95, 95, 85, 84.9)).containsExactly(Action.NONE, Action.NONE, Action.FIRE, Action.NONE,
                Action.RESOLVE);
    }

    @Test
    void aZeroForDurationFiresOnTheFirstValueAbove() {
        Outcome outcome = ThresholdRule.next(State.QUIET, 91, 90, Duration.ZERO, 5, T0);
        assertThat(outcome.action()).isEqualTo(Action.FIRE);
        assertThat(outcome.state().firing()).isTrue();
    }

    @Test
    void aWaitStartedInTheFutureOfTheClockRestartsNow() {
        Outcome outcome = ThresholdRule.next(new State(false, T0.plusSeconds(600)), 91, 90, FOR, 5, T0);
        assertThat(outcome.state().pendingSince()).isEqualTo(T0);
    }

    @Test
    void targetRulesFallBackToTheOrganisationDefaultPartByPart() {
        AlertRules own = new AlertRules(null, 80.0, null, 0L, null);
        AlertRules effective = own.over(AlertRules.BUILT_IN);
        assertThat(effective).isEqualTo(new AlertRules(90.0, 80.0, null, 0L, 5.0));
        assertThat(effective.threshold(AlertMetric.MEMORY)).isNull();
    }

    @Test
    void keysAreSafeMongoFieldNamesAndReversible() {
        String key = AlertKeys.disk("/dev/mapper/vg0.root");
        assertThat(key).doesNotContain(".").doesNotStartWith("$");
        assertThat(AlertKeys.decode(key.substring("disk-".length()))).isEqualTo("/dev/mapper/vg0.root");
    }
}
