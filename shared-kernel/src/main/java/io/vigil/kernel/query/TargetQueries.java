package io.vigil.kernel.query;

import java.time.Instant;
import java.util.List;

import io.vigil.kernel.deployment.DeploymentStatus;
import io.vigil.kernel.listing.Window;
import io.vigil.kernel.target.ConnectionStatus;
import io.vigil.kernel.target.TargetType;

/** Queries about targets and deployments, and the views that answer them. */
public final class TargetQueries {

    private TargetQueries() {
    }

    public record FindTarget(String targetId) {}

    /** {@code organisationId} non-null: only that customer organisation's targets (the Customer Portal). */
    public record FetchTargets(int limit, int offset, String organisationId) {
        public FetchTargets(int limit, int offset) {
            this(limit, offset, null);
        }
    }

    /** {@code organisationId} non-null: only if the deployment's target belongs to that customer organisation. */
    public record FetchStatusHistory(String deploymentId, Window window, String organisationId) {
        public FetchStatusHistory(String deploymentId, Window window) {
            this(deploymentId, window, null);
        }
    }

    public record TargetView(String id, String name, TargetType type, String customer, ConnectionStatus status,
                             Instant statusSince, Instant lastSeenAt, String agentVersion, boolean metricsEnabled,
                             Instant registeredAt, List<DeploymentView> deployments, String organisationId) {
        public TargetView(String id, String name, TargetType type, String customer, ConnectionStatus status,
                          Instant statusSince, Instant lastSeenAt, String agentVersion, boolean metricsEnabled,
                          Instant registeredAt, List<DeploymentView> deployments) {
            this(id, name, type, customer, status, statusSince, lastSeenAt, agentVersion, metricsEnabled, registeredAt,
                    deployments, null);
        }
    }

    public record DeploymentView(String id, String application, String version, String revisionId,
                                 int revisionNumber, DeploymentStatus status, String message, Instant statusSince,
                                 String reportedRevisionId, boolean logCollectionEnabled) {}

    public record StatusTransition(Instant at, String deploymentId, String targetId, String revisionId,
                                   DeploymentStatus previousStatus, DeploymentStatus status, String message) {}

    public record TargetList(List<TargetView> items, String nextCursor) {}

    /** A page of the status history, newest first. */
    public record StatusHistory(List<StatusTransition> items, String nextCursor) {}
}
