package io.vigil.command.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

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
 * Threshold alerts on each new metrics sample: one {@code _id} read of the target's alert state, the pure
 * {@link ThresholdRule} per watched value, a write only when a wait starts or ends, and a command only when
 * an alert fires or resolves. Time is the hub's clock when the sample arrived.
 */
@Component
public class AlertEvaluator {

    private final AlertRuleStore store;
    private final CommandGateway commands;

    public AlertEvaluator(AlertRuleStore store, CommandGateway commands) {
        this.store = store;
        this.commands = commands;
    }

    private record Watched(String key, AlertMetric metric, String device, String mountPath, double value) {}

    public void evaluate(String targetId, MetricsSample sample, Instant now) {
        TargetAlertState state = store.state(targetId);
        AlertRules rules = state.rules().over(store.defaults());
        List<Watched> watched = new ArrayList<>();
        watched.add(new Watched(AlertKeys.cpu(), AlertMetric.CPU, null, null, sample.cpuUsage() * 100));
        watched.add(new Watched(AlertKeys.memory(), AlertMetric.MEMORY, null, null, sample.memoryUsage() * 100));
        if (sample.disks() != null) {
            for (DiskUsage disk : sample.disks()) {
                watched.add(new Watched(AlertKeys.disk(disk.device()), AlertMetric.DISK, disk.device(),
                        disk.mountPath(), MetricsValidation.usedPercent(disk)));
            }
        }
        Map<String, Instant> pendingChanges = new HashMap<>();
        String name = state.targetName() == null ? targetId : state.targetName();
        for (Watched w : watched) {
            Double threshold = rules.threshold(w.metric());
            boolean firing = state.open().containsKey(w.key());
            Instant pending = state.pending().get(w.key());
            if (threshold == null) {
                if (firing) { // the rule was switched off: nothing watches this alert any more
                    commands.sendAndWait(new ResolveAlert(targetId, w.key(), w.value(),
                            describe(w, name) + ": rule removed", now));
                }
                if (pending != null) {
                    pendingChanges.put(w.key(), null);
                }
                continue;
            }
            Outcome outcome = ThresholdRule.next(new ThresholdRule.State(firing, pending), w.value(), threshold,
                    rules.forDuration(), rules.hysteresis(), now);
            Instant nextPending = outcome.state().pendingSince();
            if (outcome.action() == Action.NONE && !java.util.Objects.equals(pending, nextPending)) {
                pendingChanges.put(w.key(), nextPending);
            }
            if (outcome.action() == Action.FIRE) {
                commands.sendAndWait(new FireAlert(targetId, UUID.randomUUID().toString(), w.key(), w.metric(),
                        w.device(), w.mountPath(), null, round(w.value()), threshold,
                        String.format(Locale.ROOT, "%s at %.1f %% (above %s %%)", describe(w, name), w.value(),
                                format(threshold)), now));
            } else if (outcome.action() == Action.RESOLVE) {
                commands.sendAndWait(new ResolveAlert(targetId, w.key(), round(w.value()),
                        String.format(Locale.ROOT, "%s back to %.1f %% (below %s %%)", describe(w, name), w.value(),
                                format(threshold - rules.hysteresis())), now));
            }
        }
        // a disk no longer reported (unmounted, removed) can neither stay above nor drop below its threshold
        java.util.Set<String> reported = new java.util.HashSet<>();
        watched.forEach(w -> reported.add(w.key()));
        state.open().keySet().stream()
                .filter(key -> key.startsWith("disk-") && !reported.contains(key))
                .sorted()
                .forEach(key -> commands.sendAndWait(new ResolveAlert(targetId, key, null,
                        "Disk " + AlertKeys.decode(key.substring("disk-".length())) + " on " + name
                                + " is no longer reported", now)));
        state.pending().keySet().stream().filter(key -> !reported.contains(key))
                .forEach(key -> pendingChanges.put(key, null));
        store.updatePending(targetId, pendingChanges);
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
