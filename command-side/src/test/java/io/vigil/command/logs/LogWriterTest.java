package io.vigil.command.logs;

import static io.vigil.platform.logs.LogLayout.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;

import io.vigil.kernel.logs.LogRecordRules.CleanRecord;
import io.vigil.platform.logs.LogLayout;
import io.vigil.platform.store.MongoStore;

/**
 * The writer on the embedded store (H2 backend, real wire protocol): what makes lines visible is written with
 * the batch, the newest line time follows within a flush, retries store once, and no index is maintained
 * that the embedded server would never read.
 */
class LogWriterTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:15:00Z");
    private static final String STREAM = LogLayout.containerStream("d-1", "web-1");

    @TempDir
    Path dataDir;

    private MongoStore store;
    private MongoClient client;
    private MongoTemplate mongo;
    private LogWriter writer;

    @BeforeEach
    void setUp() {
        store = MongoStore.embedded(dataDir, "test", 0, 16);
        client = MongoClients.create(store.connectionString());
        mongo = new MongoTemplate(client, "test");
        writer = new LogWriter(mongo, store);
    }

    @AfterEach
    void tearDown() {
        client.close();
        store.close();
    }

    @Test
    void aBatchIsFoundThroughItsStreamAndBucketAsSoonAsTheWriteReturns() {
        writer.write("t-1", "b-1", lines(T0, 3));

        Document stream = stream();
        assertThat(stream.getLong(FIRST_HOUR)).isEqualTo(hour(T0));
        assertThat(stream.getLong(LAST_HOUR)).isEqualTo(hour(T0));
        assertThat(stream.getLong(LAST_LINE)).isEqualTo(nanos(T0.plusSeconds(2)));
        assertThat(listed(hour(T0))).hasSize(1);
        assertThat(mongo.getCollection(CHUNKS).countDocuments()).isEqualTo(1);
    }

    @Test
    void theNewestLineTimeOfAKnownHourIsWrittenBehindButANewHourAtOnce() {
        writer.write("t-1", "b-1", lines(T0, 1));
        writer.write("t-1", "b-2", lines(T0.plusSeconds(60), 1));

        assertThat(stream().getLong(LAST_LINE)).as("same hour: not yet").isEqualTo(nanos(T0));
        assertThat(listed(hour(T0))).as("but its lines are reachable").hasSize(2);
        writer.flushLastLines();
        assertThat(stream().getLong(LAST_LINE)).isEqualTo(nanos(T0.plusSeconds(60)));

        Instant nextHour = T0.plusSeconds(3600);
        writer.write("t-1", "b-3", lines(nextHour, 1));
        assertThat(stream().getLong(LAST_HOUR)).as("readers must find the new hour at once").isEqualTo(hour(nextHour));
    }

    @Test
    void aRetriedBatchIsStoredOnce() {
        writer.write("t-1", "b-1", lines(T0, 5));
        writer.write("t-1", "b-1", lines(T0, 5));

        assertThat(mongo.getCollection(CHUNKS).countDocuments()).isEqualTo(1);
        assertThat(mongo.getCollection(CHUNKS).find().first().getInteger(COUNT)).isEqualTo(5);
    }

    /** An agent that reuses a batch id for other lines: the directory keeps describing the lines stored. */
    @Test
    void aRetryWithOtherLinesLeavesTheDirectoryDescribingTheStoredChunk() {
        writer.write("t-1", "b-1", lines(T0, 5));
        writer.write("t-1", "b-1", lines(T0.plusSeconds(600), 2));

        Document chunk = mongo.getCollection(CHUNKS).find().first();
        assertThat(mongo.getCollection(CHUNKS).countDocuments()).isEqualTo(1);
        assertThat(chunk.getInteger(COUNT)).isEqualTo(5);
        assertThat(listed(hour(T0))).singleElement().satisfies(entry -> {
            assertThat(entry.min()).isEqualTo(nanos(T0));
            assertThat(entry.max()).isEqualTo(nanos(T0.plusSeconds(4)));
            assertThat(entry.count()).isEqualTo(5);
        });
    }

    @Test
    void aFlushDoesNotResurrectAStreamThatRetentionRemoved() {
        writer.write("t-1", "b-1", lines(T0, 1));
        writer.write("t-1", "b-2", lines(T0.plusSeconds(1), 1));
        mongo.getCollection(STREAMS).deleteMany(new Document());

        writer.flushLastLines();

        assertThat(mongo.getCollection(STREAMS).countDocuments()).isZero();
    }

    @Test
    void theEmbeddedStoreKeepsOnlyIdIndexesOnLogCollections() {
        mongo.getCollection(CHUNKS).createIndex(new Document(HOUR, 1), new com.mongodb.client.model.IndexOptions().name("hour"));

        new LogWriter(mongo, store); // as after an upgrade from a version that created them

        List<String> names = new ArrayList<>();
        mongo.getCollection(CHUNKS).listIndexes().forEach(i -> names.add(i.getString("name")));
        mongo.getCollection(BUCKETS).listIndexes().forEach(i -> names.add(i.getString("name")));
        assertThat(names).allMatch("_id_"::equals);
    }

    @Test
    void aBucketsDirectoryIsSpreadOverItsShardsAndListsEveryChunk() {
        for (int b = 0; b < 64; b++) {
            writer.write("t-1", "b-" + b, lines(T0.plusSeconds(b), 1));
        }

        List<Document> documents = mongo.getCollection(BUCKETS)
                .find(Filters.in("_id", directoryIds(STREAM, hour(T0)))).into(new ArrayList<>());
        assertThat(documents).hasSize(DIRECTORY_SHARDS)
                .allSatisfy(document -> assertThat(directory(document)).hasSizeBetween(1, 20));
        assertThat(listed(hour(T0))).extracting(DirectoryEntry::chunkKey).doesNotHaveDuplicates().hasSize(64);
        assertThat(listed(hour(T0))).extracting(DirectoryEntry::count).containsOnly(1);
    }

    /** Every chunk the bucket's directory documents list. */
    private List<DirectoryEntry> listed(long hour) {
        List<DirectoryEntry> entries = new ArrayList<>();
        mongo.getCollection(BUCKETS).find(Filters.in("_id", directoryIds(STREAM, hour)))
                .forEach(document -> entries.addAll(directory(document)));
        return entries;
    }

    private Document stream() {
        return mongo.getCollection(STREAMS).find(Filters.eq("_id", STREAM)).first();
    }

    private static List<CleanRecord> lines(Instant from, int count) {
        List<CleanRecord> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(new CleanRecord("d-1", "r-1", "web-1", from.plusSeconds(i), "stdout", "line " + i));
        }
        return lines;
    }
}
