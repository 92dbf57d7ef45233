package io.vigil.command.target;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import io.vigil.kernel.target.ConnectionStatus;
import io.vigil.kernel.target.TargetCommand.AssignTarget;
import io.vigil.kernel.target.TargetCommand.MarkTargetStale;
import io.vigil.kernel.target.TargetCommand.RecordHeartbeat;
import io.vigil.kernel.target.TargetCommand.RegisterTarget;
import io.vigil.kernel.target.TargetCommand.RotateTargetSecret;
import io.vigil.kernel.target.TargetEvent.ContactReason;
import io.vigil.kernel.target.TargetEvent.HeartbeatReceived;
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
