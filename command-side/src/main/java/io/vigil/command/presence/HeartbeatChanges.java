package io.vigil.command.presence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.vigil.command.agent.AgentDirectory.DeploymentEntry;
import io.vigil.command.agent.AgentDirectory.TargetEntry;
import io.vigil.kernel.deployment.DeploymentCommand.ReportDeploymentStatus;
import io.vigil.kernel.protocol.AgentProtocol.DeploymentReport;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatRequest;
import io.vigil.kernel.target.ConnectionStatus;
import io.vigil.kernel.target.TargetCommand.RecordHeartbeat;

/**
 * Which commands a heartbeat needs, given what the aggregates know (the agent directory entry read to
 * authenticate it): none when they already know everything it says — the common case — otherwise only
 * the ones that differ.
 */
public final class HeartbeatChanges {

    private HeartbeatChanges() {
    }

    public record Commands(RecordHeartbeat target, List<ReportDeploymentStatus> deployments) {
        public boolean none() {
            return target == null && deployments.isEmpty();
        }
    }

    public static Commands of(TargetEntry known, long generation, HeartbeatRequest request, Instant now) {
        RecordHeartbeat target = null;
        if (known.status() != ConnectionStatus.CONNECTED || known.contactGeneration() != generation
                || !Objects.equals(known.agentVersion(), request.agentVersion())) {
            target = new RecordHeartbeat(known.targetId(), request.agentVersion(), generation, now);
        }
        List<ReportDeploymentStatus> reports = new ArrayList<>();
        for (DeploymentReport report : request.deployments()) {
            DeploymentEntry entry = known.deployments().get(report.deploymentId());
            if (entry == null || entry.status() != report.status()
                    || !Objects.equals(entry.message(), report.message())
                    || !Objects.equals(entry.reportedRevisionId(), report.revisionId())) {
                reports.add(new ReportDeploymentStatus(report.deploymentId(), report.revisionId(), report.status(),
                        report.message(), now));
            }
        }
        return new Commands(target, reports);
    }
}
