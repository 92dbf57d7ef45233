package io.vigil.testing;

import org.springframework.data.mongodb.core.MongoTemplate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.vigil.platform.store.MongoStore;

/** The embedded MongoDB wire-protocol server Vigil runs, in memory, for store and projection tests. */
public final class MongoForTests implements AutoCloseable {

    private final MongoStore server = MongoStore.inMemory("test");
    private final MongoClient client;
    private final MongoTemplate template;

    public MongoForTests() {
        client = MongoClients.create(server.connectionString());
        template = new MongoTemplate(client, "test");
    }

    public MongoTemplate template() {
        return template;
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
