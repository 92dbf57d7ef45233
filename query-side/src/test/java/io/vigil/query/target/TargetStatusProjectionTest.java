package io.vigil.query.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vigil.kernel.deployment.DeploymentEvent.DeploymentCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentRevisionCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentStatusChanged;
import io.vigil.kernel.deployment.DeploymentStatus;
import io.vigil.kernel.query.TargetQueries.FetchTargets;
import io.vigil.kernel.query.TargetQueries.FindTarget;
import io.vigil.kernel.query.TargetQueries.TargetView;
import io.vigil.kernel.target.ConnectionStatus;
import io.vigil.kernel.target.TargetEvent.ContactReason;
import io.vigil.kernel.target.TargetEvent.HeartbeatReceived;
import io.vigil.kernel.target.TargetEvent.TargetAssigned;
import io.vigil.kernel.target.TargetEvent.TargetRegistered;
import io.vigil.kernel.target.TargetEvent.TargetSecretRotated;
import io.vigil.kernel.target.TargetEvent.TargetWentStale;
import io.vigil.kernel.target.TargetType;
import io.vigil.testing.MongoForTests;

class TargetStatusProjectionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private MongoForTests mongo;
    private TargetStatusProjection projection;

    @BeforeEach
    void setUp() {
        mongo = new MongoForTests();
        projection = new TargetStatusProjection(mongo.template());
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    private TargetView view(String id) {
        return projection.handle(new FindTarget(id)).orElseThrow();
    }

    private void registered(String id, String name) {
        projection.on(new TargetRegistered(id, name, TargetType.DOCKER, "acme", "hash", 1, "admin"), T0);
    }

    @Test
    void aRegisteredTargetIsNotConnectedUntilItsFirstContact() {
        registered("t1", "edge");
        assertThat(view("t1").status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
        assertThat(view("t1").lastSeenAt()).isNull();

        projection.on(new HeartbeatReceived("t1", "1.2.0", 1, 0, ContactReason.FIRST_CONTACT, T0.plusSeconds(5)));
        TargetView connected = view("t1");
        assertThat(connected.status()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(connected.agentVersion()).isEqualTo("1.2.0");
        assertThat(connected.statusSince()).isEqualTo(T0.plusSeconds(5));

        projection.on(new TargetWentStale("t1", 1, T0.plusSeconds(5)), T0.plusSeconds(70));
        assertThat(view("t1").status()).isEqualTo(ConnectionStatus.STALE);
        assertThat(view("t1").statusSince()).isEqualTo(T0.plusSeconds(70));
    }

    @Test
    void deploymentsShowTheirCurrentRevisionAndLatestStatus() {
        registered("t1", "edge");
        projection.on(new DeploymentCreated("d1", "t1", "shop", false, "admin"), T0);
        projection.on(new DeploymentRevisionCreated("d1", "t1", "r1", 1, "1.0", "admin"));
        projection.on(new DeploymentRevisionCreated("d1", "t1", "r2", 2, "1.1", "admin"));
        projection.on(new DeploymentStatusChanged("d1", "t1", "r1", DeploymentStatus.NO_STATUS,
                DeploymentStatus.PROGRESSING, "upgrading", 0), T0.plusSeconds(10));

        var deployment = view("t1").deployments().get(0);
        assertThat(deployment.application()).isEqualTo("shop");
        assertThat(deployment.revisionId()).isEqualTo("r2");
        assertThat(deployment.revisionNumber()).isEqualTo(2);
        assertThat(deployment.version()).isEqualTo("1.1");
        assertThat(deployment.reportedRevisionId()).isEqualTo("r1");
        assertThat(deployment.status()).isEqualTo(DeploymentStatus.PROGRESSING);
        assertThat(deployment.message()).isEqualTo("upgrading");
        assertThat(deployment.logCollectionEnabled()).isFalse();
    }

    @Test
    void redeliveringTheEventsSinceTheLastTokenLeavesTheViewUnchanged() {
        // at-least-once delivery after a crash repeats a suffix of the stream, in order
        registered("t1", "edge");
        DeploymentCreated created = new DeploymentCreated("d1", "t1", "shop", true, "admin");
        HeartbeatReceived contact = new HeartbeatReceived("t1", "1.0", 1, 0, ContactReason.FIRST_CONTACT, T0);
        DeploymentStatusChanged healthy = new DeploymentStatusChanged("d1", "t1", "r1", DeploymentStatus.NO_STATUS,
                DeploymentStatus.HEALTHY, "ok", 0);
        projection.on(created, T0);
        projection.on(contact);
        projection.on(healthy, T0.plusSeconds(1));
        var before = projection.documents();

        projection.on(created, T0);
        projection.on(contact);
        projection.on(healthy, T0.plusSeconds(1));
        assertThat(projection.documents()).isEqualTo(before);
    }

    @Test
    void lastSeenComesFromThePresenceTelemetry() {
        registered("t1", "edge");
        mongo.template().getCollection("presence")
                .insertOne(new Document("_id", "t1").append("lastSeen", Date.from(T0.plusSeconds(42))));
        assertThat(view("t1").lastSeenAt()).isEqualTo(T0.plusSeconds(42));
        assertThat(projection.handle(new FetchTargets(10, 0)).items().get(0).lastSeenAt()).isEqualTo(T0.plusSeconds(42));
    }

    @Test
    void targetsAreListedByNameInPages() {
        registered("t3", "charlie");
        registered("t1", "alpha");
        registered("t2", "bravo");
        var first = projection.handle(new FetchTargets(2, 0));
        assertThat(first.items()).extracting(TargetView::name).containsExactly("alpha", "bravo");
        assertThat(first.nextCursor()).isEqualTo("2");
        var second = projection.handle(new FetchTargets(2, 2));
        assertThat(second.items()).extracting(TargetView::name).containsExactly("charlie");
        assertThat(second.nextCursor()).isNull();
        assertThat(projection.handle(new FindTarget("unknown"))).isEmpty();
    }

    @Test
    void aRotatedTargetIsNotConnectedSinceTheRotationAndKeepsItsDeploymentStatuses() {
        registered("t1", "edge");
        projection.on(new DeploymentCreated("d1", "t1", "shop", true, "admin"), T0);
        projection.on(new HeartbeatReceived("t1", "1.2.0", 1, 0, ContactReason.FIRST_CONTACT, T0.plusSeconds(5)));
        projection.on(new DeploymentStatusChanged("d1", "t1", "r1", DeploymentStatus.NO_STATUS, DeploymentStatus.HEALTHY,
                "ok", 0), T0.plusSeconds(5));
        projection.on(new TargetSecretRotated("t1", "hash2", 2, "alice"), T0.plusSeconds(60));
        TargetView view = view("t1");
        assertThat(view.status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
        assertThat(view.statusSince()).isEqualTo(T0.plusSeconds(60));
        assertThat(view.deployments().get(0).status()).isEqualTo(DeploymentStatus.HEALTHY);
    }

    @Test
    void aCustomersListingHoldsOnlyItsOrganisationsTargetsAndFollowsAssignments() {
        projection.on(new TargetRegistered("t1", "b-edge", TargetType.DOCKER, null, "h", 1, "admin", "org-a"), T0);
        projection.on(new TargetRegistered("t2", "a-edge", TargetType.DOCKER, null, "h", 1, "admin", "org-a"), T0);
        projection.on(new TargetRegistered("t3", "vendor", TargetType.DOCKER, null, "h", 1, "admin"), T0);
        assertThat(projection.handle(new FetchTargets(10, 0, "org-a")).items()).extracting(TargetView::id)
                .containsExactly("t2", "t1");
        assertThat(projection.handle(new FetchTargets(1, 0, "org-a")).nextCursor()).isEqualTo("1");
        assertThat(projection.handle(new FetchTargets(10, 0, "org-b")).items()).isEmpty();
        projection.on(new TargetAssigned("t1", "org-b", "org-a", "admin"));
        assertThat(projection.handle(new FetchTargets(10, 0, "org-a")).items()).extracting(TargetView::id)
                .containsExactly("t2");
        assertThat(projection.handle(new FetchTargets(10, 0, "org-b")).items()).extracting(TargetView::organisationId)
                .containsExactly("org-b");
        assertThat(projection.handle(new FetchTargets(10, 0)).items()).hasSize(3);
    }
}
