package io.vigil.command.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import io.vigil.command.agent.AgentDirectory;
import io.vigil.command.agent.AgentDirectory.TargetEntry;
import io.vigil.command.alert.AlertRuleStore.TargetAlertState;
import io.vigil.kernel.alert.AlertCommand.FireAlert;
import io.vigil.kernel.alert.AlertCommand.ResolveAlert;
import io.vigil.kernel.alert.AlertKeys;
import io.vigil.kernel.alert.AlertMetric;
import io.vigil.kernel.alert.AlertRules;
import io.vigil.kernel.alert.ThresholdRule;
import io.vigil.kernel.alert.ThresholdRule.Action;
import io.vigil.kernel.alert.ThresholdRule.Outcome;
import io.vigil.kernel.metrics.MetricsValidation;
import io.vigil.kernel.protocol.AgentProtocol.DiskUsage;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;

/**
 * Threshold alerts on each new metrics sample: the pure {@link ThresholdRule} per watched value, against the
 * target's stored alert state ({@code _id} read) only when something is watched or a value is above its
 * threshold; a write only when a wait starts or ends, and a command only when an alert fires or resolves.
 * Time is the hub's clock when the sample arrived.
 */
@Component
public class AlertEvaluator {

    private static final Outcome QUIET_OUTCOME = new Outcome(ThresholdRule.State.QUIET, Action.NONE);

    private final AlertRuleStore store;
    private final AgentDirectory directory;
    private final CommandGateway commands;

    public AlertEvaluator(AlertRuleStore store, AgentDirectory directory, CommandGateway commands) {
        this.store = store;
        this.directory = directory;
        this.commands = commands;
    }

    private record Watched(String key, AlertMetric metric, String device, String mountPath, double value) {}

    /**
     * Evaluates a new sample. When nothing of the target is watched (no metric alert open, no threshold waiting
     * out its duration) and every value is at or below its threshold, the outcome is known from the directory
     * row alone: nothing to do, no read. Otherwise the target's stored state decides.
     */
    public void evaluate(TargetEntry target, MetricsSample sample, Instant now) {
        AlertRules rules = target.alerts().rules().over(store.defaults());
        List<Watched> watched = watched(sample);
        if (!target.alerts().watching() && watched.stream().allMatch(w -> quiet(w, rules, now))) {
            return;
        }
        String targetId = target.targetId();
        TargetAlertState state = store.state(targetId);
        Map<String, Instant> pendingChanges = new HashMap<>();
        Set<String> fired = new HashSet<>();
        Set<String> resolved = new HashSet<>();
        String name = state.targetName() == null ? targetId : state.targetName();
        for (Watched w : watched) {
            Double threshold = rules.threshold(w.metric());
            boolean firing = state.open().containsKey(w.key());
            Instant pending = state.pending().get(w.key());
            if (threshold == null) {
                if (firing) { // the rule was switched off: nothing watches this alert any more
                    commands.sendAndWait(new ResolveAlert(targetId, w.key(), w.value(),
                            describe(w, name) + ": rule removed", now));
                    resolved.add(w.key());
                }
                if (pending != null) {
                    pendingChanges.put(w.key(), null);
                }
                continue;
            }
            Outcome outcome = ThresholdRule.next(new ThresholdRule.State(firing, pending), w.value(), threshold,
                    rules.forDuration(), rules.hysteresis(), now);
            Instant nextPending = outcome.state().pendingSince();
            if (outcome.action() == Action.NONE && !Objects.equals(pending, nextPending)) {
                pendingChanges.put(w.key(), nextPending);
            }
            if (outcome.action() == Action.FIRE) {
                commands.sendAndWait(new FireAlert(targetId, UUID.randomUUID().toString(), w.key(), w.metric(),
                        w.device(), w.mountPath(), null, round(w.value()), threshold,
                        String.format(Locale.ROOT, "%s at %.1f %% (above %s %%)", describe(w, name), w.value(),
                                format(threshold)), now));
                fired.add(w.key());
            } else if (outcome.action() == Action.RESOLVE) {
                commands.sendAndWait(new ResolveAlert(targetId, w.key(), round(w.value()),
                        String.format(Locale.ROOT, "%s back to %.1f %% (below %s %%)", describe(w, name), w.value(),
                                format(threshold - rules.hysteresis())), now));
                resolved.add(w.key());
            }
        }
        // a disk no longer reported (unmounted, removed) can neither stay above nor drop below its threshold
        Set<String> reported = new HashSet<>();
        watched.forEach(w -> reported.add(w.key()));
        state.open().keySet().stream()
                .filter(key -> key.startsWith("disk-") && !reported.contains(key))
                .sorted()
                .forEach(key -> {
                    commands.sendAndWait(new ResolveAlert(targetId, key, null,
                            "Disk " + AlertKeys.decode(key.substring("disk-".length())) + " on " + name
                                    + " is no longer reported", now));
                    resolved.add(key);
                });
        state.pending().keySet().stream().filter(key -> !reported.contains(key))
                .forEach(key -> pendingChanges.put(key, null));
        boolean startsWaiting = pendingChanges.values().stream().anyMatch(Objects::nonNull);
        boolean somethingLeft = startsWaiting || !nothingLeft(state, pendingChanges, resolved);
        // before the wait is stored, so no sample skips past it; always on a new wait (bumping the generation
        // defeats a concurrent clear), and whenever the row missed what the state holds
        if (startsWaiting || (somethingLeft && !target.alerts().watching())) {
            directory.watchAlerts(targetId);
        }
        store.updatePending(targetId, pendingChanges);
        if (target.alerts().watching() && fired.isEmpty() && !somethingLeft) {
            directory.unwatchAlerts(targetId, target.alerts().generation());
        }
    }

    private static List<Watched> watched(MetricsSample sample) {
        List<Watched> watched = new ArrayList<>();
        watched.add(new Watched(AlertKeys.cpu(), AlertMetric.CPU, null, null, sample.cpuUsage() * 100));
        watched.add(new Watched(AlertKeys.memory(), AlertMetric.MEMORY, null, null, sample.memoryUsage() * 100));
        if (sample.disks() != null) {
            for (DiskUsage disk : sample.disks()) {
                watched.add(new Watched(AlertKeys.disk(disk.device()), AlertMetric.DISK, disk.device(),
                        disk.mountPath(), MetricsValidation.usedPercent(disk)));
            }
        }
        return watched;
    }

    /** Whether this value, with nothing open or waiting, leaves everything as it is. */
    private static boolean quiet(Watched w, AlertRules rules, Instant now) {
        Double threshold = rules.threshold(w.metric());
        return threshold == null || ThresholdRule.next(ThresholdRule.State.QUIET, w.value(), threshold,
                rules.forDuration(), rules.hysteresis(), now).equals(QUIET_OUTCOME);
    }

    /** Whether, after this evaluation, no metric alert is open and no threshold is waiting (deployment alerts aside). */
    private static boolean nothingLeft(TargetAlertState state, Map<String, Instant> pendingChanges, Set<String> resolved) {
        boolean open = state.open().keySet().stream().anyMatch(key -> isMetricKey(key) && !resolved.contains(key));
        boolean waiting = state.pending().keySet().stream().anyMatch(key -> !pendingChanges.containsKey(key));
        return !open && !waiting;
    }

    private static boolean isMetricKey(String key) {
        return key.equals(AlertKeys.cpu()) || key.equals(AlertKeys.memory()) || key.startsWith("disk-");
    }

    private static String describe(Watched w, String targetName) {
        return switch (w.metric()) {
            case DISK -> "Disk " + w.device() + " (" + w.mountPath() + ") on " + targetName;
            case CPU -> "CPU on " + targetName;
            case MEMORY -> "Memory on " + targetName;
            case DEPLOYMENT_STATUS -> targetName;
        };
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
