package io.vigil.command.target;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import io.vigil.kernel.alert.AlertCommand.FireAlert;
import io.vigil.kernel.alert.AlertCommand.ResolveAlert;
import io.vigil.kernel.alert.AlertEvent.AlertFired;
import io.vigil.kernel.alert.AlertEvent.AlertResolved;
import io.vigil.kernel.alert.AlertMetric;
import io.vigil.kernel.alert.AlertRules;
import io.vigil.kernel.target.ConnectionStatus;
import io.vigil.kernel.target.TargetCommand.ChangeAlertRules;
import io.vigil.kernel.target.TargetCommand.DisableMetricsCollection;
import io.vigil.kernel.target.TargetCommand.EnableMetricsCollection;
import io.vigil.kernel.target.TargetCommand.MarkTargetStale;
import io.vigil.kernel.target.TargetCommand.RecordHeartbeat;
import io.vigil.kernel.target.TargetCommand.RegisterTarget;
import io.vigil.kernel.target.TargetEvent.AlertRulesChanged;
import io.vigil.kernel.target.TargetEvent.ContactReason;
import io.vigil.kernel.target.TargetEvent.HeartbeatReceived;
import io.vigil.kernel.target.TargetEvent.MetricsCollectionDisabled;
import io.vigil.kernel.target.TargetEvent.MetricsCollectionEnabled;

import io.vigil.kernel.target.TargetCommand.AssignTarget;
import io.vigil.kernel.target.TargetCommand.RotateTargetSecret;
import io.vigil.kernel.target.TargetEvent.TargetAssigned;
import io.vigil.kernel.target.TargetEvent.TargetRegistered;
import io.vigil.kernel.target.TargetEvent.TargetSecretRotated;
import io.vigil.kernel.target.TargetEvent.TargetWentStale;

/**
 * A deployment target: decides which heartbeats are facts. Ordinary heartbeats change nothing here,
 * so a target that reports every 5 s for a day adds a handful of events, not 17,280.
 *
 * <p>Stale marks carry an epoch from the presence store: a mark applies once, and only to a Connected
 * target, so a retried mark of a silence already handled cannot make a target that has since
 * reported Stale again.
 */
@Aggregate(snapshotTriggerDefinition = "targetSnapshotTrigger", cache = "targetCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class DeploymentTarget {

    @AggregateIdentifier
    private String targetId;
    private ConnectionStatus status;
    private String agentVersion;
    private long secretGeneration;
    private long contactGeneration;
    private long handledStaleEpoch;
    private boolean metricsEnabled;
    private AlertRules alertRules = AlertRules.NONE;
    /** Open alerts of this target: key → alert id, with what the resolve event repeats. */
    private Map<String, AlertFired> openAlerts = new HashMap<>();

    private String organisationId;

    protected DeploymentTarget() {
        // for Axon and snapshot deserialisation
    }

    @CommandHandler
    public DeploymentTarget(RegisterTarget command) {
        apply(new TargetRegistered(command.targetId(), command.name(), command.type(), command.customer(),
                command.secretHash(), 1, command.actor(), command.organisationId()));
    }

    /** Reconnect: every rotation is a fact (a retried request is deduplicated at the edge by its key). */
    @CommandHandler
    public void handle(RotateTargetSecret command) {
        apply(new TargetSecretRotated(targetId, command.secretHash(), secretGeneration + 1, command.actor()));
    }

    @CommandHandler
    public void handle(AssignTarget command) {
        if (!Objects.equals(organisationId, command.organisationId())) {
            apply(new TargetAssigned(targetId, command.organisationId(), organisationId, command.actor()));
        }
    }

    @CommandHandler
    public void handle(RecordHeartbeat command) {
        if (command.secretGeneration() != secretGeneration) {
            return; // a token of a rotated secret: the agent API refuses it before it gets here
        }
        ContactReason reason = contactReason(command);
        if (reason != null) {
            apply(new HeartbeatReceived(targetId, command.agentVersion(), command.secretGeneration(),
                    handledStaleEpoch, reason, command.receivedAt()));
        }
    }

    private ContactReason contactReason(RecordHeartbeat command) {
        if (status == ConnectionStatus.NOT_CONNECTED) {
            return contactGeneration == 0 ? ContactReason.FIRST_CONTACT : ContactReason.AFTER_SECRET_ROTATION;
        }
        if (status == ConnectionStatus.STALE) {
            return ContactReason.AFTER_STALE;
        }
        if (!Objects.equals(agentVersion, command.agentVersion())) {
            return ContactReason.NEW_AGENT_VERSION;
        }
        return null;
    }

    @CommandHandler
    public void handle(MarkTargetStale command) {
        if (status == ConnectionStatus.CONNECTED && command.staleEpoch() > handledStaleEpoch) {
            apply(new TargetWentStale(targetId, command.staleEpoch(), command.lastSeenAt()));
        }
    }

    @CommandHandler
    public void handle(EnableMetricsCollection command) {
        if (!metricsEnabled) {
            apply(new MetricsCollectionEnabled(targetId, command.actor()));
        }
    }

    /** Switching metrics off also resolves the target's open metric alerts: nothing will update them. */
    @CommandHandler
    public void handle(DisableMetricsCollection command) {
        if (metricsEnabled) {
            apply(new MetricsCollectionDisabled(targetId, command.actor()));
            openAlerts.values().stream()
                    .filter(open -> open.metric() != AlertMetric.DEPLOYMENT_STATUS)
                    .sorted(java.util.Comparator.comparing(AlertFired::key))
                    .toList()
                    .forEach(open -> apply(new AlertResolved(targetId, open.alertId(), open.key(), open.metric(),
                            open.device(), open.mountPath(), null, null, open.threshold(),
                            "metrics collection switched off by " + command.actor(), command.at())));
        }
    }

    @CommandHandler
    public void handle(ChangeAlertRules command) {
        if (!Objects.equals(alertRules, command.rules())) {
            apply(new AlertRulesChanged(targetId, command.rules(), command.actor()));
        }
    }

    /** An alert fires once per key until it is resolved; a repeated decision records nothing. */
    @CommandHandler
    public void handle(FireAlert command) {
        if (!openAlerts.containsKey(command.key())) {
            apply(new AlertFired(targetId, command.alertId(), command.key(), command.metric(), command.device(),
                    command.mountPath(), command.deploymentId(), command.value(), command.threshold(),
                    command.message(), command.at()));
        }
    }

    @CommandHandler
    public void handle(ResolveAlert command) {
        AlertFired open = openAlerts.get(command.key());
        if (open != null) {
            apply(new AlertResolved(targetId, open.alertId(), open.key(), open.metric(), open.device(),
                    open.mountPath(), open.deploymentId(), command.value(), open.threshold(), command.message(),
                    command.at()));
        }
    }

    @EventSourcingHandler
    void on(MetricsCollectionEnabled event) {
        metricsEnabled = true;
    }

    @EventSourcingHandler
    void on(MetricsCollectionDisabled event) {
        metricsEnabled = false;
    }

    @EventSourcingHandler
    void on(AlertRulesChanged event) {
        alertRules = event.rules();
    }

    @EventSourcingHandler
    void on(AlertFired event) {
        openAlerts.put(event.key(), event);
    }

    @EventSourcingHandler
    void on(AlertResolved event) {
        openAlerts.remove(event.key());
    }

    @EventSourcingHandler
    void on(TargetRegistered event) {
        targetId = event.targetId();
        status = ConnectionStatus.NOT_CONNECTED;
        secretGeneration = event.secretGeneration();
        organisationId = event.organisationId();
    }

    @EventSourcingHandler
    void on(TargetSecretRotated event) {
        // the deployments keep running and keep their status; only the connection starts over
        status = ConnectionStatus.NOT_CONNECTED;
        secretGeneration = event.secretGeneration();
    }

    @EventSourcingHandler
    void on(TargetAssigned event) {
        organisationId = event.organisationId();
    }

    @EventSourcingHandler
    void on(HeartbeatReceived event) {
        status = ConnectionStatus.CONNECTED;
        agentVersion = event.agentVersion();
        contactGeneration = event.secretGeneration();
        handledStaleEpoch = Math.max(handledStaleEpoch, event.staleEpoch());
    }

    @EventSourcingHandler
    void on(TargetWentStale event) {
        status = ConnectionStatus.STALE;
        handledStaleEpoch = Math.max(handledStaleEpoch, event.staleEpoch());
    }
}
