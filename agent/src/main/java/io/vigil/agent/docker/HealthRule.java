package io.vigil.agent.docker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.vigil.kernel.deployment.DeploymentStatus;

/**
 * A deployment's status from its containers (DESIGN §3, issue 7 item 3): each container is classified,
 * the deployment takes the worst class (ERROR &gt; PROGRESSING &gt; RUNNING &gt; HEALTHY), and the message
 * counts every class, naming the containers that are not fine.
 */
public final class HealthRule {

    /** A container restarting this often is in a loop, not just starting. */
    public static final int RESTART_LOOP = 3;

    private HealthRule() {
    }

    /** How one container is doing; the declaration order is the order of the message. */
    enum Condition {
        HEALTHY("healthy", DeploymentStatus.HEALTHY, false),
        RUNNING("running (no healthcheck)", DeploymentStatus.RUNNING, false),
        STARTING("starting", DeploymentStatus.PROGRESSING, false),
        RESTARTING("restarting", DeploymentStatus.PROGRESSING, true),
        RESTART_LOOP("restarting in a loop", DeploymentStatus.ERROR, true),
        UNHEALTHY("unhealthy", DeploymentStatus.ERROR, true),
        PAUSED("paused", DeploymentStatus.ERROR, true),
        EXITED("exited", DeploymentStatus.ERROR, true),
        DEAD("dead", DeploymentStatus.ERROR, true);

        final String label;
        final DeploymentStatus status;
        final boolean named;

        Condition(String label, DeploymentStatus status, boolean named) {
            this.label = label;
            this.status = status;
            this.named = named;
        }
    }

    public record Verdict(DeploymentStatus status, String message) {}

    static Condition classify(ContainerState c) {
        String state = c.state() == null ? "" : c.state();
        return switch (state) {
            case "running" -> {
                if (c.health() == null || c.health().isEmpty() || "none".equals(c.health())) {
                    yield Condition.RUNNING;
                }
                yield switch (c.health()) {
                    case "healthy" -> Condition.HEALTHY;
                    case "unhealthy" -> Condition.UNHEALTHY;
                    default -> Condition.STARTING;
                };
            }
            case "created" -> Condition.STARTING;
            case "restarting" -> c.restartCount() >= RESTART_LOOP ? Condition.RESTART_LOOP : Condition.RESTARTING;
            case "paused" -> Condition.PAUSED;
            case "exited" -> Condition.EXITED;
            default -> Condition.DEAD; // dead, removing, or anything Docker adds later: not running
        };
    }

    public static Verdict evaluate(Collection<ContainerState> containers) {
        if (containers.isEmpty()) {
            return new Verdict(DeploymentStatus.ERROR, "no containers");
        }
        Map<Condition, List<ContainerState>> byCondition = new EnumMap<>(Condition.class);
        for (ContainerState c : containers.stream().sorted(Comparator.comparing(ContainerState::resource)).toList()) {
            byCondition.computeIfAbsent(classify(c), k -> new ArrayList<>()).add(c);
        }
        DeploymentStatus status = DeploymentStatus.rollUp(byCondition.keySet().stream().map(k -> k.status).toList());
        List<String> parts = new ArrayList<>();
        byCondition.forEach((condition, list) -> {
            String part = list.size() + " " + condition.label;
            if (condition.named) {
                part += " (" + String.join(", ", list.stream().map(HealthRule::describe).toList()) + ")";
            }
            parts.add(part);
        });
        return new Verdict(status, String.join(", ", parts));
    }

    private static String describe(ContainerState c) {
        return switch (c.state() == null ? "" : c.state()) {
            case "exited" -> c.resource() + ": exit code " + c.exitCode();
            case "restarting" -> c.resource() + ": " + c.restartCount() + " restarts";
            default -> c.resource();
        };
    }
}
