package io.vigil.kernel.deployment;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands handled by the {@code Deployment} aggregate. */
public sealed interface DeploymentCommand {

    String deploymentId();

    record CreateDeployment(@TargetAggregateIdentifier String deploymentId, String targetId, String application,
                            String version, String revisionId, boolean logCollectionEnabled, String actor)
            implements DeploymentCommand {}

    record CreateDeploymentRevision(@TargetAggregateIdentifier String deploymentId, String revisionId,
                                    String version, String actor) implements DeploymentCommand {}

    /** What the agent reported in a heartbeat that differs from what the deployment knows. */
    record ReportDeploymentStatus(@TargetAggregateIdentifier String deploymentId, String revisionId,
                                  DeploymentStatus status, String message, Instant reportedAt)
            implements DeploymentCommand {}

    /**
     * The sweeper saw no report since {@code lastReportAt}, longer than the stale-after window. The epoch
     * counts stale marks in the presence store, so a retried or late mark of a silence already handled
     * changes nothing.
     */
    record MarkDeploymentStale(@TargetAggregateIdentifier String deploymentId, long staleEpoch,
                               Instant lastReportAt) implements DeploymentCommand {}
}
