package io.vigil.command.deployment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import io.vigil.kernel.deployment.DeploymentCommand.CreateDeployment;
import io.vigil.kernel.deployment.DeploymentCommand.CreateDeploymentRevision;
import io.vigil.kernel.deployment.DeploymentCommand.DisableLogCollection;
import io.vigil.kernel.deployment.DeploymentCommand.EnableLogCollection;
import io.vigil.kernel.deployment.DeploymentCommand.MarkDeploymentStale;
import io.vigil.kernel.deployment.DeploymentCommand.ObserveContainerResource;
import io.vigil.kernel.deployment.DeploymentCommand.ReportDeploymentStatus;
import io.vigil.kernel.deployment.DeploymentEvent.ContainerResourceObserved;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentRevisionCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentStatusChanged;
import io.vigil.kernel.deployment.DeploymentEvent.LogCollectionDisabled;
import io.vigil.kernel.deployment.DeploymentEvent.LogCollectionEnabled;
import io.vigil.kernel.deployment.DeploymentStatus;

/**
 * A deployment of an application on one target, with its revisions and its reported status.
 * Only a change of status, message or reported revision is a fact; stale epochs work as in
 * {@link io.vigil.command.target.DeploymentTarget}.
 */
@Aggregate(snapshotTriggerDefinition = "deploymentSnapshotTrigger", cache = "deploymentCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class Deployment {

    @AggregateIdentifier
    private String deploymentId;
    private String targetId;
    private Set<String> revisionIds = new LinkedHashSet<>();
    private DeploymentStatus status;
    private String reportedRevisionId;
    private String message;
    private long handledStaleEpoch;
    /** Inverted so that a snapshot taken before the switch existed reads as the default: collection on. */
    private boolean logCollectionOff;
    /** {@code revisionId + "\n" + resource} of every resource that logged in a revision (issue 3). */
    private Set<String> observedResources = new LinkedHashSet<>();

    protected Deployment() {
        // for Axon and snapshot deserialisation
    }

    @CommandHandler
    public Deployment(CreateDeployment command) {
        apply(new DeploymentCreated(command.deploymentId(), command.targetId(), command.application(),
                command.logCollectionEnabled(), command.actor()));
        apply(new DeploymentRevisionCreated(command.deploymentId(), command.targetId(), command.revisionId(), 1,
                command.version(), command.actor(), command.composeFile()));
    }

    @CommandHandler
    public void handle(CreateDeploymentRevision command) {
        if (revisionIds.contains(command.revisionId())) {
            return; // a retried request: the revision exists already
        }
        apply(new DeploymentRevisionCreated(deploymentId, targetId, command.revisionId(), revisionIds.size() + 1,
                command.version(), command.actor(), command.composeFile()));
    }

    @CommandHandler
    public void handle(ReportDeploymentStatus command) {
        if (!command.status().reportable()) {
            throw new IllegalArgumentException("an agent cannot report " + command.status());
        }
        if (!revisionIds.contains(command.revisionId())) {
            throw new IllegalArgumentException("revision " + command.revisionId() + " is not a revision of deployment "
                    + deploymentId);
        }
        if (status != command.status() || !Objects.equals(message, command.message())
                || !Objects.equals(reportedRevisionId, command.revisionId())) {
            apply(new DeploymentStatusChanged(deploymentId, targetId, command.revisionId(), status, command.status(),
                    command.message(), handledStaleEpoch));
        }
    }

    @CommandHandler
    public void handle(MarkDeploymentStale command) {
        if (command.staleEpoch() > handledStaleEpoch && status != DeploymentStatus.STALE
                && status != DeploymentStatus.NO_STATUS) {
            apply(new DeploymentStatusChanged(deploymentId, targetId, reportedRevisionId, status,
                    DeploymentStatus.STALE, staleMessage(command.lastReportAt()), command.staleEpoch()));
        }
    }

    @CommandHandler
    public void handle(EnableLogCollection command) {
        if (logCollectionOff) {
            apply(new LogCollectionEnabled(deploymentId, targetId, command.actor()));
        }
    }

    @CommandHandler
    public void handle(DisableLogCollection command) {
        if (!logCollectionOff) {
            apply(new LogCollectionDisabled(deploymentId, targetId, command.actor()));
        }
    }

    @CommandHandler
    public void handle(ObserveContainerResource command) {
        if (!revisionIds.contains(command.revisionId())) {
            throw new IllegalArgumentException("revision " + command.revisionId() + " is not a revision of deployment "
                    + deploymentId);
        }
        if (!observedResources.contains(observationKey(command.revisionId(), command.resource()))) {
            apply(new ContainerResourceObserved(deploymentId, targetId, command.revisionId(), command.resource(),
                    command.firstLineAt()));
        }
    }

    private static String observationKey(String revisionId, String resource) {
        return revisionId + "\n" + resource;
    }

    private static String staleMessage(Instant lastReportAt) {
        return lastReportAt == null ? "no status reported by the agent within the stale-after window"
                : "no status reported by the agent since " + lastReportAt;
    }

    @EventSourcingHandler
    void on(DeploymentCreated event) {
        deploymentId = event.deploymentId();
        targetId = event.targetId();
        status = DeploymentStatus.NO_STATUS;
        logCollectionOff = !event.logCollectionEnabled();
    }

    @EventSourcingHandler
    void on(LogCollectionEnabled event) {
        logCollectionOff = false;
    }

    @EventSourcingHandler
    void on(LogCollectionDisabled event) {
        logCollectionOff = true;
    }

    @EventSourcingHandler
    void on(ContainerResourceObserved event) {
        observedResources.add(observationKey(event.revisionId(), event.resource()));
    }

    @EventSourcingHandler
    void on(DeploymentRevisionCreated event) {
        revisionIds.add(event.revisionId());
    }

    @EventSourcingHandler
    void on(DeploymentStatusChanged event) {
        status = event.status();
        message = event.message();
        reportedRevisionId = event.revisionId();
        handledStaleEpoch = Math.max(handledStaleEpoch, event.staleEpoch());
    }
}
