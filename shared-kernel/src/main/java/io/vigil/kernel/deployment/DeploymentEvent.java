package io.vigil.kernel.deployment;

import java.time.Instant;

/** Facts about a deployment. */
public sealed interface DeploymentEvent {

    String deploymentId();

    /** The target the deployment runs on: views keyed by target are sequenced by it. */
    String targetId();

    record DeploymentCreated(String deploymentId, String targetId, String application, boolean logCollectionEnabled,
                             String actor) implements DeploymentEvent {}

    /** {@code composeFile} is null for revisions without one (and for events stored before it existed). */
    record DeploymentRevisionCreated(String deploymentId, String targetId, String revisionId, int revisionNumber,
                                     String version, String actor, String composeFile) implements DeploymentEvent {

        public DeploymentRevisionCreated(String deploymentId, String targetId, String revisionId, int revisionNumber,
                                         String version, String actor) {
            this(deploymentId, targetId, revisionId, revisionNumber, version, actor, null);
        }
    }

    /** A status transition, including to and from STALE; the status history is exactly these events. */
    record DeploymentStatusChanged(String deploymentId, String targetId, String revisionId,
                                   DeploymentStatus previousStatus, DeploymentStatus status, String message,
                                   long staleEpoch) implements DeploymentEvent {}

    /** Container log collection was switched on, by {@code actor}. */
    record LogCollectionEnabled(String deploymentId, String targetId, String actor) implements DeploymentEvent {}

    /** Container log collection was switched off, by {@code actor}. */
    record LogCollectionDisabled(String deploymentId, String targetId, String actor) implements DeploymentEvent {}

    /** The first line of a container resource in a revision (the resources view is built from these). */
    record ContainerResourceObserved(String deploymentId, String targetId, String revisionId, String resource,
                                     Instant firstLineAt) implements DeploymentEvent {}
}
