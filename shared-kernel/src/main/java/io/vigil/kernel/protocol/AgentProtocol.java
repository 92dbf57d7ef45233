package io.vigil.kernel.protocol;

import java.time.Instant;
import java.util.List;

import io.vigil.kernel.deployment.DeploymentStatus;

/**
 * Agent protocol v1 (DESIGN §4), the wire contract with agents including third-party ones.
 * Change only compatibly: add optional fields, rename nothing.
 */
public final class AgentProtocol {

    public static final String BASE_PATH = "/api/agent/v1";

    private AgentProtocol() {
    }

    public record LoginResponse(String token, Instant expiresAt) {}

    public record HeartbeatRequest(String agentVersion, List<DeploymentReport> deployments) {}

    /** {@code status} is one of HEALTHY, RUNNING, PROGRESSING, ERROR. */
    public record DeploymentReport(String deploymentId, String revisionId, DeploymentStatus status, String message) {}

    public record HeartbeatResponse(int heartbeatIntervalSeconds, boolean metricsEnabled, int metricsIntervalSeconds,
                                    List<DesiredDeployment> deployments) {}

    public record DesiredDeployment(String deploymentId, String revisionId, boolean logCollectionEnabled) {}
}
