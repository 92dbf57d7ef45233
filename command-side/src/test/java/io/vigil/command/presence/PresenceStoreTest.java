package io.vigil.command.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vigil.testing.MongoForTests;

/** Write-behind heartbeat times against a real wire-protocol server: batched, newest wins, marks cleared. */
class PresenceStoreTest {

    private static final Instant T1 = Instant.parse("2026-01-31T12:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-31T12:00:05Z");
    private static final Instant T3 = Instant.parse("2026-01-31T12:00:10Z");

    private MongoForTests mongo;
    private PresenceStore store;

    @BeforeEach
    void setUp() {
        mongo = new MongoForTests();
        store = new PresenceStore(mongo.template());
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    @Test
    void heartbeatTimesReachTheStoreOnlyWhenFlushed() {
        store.seen("t1", List.of("web", "db"), T1);

        assertThat(stored("t1")).as("nothing written before the flush").isNull();

        store.flush();
        Document doc = stored("t1");
        assertThat(doc.getDate("lastSeen")).isEqualTo(Date.from(T1));
        assertThat(deployment(doc, "web").getDate("lastSeen")).isEqualTo(Date.from(T1));
        assertThat(deployment(doc, "db").getDate("lastSeen")).isEqualTo(Date.from(T1));
    }

    @Test
    void severalHeartbeatsBetweenFlushesKeepTheNewestTimeAndEveryDeployment() {
        store.seen("t1", List.of("web"), T2);
        store.seen("t1", List.of("db"), T1);
        store.seen("t2", List.of(), T3);
        store.flush();

        Document doc = stored("t1");
        assertThat(doc.getDate("lastSeen")).isEqualTo(Date.from(T2));
        assertThat(deployment(doc, "web").getDate("lastSeen")).isEqualTo(Date.from(T2));
        assertThat(deployment(doc, "db").getDate("lastSeen")).isEqualTo(Date.from(T1));
        assertThat(stored("t2").getDate("lastSeen")).isEqualTo(Date.from(T3));
    }

    @Test
    void aNodeFlushingAnOlderHeartbeatLaterDoesNotMoveTheTimeBack() {
        PresenceStore otherNode = new PresenceStore(mongo.template());
        store.seen("t1", List.of("web"), T3);
        otherNode.seen("t1", List.of("web"), T2);

        store.flush();
        otherNode.flush();

        Document doc = stored("t1");
        assertThat(doc.getDate("lastSeen")).isEqualTo(Date.from(T3));
        assertThat(deployment(doc, "web").getDate("lastSeen")).isEqualTo(Date.from(T3));
    }

    @Test
    void aStaleMarkSucceedsOnceAndANewerHeartbeatMakesTheNextSilenceMarkable() {
        store.seen("t1", List.of("web"), T1);
        store.flush();

        assertThat(store.markStale("t1", null, Date.from(T1))).isEqualTo(1);
        assertThat(store.markStale("t1", null, Date.from(T1))).as("a second sweeper node").isEqualTo(-1);
        assertThat(store.markStale("t1", "web", Date.from(T1))).isEqualTo(1);

        Instant later = T1.plusSeconds(120);
        assertThat(PresenceStore.silentSince(stored("t1"), later)).as("this silence is marked already").isFalse();

        store.seen("t1", List.of("web"), T2);
        store.flush();
        Document doc = stored("t1");
        assertThat(PresenceStore.silentSince(doc, later)).isTrue();
        assertThat(PresenceStore.silentSince(deployment(doc, "web"), later)).isTrue();
        assertThat(PresenceStore.epoch(doc)).as("the epoch survives, so the next mark is the next epoch").isEqualTo(1);
        assertThat(store.markStale("t1", null, Date.from(T2))).isEqualTo(2);
    }

    @Test
    void aMarkBasedOnAnOutdatedTimeFails() {
        store.seen("t1", List.of(), T1);
        store.flush();
        store.seen("t1", List.of(), T2);
        store.flush();

        assertThat(store.markStale("t1", null, Date.from(T1))).isEqualTo(-1);
        Instant later = T2.plusSeconds(120);
        assertThat(PresenceStore.silentSince(stored("t1"), later)).as("the newer silence is not marked").isTrue();
        assertThat(PresenceStore.epoch(stored("t1"))).as("a lost claim counts no epoch").isZero();
        assertThat(store.markStale("t1", null, Date.from(T2))).isEqualTo(1);
    }

    @Test
    void aDeploymentMarkClaimsOnlyItsOwnSilenceAndAnUnknownOneIsNotMarked() {
        store.seen("t1", List.of("web", "db"), T1);
        store.flush();

        assertThat(store.markStale("t1", "web", Date.from(T1))).isEqualTo(1);
        Document doc = stored("t1");
        Instant later = T1.plusSeconds(120);
        assertThat(PresenceStore.silentSince(deployment(doc, "web"), later)).isFalse();
        assertThat(PresenceStore.silentSince(deployment(doc, "db"), later)).as("untouched").isTrue();
        assertThat(PresenceStore.silentSince(doc, later)).as("the target itself untouched").isTrue();
        assertThat(store.markStale("nobody", null, Date.from(T1))).isEqualTo(-1);
    }

    private Document stored(String targetId) {
        return mongo.template().getCollection("presence").find(new Document("_id", targetId)).first();
    }

    private static Document deployment(Document doc, String deploymentId) {
        return doc.get("deployments", Document.class).get(deploymentId, Document.class);
    }
}
