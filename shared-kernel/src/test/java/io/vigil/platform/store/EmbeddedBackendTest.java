package io.vigil.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

/**
 * The embedded store answers every read with one version of a document, as a real MongoDB does, even while
 * another connection rewrites it: the throttle's compare-and-swap, the idempotency keys and the counters read
 * several fields that must belong together.
 */
class EmbeddedBackendTest {

    private static final List<String> FIELDS = IntStream.range(0, 40).mapToObj(i -> "f" + i).toList();

    @TempDir
    Path dataDir;

    @Test
    void aReadNeverSeesHalfOfAConcurrentUpdate() throws Exception {
        try (MongoStore store = MongoStore.embedded(dataDir, "vigil", 0, 16);
                MongoClient writerClient = MongoClients.create(store.connectionString());
                MongoClient readerClient = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> writer = writerClient.getDatabase("vigil").getCollection("things");
            MongoCollection<Document> reader = readerClient.getDatabase("vigil").getCollection("things");
            writer.insertOne(version(new Document("_id", "doc"), 0));
            AtomicBoolean reading = new AtomicBoolean(true);
            CompletableFuture<Integer> writes = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                while (reading.get()) {
                    int version = ++n;
                    // every field to the new version, and one that comes and goes (a change of shape)
                    List<Bson> changes = new ArrayList<>(FIELDS.stream().map(f -> Updates.set(f, version)).toList());
                    changes.add(version % 2 == 0 ? Updates.set("extra", version) : Updates.unset("extra"));
                    // by _id (an index finds it) and by two fields (a scan finds it): both paths change a copy
                    Bson filter = version % 4 < 2 ? Filters.eq("_id", "doc")
                            : Filters.and(Filters.eq("_id", "doc"), Filters.exists("f0"));
                    writer.updateOne(filter, Updates.combine(changes));
                }
                return n;
            });
            Set<Integer> seen = new HashSet<>();
            try {
                for (int i = 0; i < 4_000; i++) {
                    Document read = i % 2 == 0 ? reader.find(Filters.eq("_id", "doc")).first()
                            : reader.findOneAndUpdate(Filters.eq("_id", "doc"), Updates.inc("reads", 1),
                                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                    assertThat(FIELDS.stream().map(read::get).distinct()).as("read %d: %s", i, read).hasSize(1);
                    seen.add(read.getInteger("f0"));
                }
            } finally {
                reading.set(false);
            }
            assertThat(writes.get()).as("the writer ran alongside").isPositive();
            assertThat(seen).as("reads saw the writer's progress, not one version throughout").hasSizeGreaterThan(10);
        }
    }

    private static Document version(Document document, int n) {
        FIELDS.forEach(f -> document.append(f, n));
        return document;
    }

}
