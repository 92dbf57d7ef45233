package io.vigil.command.presence;

import java.time.Clock;
import java.time.Instant;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;

import io.vigil.command.agent.AgentDirectory.TargetEntry;
import io.vigil.kernel.deployment.DeploymentCommand.ReportDeploymentStatus;
import io.vigil.kernel.protocol.AgentProtocol.DeploymentReport;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatRequest;

/**
 * One heartbeat: its time goes to the presence store (write-behind); commands go to the aggregates only
 * when it says something the directory entry — what the aggregates recorded — does not. If a command
 * fails, the directory is unchanged, so the next heartbeat sends it again (the aggregates ignore repeats).
 */
@Service
public class HeartbeatIngestion {

    private final PresenceStore presence;
    private final CommandGateway commands;
    private final Clock clock;

    public HeartbeatIngestion(PresenceStore presence, CommandGateway commands, Clock clock) {
        this.presence = presence;
        this.commands = commands;
        this.clock = clock;
    }

    public void record(TargetEntry known, long generation, HeartbeatRequest request) {
        Instant now = clock.instant();
        presence.seen(known.targetId(), request.deployments().stream().map(DeploymentReport::deploymentId).toList(),
                now);
        HeartbeatChanges.Commands changes = HeartbeatChanges.of(known, generation, request, now);
        if (changes.target() != null) {
            commands.sendAndWait(changes.target());
        }
        for (ReportDeploymentStatus report : changes.deployments()) {
            commands.sendAndWait(report);
        }
    }
}
