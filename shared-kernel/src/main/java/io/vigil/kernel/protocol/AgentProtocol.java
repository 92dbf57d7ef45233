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

    /**
     * {@code GET /deployments/{deploymentId}/revisions/{revisionId}}: what the agent applies for a
     * revision; {@code composeFile} is null when the revision has none (the agent then only observes).
     */
    public record RevisionSpec(String deploymentId, String revisionId, String composeFile) {}

    /**
     * {@code POST /logs}: a batch the agent may retry; the hub stores a {@code batchId} once. Boxed and
     * nullable fields are validated by the hub, which names what is missing.
     */
    public record LogBatch(String batchId, List<LogRecord> records) {}

    /** One log line; no {@code deploymentId} means the agent's own log. */
    public record LogRecord(String deploymentId, String revisionId, String resource, Instant timestamp,
                            String severity, String body) {}

    /** How many records were stored, and each one that was not, by its index in the batch. */
    public record LogBatchResponse(int accepted, List<RejectedRecord> rejected) {}

    public record RejectedRecord(int index, String reason) {}

    /** {@code POST /metrics}: one sample of the host; usages are fractions 0..1. */
    public record MetricsSample(Instant collectedAt, Integer cpuCores, Double cpuUsage, Long memoryBytes,
                                Double memoryUsage, List<DiskUsage> disks) {}

    /**
     * One block device, at its representative mount path. {@code availableBytes} (optional) is what
     * unprivileged users may still write: used % is {@code used / (used + available)}, as {@code df} shows it.
     */
    public record DiskUsage(String device, String mountPath, String fsType, Long totalBytes, Long usedBytes,
                            Long availableBytes) {

        public DiskUsage(String device, String mountPath, String fsType, Long totalBytes, Long usedBytes) {
            this(device, mountPath, fsType, totalBytes, usedBytes, null);
        }
    }
}
