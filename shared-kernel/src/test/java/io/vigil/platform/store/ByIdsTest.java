package io.vigil.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;

import io.vigil.testing.MongoForTests;

/** Every way of reading by many ids finds exactly the stored documents asked for, whatever the list's size. */
class ByIdsTest {

    private MongoForTests mongo;
    private MongoCollection<Document> collection;

    @BeforeEach
    void setUp() {
        mongo = new MongoForTests();
        collection = mongo.template().getCollection("things");
        List<Document> docs = IntStream.range(0, 1000)
                .mapToObj(i -> new Document("_id", "t-" + i).append("n", i).append("other", "x")).toList();
        collection.insertMany(docs);
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    /** 0 and 50: one $in; 150: slices (a small part of the collection); 600 and 1,200: one scan. */
    @ParameterizedTest
    @ValueSource(ints = {0, 50, 150, 600, 1200})
    void findsExactlyTheStoredDocumentsAskedFor(int asked) {
        // every other id exists; the odd ones past 999 do not
        List<String> ids = IntStream.range(0, asked).mapToObj(i -> "t-" + (i * 2)).toList();
        List<Document> found = new ArrayList<>();

        ByIds.find(collection, ids, Projections.include("n"), found::add);

        List<String> expected = ids.stream().filter(id -> Integer.parseInt(id.substring(2)) < 1000).toList();
        assertThat(found).extracting(d -> d.getString("_id")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(found).allSatisfy(d -> assertThat(d.keySet()).containsExactlyInAnyOrder("_id", "n"));
    }
}
