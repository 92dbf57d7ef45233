package io.vigil.command.deployment;

import java.time.Instant;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vigil.kernel.deployment.DeploymentCommand.DisableLogCollection;
import io.vigil.kernel.deployment.DeploymentCommand.EnableLogCollection;
import io.vigil.kernel.deployment.DeploymentCommand.ObserveContainerResource;
import io.vigil.kernel.deployment.DeploymentEvent.ContainerResourceObserved;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentRevisionCreated;
import io.vigil.kernel.deployment.DeploymentEvent.LogCollectionDisabled;
import io.vigil.kernel.deployment.DeploymentEvent.LogCollectionEnabled;

/** The log-collection switch and container resources as facts of a deployment (issue 3). */
class DeploymentLogsTest {

    private static final String DEPLOYMENT = "deployment-1";
    private static final String TARGET = "target-1";
    private static final Instant T1 = Instant.parse("2026-01-31T12:00:00Z");

    private FixtureConfiguration<Deployment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Deployment.class);
    }

    private static Object[] created(boolean logs) {
        return new Object[] {new DeploymentCreated(DEPLOYMENT, TARGET, "shop", logs, "alice"),
                new DeploymentRevisionCreated(DEPLOYMENT, TARGET, "rev-1", 1, "1.0.0", "alice")};
    }

    @Test
    void disablingCollectionRecordsWhoDidIt() {
        fixture.given(created(true)).when(new DisableLogCollection(DEPLOYMENT, "bob"))
                .expectEvents(new LogCollectionDisabled(DEPLOYMENT, TARGET, "bob"));
    }

    @Test
    void enablingWhatIsOnRecordsNothing() {
        fixture.given(created(true)).when(new EnableLogCollection(DEPLOYMENT, "bob")).expectNoEvents();
    }

    @Test
    void collectionCreatedOffCanBeSwitchedOnAndOffAgain() {
        fixture.given(created(false)).when(new EnableLogCollection(DEPLOYMENT, "carol"))
                .expectEvents(new LogCollectionEnabled(DEPLOYMENT, TARGET, "carol"));
        fixture.given(created(false)[0], created(false)[1], new LogCollectionEnabled(DEPLOYMENT, TARGET, "carol"))
                .when(new DisableLogCollection(DEPLOYMENT, "dave"))
                .expectEvents(new LogCollectionDisabled(DEPLOYMENT, TARGET, "dave"));
    }

    @Test
    void aResourceIsObservedOncePerRevision() {
        fixture.given(created(true)).when(new ObserveContainerResource(DEPLOYMENT, "rev-1", "backend-1", T1))
                .expectEvents(new ContainerResourceObserved(DEPLOYMENT, TARGET, "rev-1", "backend-1", T1));
        fixture.given(created(true)[0], created(true)[1],
                        new ContainerResourceObserved(DEPLOYMENT, TARGET, "rev-1", "backend-1", T1))
                .when(new ObserveContainerResource(DEPLOYMENT, "rev-1", "backend-1", T1.plusSeconds(5)))
                .expectNoEvents();
    }

    @Test
    void aResourceOfAnUnknownRevisionIsRefused() {
        fixture.given(created(true)).when(new ObserveContainerResource(DEPLOYMENT, "rev-9", "backend-1", T1))
                .expectException(IllegalArgumentException.class);
    }
}
