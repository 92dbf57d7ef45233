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

    /** What the agent reported in a heartbeat; {@code staleEpoch} works as in RecordHeartbeat. */
    record ReportDeploymentStatus(@TargetAggregateIdentifier String deploymentId, String revisionId,
                                  DeploymentStatus status, String message, long staleEpoch,
                                  Instant previousReportAt, Instant reportedAt) implements DeploymentCommand {}

    record MarkDeploymentStale(@TargetAggregateIdentifier String deploymentId, long staleEpoch,
                               Instant lastReportAt) implements DeploymentCommand {}
}
