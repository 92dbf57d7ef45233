package io.vigil.command.presence;

import java.time.Clock;
import java.time.Instant;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.vigil.command.presence.PresenceStore.Mark;
import io.vigil.command.presence.PresenceStore.Presence;
import io.vigil.kernel.deployment.DeploymentCommand.MarkDeploymentStale;
import io.vigil.kernel.target.TargetCommand.MarkTargetStale;
import io.vigil.platform.VigilProperties;

/**
 * Turns silence into facts: a target or deployment not heard from for longer than
 * {@code vigil.status.stale-after} is marked Stale. Safe with several nodes sweeping at once: each mark
 * is a compare-and-set on the presence document, and the aggregates ignore an epoch they handled.
 * A heartbeat that needed no command and a mark of the same silence may cross: the mark then records a
 * silence that was real, and the next heartbeat (≤ one interval later) records the recovery.
 */
@Component
public class StalenessSweeper {

    private static final Logger log = LoggerFactory.getLogger(StalenessSweeper.class);

    private final PresenceStore presence;
    private final CommandGateway commands;
    private final Clock clock;
    private final VigilProperties properties;

    public StalenessSweeper(PresenceStore presence, CommandGateway commands, Clock clock,
                            VigilProperties properties) {
        this.presence = presence;
        this.commands = commands;
        this.clock = clock;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${vigil.status.sweep-interval:5s}", initialDelayString = "${vigil.status.sweep-interval:5s}")
    public void sweep() {
        Instant cutoff = clock.instant().minus(properties.status().staleAfter());
        // every heartbeat this node heard before the cutoff is then stored: its own marks are exact, and
        // other nodes' heartbeats are at most one flush interval late
        presence.flush();
        for (Document doc : presence.all()) {
            try {
                Presence seen = presence.read(doc);
                if (seen.target().silentSince(cutoff)) {
                    markTarget(seen.targetId(), seen.target());
                }
                seen.deployments().forEach((deploymentId, mark) -> {
                    if (mark.silentSince(cutoff)) {
                        markDeployment(seen.targetId(), deploymentId, mark);
                    }
                });
            } catch (RuntimeException e) {
                log.warn("Could not sweep target {}; the next sweep tries again", doc.get("_id"), e);
            }
        }
    }

    private void markTarget(String targetId, Mark mark) {
        long epoch = presence.markStale(targetId, null, mark.lastSeen());
        if (epoch < 0) {
            return;
        }
        try {
            commands.sendAndWait(new MarkTargetStale(targetId, epoch, mark.lastSeen().toInstant()));
        } catch (RuntimeException e) {
            presence.unmark(targetId, null, epoch);
            throw e;
        }
    }

    private void markDeployment(String targetId, String deploymentId, Mark mark) {
        long epoch = presence.markStale(targetId, deploymentId, mark.lastSeen());
        if (epoch < 0) {
            return;
        }
        try {
            commands.sendAndWait(new MarkDeploymentStale(deploymentId, epoch, mark.lastSeen().toInstant()));
        } catch (RuntimeException e) {
            presence.unmark(targetId, deploymentId, epoch);
            throw e;
        }
    }
}
