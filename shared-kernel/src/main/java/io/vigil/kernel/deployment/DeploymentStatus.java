package io.vigil.kernel.deployment;

import java.util.Collection;
import java.util.Comparator;

/**
 * A deployment's status (DESIGN §3). The declaration order of the reportable ones is their severity
 * for the worst-wins roll-up over containers: ERROR &gt; PROGRESSING &gt; RUNNING &gt; HEALTHY.
 */
public enum DeploymentStatus {
    NO_STATUS, ERROR, STALE, PROGRESSING, RUNNING, HEALTHY;

    /** Statuses an agent may report; NO_STATUS and STALE are the hub's own conclusions. */
    public boolean reportable() {
        return this != NO_STATUS && this != STALE;
    }

    /** Worst-wins roll-up of reported container statuses; an empty collection is ERROR (nothing runs). */
    public static DeploymentStatus rollUp(Collection<DeploymentStatus> statuses) {
        return statuses.stream()
                .filter(DeploymentStatus::reportable)
                .min(Comparator.comparingInt(DeploymentStatus::severityRank))
                .orElse(ERROR);
    }

    private int severityRank() {
        return switch (this) {
            case ERROR -> 0;
            case PROGRESSING -> 1;
            case RUNNING -> 2;
            case HEALTHY -> 3;
            case NO_STATUS, STALE -> 4;
        };
    }
}
