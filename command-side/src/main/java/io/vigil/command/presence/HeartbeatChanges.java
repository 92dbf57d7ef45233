package io.vigil.command.presence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bson.Document;

import io.vigil.kernel.deployment.DeploymentCommand.ReportDeploymentStatus;
import io.vigil.kernel.protocol.AgentProtocol.DeploymentReport;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatRequest;
import io.vigil.kernel.target.TargetCommand.RecordHeartbeat;

/**
 * Which commands a heartbeat needs, given the presence document as it was before it: none when the
 * aggregates already know everything it says (the common case), otherwise only the ones that differ.
 */
public final class HeartbeatChanges {

    private HeartbeatChanges() {
    }

    public record Commands(RecordHeartbeat target, List<ReportDeploymentStatus> deployments) {
        public boolean none() {
            return target == null && deployments.isEmpty();
        }
    }

    public static Commands of(Document before, String targetId, long generation, HeartbeatRequest request,
                              Instant now) {
        Document previous = before == null ? new Document() : before;
        RecordHeartbeat target = null;
        if (!previous.getBoolean("confirmed", false) || previous.getBoolean("marked", false)
                || !Objects.equals(previous.getString("agentVersion"), request.agentVersion())
                || !Objects.equals(previous.get("generation"), generation)) {
            target = new RecordHeartbeat(targetId, request.agentVersion(), generation, PresenceStore.epoch(previous),
                    instant(previous.getDate("lastSeen")), now);
        }
        Document deployments = previous.get("deployments", Document.class);
        List<ReportDeploymentStatus> reports = new ArrayList<>();
        for (DeploymentReport report : request.deployments()) {
            Document entry = deployments == null ? null : deployments.get(report.deploymentId(), Document.class);
            Document known = entry == null ? new Document() : entry;
            if (!known.getBoolean("confirmed", false) || known.getBoolean("marked", false)
                    || !Objects.equals(known.getString("revisionId"), report.revisionId())
                    || !Objects.equals(known.getString("status"), report.status().name())
                    || !Objects.equals(known.getString("message"), report.message())) {
                reports.add(new ReportDeploymentStatus(report.deploymentId(), report.revisionId(), report.status(),
                        report.message(), PresenceStore.epoch(known), instant(known.getDate("lastSeen")), now));
            }
        }
        return new Commands(target, reports);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
