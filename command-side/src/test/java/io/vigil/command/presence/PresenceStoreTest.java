package io.vigil.command.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.vigil.command.presence.PresenceStore.Mark;
import io.vigil.testing.MongoForTests;

/**
 * Write-behind heartbeat times against a real wire-protocol server: batched, newest wins, a silence marked once,
 * the former nested layout converted.
 */
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
        assertThat(target(doc).lastSeen()).isEqualTo(Date.from(T1));
        assertThat(deployment(doc, "web").lastSeen()).isEqualTo(Date.from(T1));
        assertThat(deployment(doc, "db").lastSeen()).isEqualTo(Date.from(T1));
        assertThat(doc.keySet()).as("flat: no subdocument to reach through a dotted path")
                .containsExactlyInAnyOrder("_id", "lastSeen", "lastSeen:web", "lastSeen:db");
    }

    @Test
    void severalHeartbeatsBetweenFlushesKeepTheNewestTimeAndEveryDeployment() {
        store.seen("t1", List.of("web"), T2);
        store.seen("t1", List.of("db"), T1);
        store.seen("t2", List.of(), T3);
        store.flush();

        Document doc = stored("t1");
        assertThat(target(doc).lastSeen()).isEqualTo(Date.from(T2));
        assertThat(deployment(doc, "web").lastSeen()).isEqualTo(Date.from(T2));
        assertThat(deployment(doc, "db").lastSeen()).isEqualTo(Date.from(T1));
        assertThat(target(stored("t2")).lastSeen()).isEqualTo(Date.from(T3));
    }

    @Test
    void aNodeFlushingAnOlderHeartbeatLaterDoesNotMoveTheTimeBack() {
        PresenceStore otherNode = new PresenceStore(mongo.template());
        store.seen("t1", List.of("web"), T3);
        otherNode.seen("t1", List.of("web"), T2);

        store.flush();
        otherNode.flush();

        Document doc = stored("t1");
        assertThat(target(doc).lastSeen()).isEqualTo(Date.from(T3));
        assertThat(deployment(doc, "web").lastSeen()).isEqualTo(Date.from(T3));
    }

    @Test
    void aStaleMarkSucceedsOnceAndANewerHeartbeatMakesTheNextSilenceMarkable() {
        store.seen("t1", List.of("web"), T1);
        store.flush();

        assertThat(store.markStale("t1", null, Date.from(T1))).isEqualTo(1);
        assertThat(store.markStale("t1", null, Date.from(T1))).as("a second sweeper node").isEqualTo(-1);
        assertThat(store.markStale("t1", "web", Date.from(T1))).isEqualTo(1);

        Instant later = T1.plusSeconds(120);
        assertThat(target(stored("t1")).silentSince(later)).as("this silence is marked already").isFalse();

        store.seen("t1", List.of("web"), T2);
        store.flush();
        Document doc = stored("t1");
        assertThat(target(doc).silentSince(later)).isTrue();
        assertThat(deployment(doc, "web").silentSince(later)).isTrue();
        assertThat(target(doc).epoch()).as("the epoch survives, so the next mark is the next epoch").isEqualTo(1);
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
        assertThat(target(stored("t1")).silentSince(later)).as("the newer silence is not marked").isTrue();
        assertThat(target(stored("t1")).epoch()).as("a lost claim counts no epoch").isZero();
        assertThat(store.markStale("t1", null, Date.from(T2))).isEqualTo(1);
    }

    @Test
    void aDeploymentMarkClaimsOnlyItsOwnSilenceAndAnUnknownOneIsNotMarked() {
        store.seen("t1", List.of("web", "db"), T1);
        store.flush();

        assertThat(store.markStale("t1", "web", Date.from(T1))).isEqualTo(1);
        Document doc = stored("t1");
        Instant later = T1.plusSeconds(120);
        assertThat(deployment(doc, "web").silentSince(later)).isFalse();
        assertThat(deployment(doc, "db").silentSince(later)).as("untouched").isTrue();
        assertThat(target(doc).silentSince(later)).as("the target itself untouched").isTrue();
        assertThat(store.markStale("nobody", null, Date.from(T1))).isEqualTo(-1);
    }

    @Test
    void aDocumentInTheFormerNestedLayoutIsConvertedWithoutLosingANewerTimeOrAnEpoch() {
        mongo.template().getCollection("presence").insertOne(new Document("_id", "t1")
                .append("lastSeen", Date.from(T1)).append("markedFor", Date.from(T1)).append("epoch", 2L)
                .append("deployments", new Document()
                        .append("web", new Document("lastSeen", Date.from(T1)).append("markedFor", Date.from(T1))
                                .append("epoch", 3L))
                        .append("db", new Document("lastSeen", Date.from(T2)))));
        Document old = stored("t1");
        // a node of this version flushes a newer heartbeat of "web" before the sweeper converts the document
        store.seen("t1", List.of("web"), T3);
        store.flush();

        PresenceStore.Presence read = store.read(old);

        assertThat(read.target()).isEqualTo(new Mark(Date.from(T3), Date.from(T1), 2));
        assertThat(read.deployments()).containsOnlyKeys("web", "db");
        assertThat(read.deployments().get("web")).as("the newer time kept, the marks' count too")
                .isEqualTo(new Mark(Date.from(T3), Date.from(T1), 3));
        assertThat(read.deployments().get("db")).isEqualTo(new Mark(Date.from(T2), null, 0));
        assertThat(stored("t1")).as("stored flat").doesNotContainKey("deployments");
        assertThat(store.read(stored("t1"))).isEqualTo(read);
        assertThat(store.markStale("t1", "web", Date.from(T3))).as("the next mark counts on").isEqualTo(4);
        assertThat(store.markStale("t1", "db", Date.from(T2))).isEqualTo(1);

        PresenceStore otherNode = new PresenceStore(mongo.template());
        assertThat(otherNode.read(old).deployments().get("web"))
                .as("a second node converting from its older copy moves nothing back")
                .isEqualTo(new Mark(Date.from(T3), Date.from(T3), 4));
    }

    @Test
    void aConversionCarriesOverWhatANodeOfTheFormerVersionWroteAfterTheSweeperReadTheDocument() {
        MongoCollection<Document> raw = mongo.template().getCollection("presence");
        raw.insertOne(new Document("_id", "t1").append("lastSeen", Date.from(T1))
                .append("deployments", new Document("web", new Document("lastSeen", Date.from(T1))
                        .append("markedFor", Date.from(T1)).append("epoch", 3))));
        Document old = stored("t1");
        // the former version's flush and stale mark, on the nested paths
        raw.updateOne(Filters.eq("_id", "t1"), Updates.combine(Updates.max("deployments.web.lastSeen", Date.from(T2)),
                Updates.inc("deployments.web.epoch", 1L)));

        Mark web = store.read(old).deployments().get("web");

        assertThat(web).isEqualTo(new Mark(Date.from(T2), Date.from(T1), 4));
        assertThat(stored("t1")).doesNotContainKey("deployments");
        assertThat(store.markStale("t1", "web", Date.from(T2))).as("no epoch the aggregate has seen again").isEqualTo(5);
    }

    @Test
    void anUndoneMarkMakesTheSilenceMarkableAgainAndAnUndoForAnotherEpochChangesNothing() {
        store.seen("t1", List.of("web"), T1);
        store.flush();
        Instant later = T1.plusSeconds(120);
        assertThat(store.markStale("t1", "web", Date.from(T1))).isEqualTo(1);
        assertThat(store.markStale("t1", "web", Date.from(T1))).as("a second sweeper node").isEqualTo(-1);

        store.unmark("t1", "web", 0);
        assertThat(deployment(stored("t1"), "web").silentSince(later)).as("still marked").isFalse();

        store.unmark("t1", "web", 1);
        assertThat(deployment(stored("t1"), "web").silentSince(later)).isTrue();
        assertThat(store.markStale("t1", "web", Date.from(T1))).isEqualTo(2);
    }

    private Document stored(String targetId) {
        return mongo.template().getCollection("presence").find(new Document("_id", targetId)).first();
    }

    private Mark target(Document doc) {
        return store.read(doc).target();
    }

    private Mark deployment(Document doc, String deploymentId) {
        return store.read(doc).deployments().get(deploymentId);
    }
}
