package io.vigil.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/** The embedded store's unique indexes in value order: same answers as before, also for a file written by an older version. */
class IndexKeyOrderTest {

    @TempDir
    Path dataDir;

    /** Ids of different lengths sort differently as serialized bytes (length first) and as values. */
    private static final List<String> IDS = IntStream.range(0, 3000).mapToObj(i -> "t-" + i).toList();

    @Test
    void findsRefusesDuplicatesAndSurvivesARestart() {
        withEmbedded(things -> {
            things.insertMany(IDS.stream().map(id -> new Document("_id", id).append("n", id.length())).toList());
            things.insertOne(new Document("_id", 7).append("kind", "int"));
            things.insertOne(new Document("_id", new Document("target", "a").append("seq", 2)).append("kind", "compound"));
            ObjectId objectId = new ObjectId();
            things.insertOne(new Document("_id", objectId).append("kind", "objectId"));

            assertThat(things.find(Filters.eq("_id", "t-2999")).first()).isNotNull();
            assertThat(things.find(Filters.eq("_id", "t-3000")).first()).isNull();
            assertThat(things.find(Filters.eq("_id", objectId)).first().getString("kind")).isEqualTo("objectId");
            assertThat(things.find(Filters.eq("_id", new Document("target", "a").append("seq", 2))).first())
                    .isNotNull();
            assertThat(things.find(Filters.eq("_id", new Document("target", "a").append("seq", 3))).first())
                    .isNull();
            // as in MongoDB, 7, 7L and 7.0 are the same key
            assertThat(things.find(Filters.eq("_id", 7.0)).first().getString("kind")).isEqualTo("int");
            assertDuplicate(() -> things.insertOne(new Document("_id", 7L)));
            assertDuplicate(() -> things.insertOne(new Document("_id", "t-10")));
        });
        withEmbedded(things -> {
            assertThat(things.countDocuments()).isEqualTo(IDS.size() + 3);
            IDS.forEach(id -> assertThat(things.find(Filters.eq("_id", id)).first()).as(id).isNotNull());
            assertDuplicate(() -> things.insertOne(new Document("_id", "t-9")));
        });
    }

    @Test
    void aUniqueSecondaryIndexStillRefusesDuplicates() {
        withEmbedded(things -> {
            things.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
            things.insertOne(new Document("_id", 1).append("name", "alpha"));
            things.insertOne(new Document("_id", 2).append("name", "beta"));
            assertDuplicate(() -> things.insertOne(new Document("_id", 3).append("name", "alpha")));
            assertThat(things.find(Filters.eq("name", "beta")).first().getInteger("_id")).isEqualTo(2);
        });
    }

    @Test
    void aFileWrittenInTheOldOrderIsRebuiltOnceAndKeepsEveryDocument() {
        Path file = writeWithStockBackend("things");

        for (int run = 0; run < 2; run++) { // the second start finds the marker and rebuilds nothing
            withEmbedded(things -> {
                IDS.forEach(id -> assertThat(things.find(Filters.eq("_id", id)).first()).as(id).isNotNull());
                assertDuplicate(() -> things.insertOne(new Document("_id", "t-123")));
                things.deleteOne(Filters.eq("_id", "t-5"));
                things.insertOne(new Document("_id", "t-5"));
            });
        }

        MVStore store = MVStore.open(file.toString());
        try {
            String indexMap = store.getMapNames().stream().filter(n -> n.equals("vigil.things._index__id_"))
                    .findFirst().orElseThrow();
            assertThat(store.openMap("vigil.index-key-order").get(indexMap))
                    .isEqualTo(store.getMetaMap().get("name." + indexMap));
        } finally {
            store.close();
        }
    }

    /**
     * A rebuild stopped halfway (a partial copy next to the old map) or just before its rename (the copy
     * alone): every document is still found and every duplicate refused after the next start.
     */
    @Test
    void aRebuildThatStoppedHalfwayIsFinishedOnTheNextStart() {
        Path file = writeWithStockBackend("things", "others");
        MVStore store = MVStore.open(file.toString());
        try {
            // things: a partial copy beside the old map; others: a complete copy, the old map already dropped
            org.h2.mvstore.MVMap<Object, Object> partial = store.openMap("vigil.things._index__id_#rebuild",
                    new org.h2.mvstore.MVMap.Builder<Object, Object>().keyType(IndexKeyOrder.INSTANCE));
            store.openMap("vigil.things._index__id_").entrySet().stream().limit(100)
                    .forEach(e -> partial.put(e.getKey(), e.getValue()));
            org.h2.mvstore.MVMap<Object, Object> oldOthers = store.openMap("vigil.others._index__id_");
            org.h2.mvstore.MVMap<Object, Object> copy = store.openMap("vigil.others._index__id_#rebuild",
                    new org.h2.mvstore.MVMap.Builder<Object, Object>().keyType(IndexKeyOrder.INSTANCE));
            oldOthers.entrySet().forEach(e -> copy.put(e.getKey(), e.getValue()));
            store.removeMap(oldOthers);
        } finally {
            store.close();
        }

        try (MongoStore embedded = MongoStore.embedded(dataDir, "vigil", 0, 16);
                MongoClient client = MongoClients.create(embedded.connectionString())) {
            for (String collection : List.of("things", "others")) {
                MongoCollection<Document> docs = client.getDatabase("vigil").getCollection(collection);
                IDS.forEach(id -> assertThat(docs.find(Filters.eq("_id", id)).first()).as(collection + " " + id)
                        .isNotNull());
                assertDuplicate(() -> docs.insertOne(new Document("_id", "t-2500")));
            }
        }
    }

    @Test
    void comparesElementByElementThenByLength() {
        assertThat(IndexKeyOrder.compare(new KeyValue("t-10"), new KeyValue("t-9"))).isNegative();
        assertThat(IndexKeyOrder.compare(new KeyValue("a", 1), new KeyValue("a", 1.0))).isZero();
        assertThat(IndexKeyOrder.compare(new KeyValue("a"), new KeyValue("a", 1))).isNegative();
        assertThat(IndexKeyOrder.compare(new KeyValue("b", 1), new KeyValue("a", 2))).isPositive();
    }

    /** A data file as an earlier version left it: mongo-java-server's own H2 backend, IDS in each collection. */
    private Path writeWithStockBackend(String... collections) {
        Path file = dataDir.resolve("mongo.mv");
        MongoServer old = new MongoServer(new H2Backend(file.toString()));
        old.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + old.getLocalAddress().getPort())) {
            for (String collection : collections) {
                client.getDatabase("vigil").getCollection(collection)
                        .insertMany(IDS.stream().map(id -> new Document("_id", id)).toList());
            }
        } finally {
            old.shutdown();
        }
        return file;
    }

    private void withEmbedded(Consumer<MongoCollection<Document>> work) {
        try (MongoStore store = MongoStore.embedded(dataDir, "vigil", 0, 16);
                MongoClient client = MongoClients.create(store.connectionString())) {
            work.accept(client.getDatabase("vigil").getCollection("things"));
        }
    }

    private static void assertDuplicate(Runnable write) {
        assertThatThrownBy(write::run).isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
    }
}
