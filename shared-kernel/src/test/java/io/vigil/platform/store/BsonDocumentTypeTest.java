package io.vigil.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * The embedded store keeps documents as BSON in its file, reads what H2's default form wrote before, and
 * loses no value the server keeps.
 */
class BsonDocumentTypeTest {

    @TempDir
    Path dataDir;

    private final BsonDocumentType type = new BsonDocumentType();

    @Test
    void everyValueTheServerKeepsComesBackAsItWasWrittenInBson() {
        Document document = new Document("_id", new ObjectId())
                .append("name", "Grüße \uD83D\uDE80")
                .append("int", 42).append("long", 1L << 40).append("double", 0.1)
                .append("decimal", new Decimal128(7, 9)).append("yes", true).append("nothing", null)
                .append("at", Instant.ofEpochMilli(1_700_000_000_123L)).append("ts", new BsonTimestamp(5L))
                .append("uuid", UUID.randomUUID()).append("legacyUuid", new LegacyUUID(UUID.randomUUID()))
                .append("lines", new BinData(new byte[] {0, 1, 2, (byte) 0xFF}))
                .append("list", List.of(1, "two", new Document("three", 3)))
                .append("deployments", new Document("d1", new Document("lastSeen", Instant.ofEpochMilli(5))));

        WriteBuffer out = new WriteBuffer();
        type.write(out, document);
        ByteBuffer written = out.getBuffer().flip();

        assertThat(written.get(0)).as("stored as BSON, not in H2's serialized form").isEqualTo(BsonDocumentType.TAG);
        Document read = type.read(written);
        assertThat(written.remaining()).as("the whole value is consumed").isZero();
        assertThat(read).isEqualTo(document);
        assertThat(read.keySet()).containsExactlyElementsOf(document.keySet());
    }

    @Test
    void aDocumentBsonCannotHoldIsStoredInH2sFormAndReadBack() {
        Document odd = new Document("_id", "x").append("duration", Duration.ofSeconds(3));
        WriteBuffer out = new WriteBuffer();
        type.write(out, odd);
        ByteBuffer written = out.getBuffer().flip();

        assertThat(written.get(0)).isNotEqualTo(BsonDocumentType.TAG);
        assertThat(type.read(written)).isEqualTo(odd);
    }

    @Test
    void aDocumentOverBsonsLimitIsStoredInH2sFormAndReadBack() {
        Document huge = new Document("_id", "big").append("lines", new BinData(new byte[17 << 20]));
        WriteBuffer out = new WriteBuffer();
        type.write(out, huge);
        ByteBuffer written = out.getBuffer().flip();

        assertThat(written.get(0)).as("BSON's decoder would refuse it").isNotEqualTo(BsonDocumentType.TAG);
        assertThat(((BinData) type.read(written).get("lines")).getData()).hasSize(17 << 20);
    }

    @Test
    void aFileWrittenInH2sFormStaysReadableAndTakesNewWrites() {
        String file = dataDir.resolve("store.mv").toString();
        try (MVStore before = new MVStore.Builder().fileName(file).open()) {
            MVMap<Object, Document> map = before.openMap("databases.vigil.things");
            map.put("old", new Document("_id", "old").append("n", 1));
            map.put("changed", new Document("_id", "changed").append("n", 1));
        }
        try (MVStore now = new MVStore.Builder().fileName(file).open()) {
            MVMap<Object, Document> map = things(now);
            assertThat(map.get("old")).isEqualTo(new Document("_id", "old").append("n", 1));
            map.put("changed", new Document("_id", "changed").append("n", 2));
            map.put("new", new Document("_id", "new").append("n", 3));
        }
        try (MVStore after = new MVStore.Builder().fileName(file).open()) {
            MVMap<Object, Document> map = things(after);
            assertThat(map.get("old").get("n")).isEqualTo(1);
            assertThat(map.get("changed").get("n")).isEqualTo(2);
            assertThat(map.get("new").get("n")).isEqualTo(3);
        }
    }

    @Test
    void theEmbeddedServerKeepsDocumentsAsBsonAcrossARestart() {
        Instant seen = Instant.parse("2026-11-29T09:00:00.123Z");
        try (MongoStore store = MongoStore.embedded(dataDir, "vigil", 0, 16);
                MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<org.bson.Document> presence = client.getDatabase("vigil").getCollection("presence");
            presence.insertOne(new org.bson.Document("_id", "t1").append("lastSeen", java.util.Date.from(seen)));
            presence.updateOne(Filters.eq("_id", "t1"), Updates.max("deployments.d1.lastSeen", java.util.Date.from(seen)));
        }
        try (MongoStore store = MongoStore.embedded(dataDir, "vigil", 0, 16);
                MongoClient client = MongoClients.create(store.connectionString())) {
            org.bson.Document read = client.getDatabase("vigil").getCollection("presence").find().first();
            assertThat(read.getDate("lastSeen").toInstant()).isEqualTo(seen);
            assertThat(read.get("deployments", org.bson.Document.class).get("d1", org.bson.Document.class)
                    .getDate("lastSeen").toInstant()).isEqualTo(seen);
        }
        // and the server's file holds it as BSON: the store wires this type to every collection
        List<Byte> tags = new ArrayList<>();
        BasicDataType<Document> recording = new BasicDataType<>() {
            @Override
            public Document read(ByteBuffer in) {
                tags.add(in.get(in.position()));
                return type.read(in);
            }

            @Override
            public void write(WriteBuffer out, Document document) {
                type.write(out, document);
            }

            @Override
            public int getMemory(Document document) {
                return type.getMemory(document);
            }

            @Override
            public Document[] createStorage(int size) {
                return new Document[size];
            }
        };
        try (MVStore file = new MVStore.Builder().fileName(dataDir.resolve("mongo.mv").toString()).readOnly().open()) {
            file.openMap("databases.vigil.presence", new MVMap.Builder<Object, Document>().valueType(recording))
                    .get("t1");
        }
        assertThat(tags).containsExactly(BsonDocumentType.TAG);
    }

    private MVMap<Object, Document> things(MVStore store) {
        return store.openMap("databases.vigil.things", new MVMap.Builder<Object, Document>().valueType(type));
    }
}
