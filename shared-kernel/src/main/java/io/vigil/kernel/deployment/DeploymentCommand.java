package io.vigil.kernel.deployment;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands handled by the {@code Deployment} aggregate. */
public sealed interface DeploymentCommand {

    String deploymentId();

    /** {@code composeFile} (optional) is what a Docker agent applies for revision 1. */
    record CreateDeployment(@TargetAggregateIdentifier String deploymentId, String targetId, String application,
                            String version, String revisionId, boolean logCollectionEnabled, String actor,
                            String composeFile)
            implements DeploymentCommand {

        public CreateDeployment(String deploymentId, String targetId, String application, String version,
                                String revisionId, boolean logCollectionEnabled, String actor) {
            this(deploymentId, targetId, application, version, revisionId, logCollectionEnabled, actor, null);
        }
    }

    /** {@code composeFile} (optional) is what a Docker agent applies for this revision. */
    record CreateDeploymentRevision(@TargetAggregateIdentifier String deploymentId, String revisionId,
                                    String version, String actor, String composeFile) implements DeploymentCommand {

        public CreateDeploymentRevision(String deploymentId, String revisionId, String version, String actor) {
            this(deploymentId, revisionId, version, actor, null);
        }
    }

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

    /** Switch container log collection on (issue 3); switching on what is on changes nothing. */
    record EnableLogCollection(@TargetAggregateIdentifier String deploymentId, String actor)
            implements DeploymentCommand {}

    /** Switch container log collection off; agent logs of the target are not affected. */
    record DisableLogCollection(@TargetAggregateIdentifier String deploymentId, String actor)
            implements DeploymentCommand {}

    /**
     * A container resource logged in a revision; only its first time there is a fact. {@code firstLineAt}
     * is the timestamp of the first line the hub stored for it.
     */
    record ObserveContainerResource(@TargetAggregateIdentifier String deploymentId, String revisionId,
                                    String resource, Instant firstLineAt) implements DeploymentCommand {}
}
