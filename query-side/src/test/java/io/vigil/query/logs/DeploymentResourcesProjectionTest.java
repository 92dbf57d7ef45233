package io.vigil.query.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vigil.kernel.deployment.DeploymentEvent.ContainerResourceObserved;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentRevisionCreated;
import io.vigil.kernel.query.LogQueries.DeploymentResources;
import io.vigil.kernel.query.LogQueries.FetchDeploymentResources;
import io.vigil.kernel.query.LogQueries.ResourceView;
import io.vigil.platform.VigilProperties;
import io.vigil.testing.MongoForTests;

/** Active and archived container resources (DESIGN §3), from events alone. */
class DeploymentResourcesProjectionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private MongoForTests mongo;
    private DeploymentResourcesProjection projection;

    @BeforeEach
    void setUp() {
        mongo = new MongoForTests();
        projection = new DeploymentResourcesProjection(mongo.template(),
                new VigilProperties(null, null, null, null, null, null, new VigilProperties.Logs(2, null), null));
        projection.on(new DeploymentCreated("d", "t", "shop", true, "alice"));
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    private void revision(int n) {
        projection.on(new DeploymentRevisionCreated("d", "t", "rev-" + n, n, "1." + n, "alice"));
    }

    private void observed(int revision, String resource, int second) {
        projection.on(new ContainerResourceObserved("d", "t", "rev-" + revision, resource, T0.plusSeconds(second)));
    }

    private DeploymentResources view() {
        return projection.handle(new FetchDeploymentResources("d")).orElseThrow();
    }

    @Test
    void aResourceIsActiveWhileItLoggedInOneOfTheNewestRevisions() {
        revision(1);
        observed(1, "backend-1", 1);
        revision(2);
        observed(2, "api-1", 2);
        assertThat(view().active()).extracting(ResourceView::name).containsExactly("api-1", "backend-1");

        revision(3); // with two active revisions, 2..3: backend-1 logged only in 1
        assertThat(view().active()).extracting(ResourceView::name).containsExactly("api-1");
        assertThat(view().archived()).extracting(ResourceView::name).containsExactly("backend-1");
        ResourceView archived = view().archived().get(0);
        assertThat(archived.revisionIds()).containsExactly("rev-1");
        assertThat(archived.firstSeenAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(archived.lastSeenAt()).isNull(); // no stored lines in this test
    }

    @Test
    void handlingAnEventTwiceLeavesTheViewUnchanged() {
        revision(1);
        observed(1, "backend-1", 1);
        var once = projection.documents();
        revision(1);
        observed(1, "backend-1", 1);
        projection.on(new DeploymentCreated("d", "t", "shop", true, "alice"));
        assertThat(projection.documents()).isEqualTo(once);
    }

    @Test
    void anUnknownDeploymentHasNoView() {
        assertThat(projection.handle(new FetchDeploymentResources("nope"))).isEmpty();
    }
}
