package io.vigil.command.presence;

import java.time.Clock;
import java.time.Instant;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.Document;
import org.springframework.stereotype.Service;

import io.vigil.kernel.deployment.DeploymentCommand.ReportDeploymentStatus;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatRequest;

/**
 * One heartbeat: its time goes to the presence collection; commands go to the aggregates only when it
 * says something they do not know yet. The "confirmed" fields are written after the commands succeed,
 * so a crash in between makes the next heartbeat send them again (the aggregates ignore repeats).
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

    public void record(String targetId, long generation, HeartbeatRequest request) {
        Instant now = clock.instant();
        Document before = presence.touch(targetId, request, now);
        HeartbeatChanges.Commands changes = HeartbeatChanges.of(before, targetId, generation, request, now);
        if (changes.none()) {
            return;
        }
        if (changes.target() != null) {
            commands.sendAndWait(changes.target());
        }
        for (ReportDeploymentStatus report : changes.deployments()) {
            commands.sendAndWait(report);
        }
        presence.confirm(targetId, generation, request);
    }
}
