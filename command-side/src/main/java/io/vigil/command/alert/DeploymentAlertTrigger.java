package io.vigil.command.alert;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import io.vigil.kernel.alert.AlertCommand.FireAlert;
import io.vigil.kernel.alert.AlertCommand.ResolveAlert;
import io.vigil.kernel.alert.AlertKeys;
import io.vigil.kernel.alert.AlertMetric;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentStatusChanged;
import io.vigil.kernel.deployment.DeploymentStatus;

/**
 * Deployment status alerts: a deployment entering Error or Stale fires one alert (Error then Stale keeps
 * it open), and reporting Progressing, Running or Healthy again resolves it. A tracking processor that
 * starts at the head of the event stream the first time it runs (no alerts for old history) and never
 * acts during a replay; the aggregate ignores a repeated decision.
 */
@Component
@ProcessingGroup(DeploymentAlertTrigger.PROCESSING_GROUP)
public class DeploymentAlertTrigger {

    public static final String PROCESSING_GROUP = "deployment-alerts";

    private final CommandGateway commands;

    public DeploymentAlertTrigger(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    @DisallowReplay
    void on(DeploymentStatusChanged event, @Timestamp Instant at) {
        String key = AlertKeys.deployment(event.deploymentId());
        DeploymentStatus status = event.status();
        if (status == DeploymentStatus.ERROR || status == DeploymentStatus.STALE) {
            commands.sendAndWait(new FireAlert(event.targetId(), UUID.randomUUID().toString(), key,
                    AlertMetric.DEPLOYMENT_STATUS, null, null, event.deploymentId(), null, null,
                    "Deployment " + event.deploymentId() + " is " + status + ": " + event.message(), at));
        } else if (status.reportable()) {
            commands.sendAndWait(new ResolveAlert(event.targetId(), key, null,
                    "Deployment " + event.deploymentId() + " is " + status + " again: " + event.message(), at));
        }
    }
}
