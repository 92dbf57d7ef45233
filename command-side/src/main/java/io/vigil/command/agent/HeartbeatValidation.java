package io.vigil.command.agent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

import io.vigil.command.agent.AgentDirectory.DeploymentEntry;
import io.vigil.command.agent.AgentDirectory.TargetEntry;
import io.vigil.kernel.protocol.AgentProtocol.DeploymentReport;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatRequest;

/**
 * What is wrong with a heartbeat, as messages an agent author can act on. Empty means acceptable.
 * Shape errors are 400s; reports about deployments this target does not have are 422s.
 */
public final class HeartbeatValidation {

    public static final int MAX_DEPLOYMENTS = 1000;
    public static final int MAX_MESSAGE = 4096;
    public static final int MAX_VERSION = 100;

    private HeartbeatValidation() {
    }

    public static List<String> shapeProblems(HeartbeatRequest request) {
        List<String> problems = new ArrayList<>();
        if (request.agentVersion() == null || request.agentVersion().isBlank()) {
            problems.add("agentVersion is required");
        } else if (request.agentVersion().length() > MAX_VERSION) {
            problems.add("agentVersion is longer than " + MAX_VERSION + " characters");
        }
        if (request.deployments() == null) {
            problems.add("deployments is required (an empty list when the target runs none)");
            return problems;
        }
        if (request.deployments().size() > MAX_DEPLOYMENTS) {
            problems.add("deployments has " + request.deployments().size() + " entries; at most " + MAX_DEPLOYMENTS);
            return problems;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < request.deployments().size(); i++) {
            DeploymentReport report = request.deployments().get(i);
            String at = "deployments[" + i + "]";
            if (report == null) {
                problems.add(at + " is null");
                continue;
            }
            if (report.deploymentId() == null || report.deploymentId().isBlank()) {
                problems.add(at + ".deploymentId is required");
            } else if (!seen.add(report.deploymentId())) {
                problems.add(at + ".deploymentId " + report.deploymentId() + " is reported twice");
            }
            if (report.revisionId() == null || report.revisionId().isBlank()) {
                problems.add(at + ".revisionId is required");
            }
            if (report.status() == null) {
                problems.add(at + ".status is required: one of HEALTHY, RUNNING, PROGRESSING, ERROR");
            } else if (!report.status().reportable()) {
                problems.add(at + ".status " + report.status() + " cannot be reported; one of HEALTHY, RUNNING, PROGRESSING, ERROR");
            }
            if (report.message() != null && report.message().length() > MAX_MESSAGE) {
                problems.add(at + ".message is longer than " + MAX_MESSAGE + " characters");
            }
        }
        return problems;
    }

    /**
     * @param isRevision answers whether a revision belongs to a deployment; asked only for a revision that
     *                   is neither the deployment's current one nor the one last reported (rare)
     */
    public static List<String> ownershipProblems(HeartbeatRequest request, TargetEntry target,
                                                 BiPredicate<String, String> isRevision) {
        List<String> problems = new ArrayList<>();
        for (DeploymentReport report : request.deployments()) {
            DeploymentEntry entry = target.deployments().get(report.deploymentId());
            if (entry == null) {
                problems.add("deployment " + report.deploymentId() + " is not a deployment of this target");
            } else if (!report.revisionId().equals(entry.revisionId())
                    && !report.revisionId().equals(entry.reportedRevisionId())
                    && !isRevision.test(report.deploymentId(), report.revisionId())) {
                problems.add("revision " + report.revisionId() + " is not a revision of deployment "
                        + report.deploymentId());
            }
        }
        return problems;
    }
}
