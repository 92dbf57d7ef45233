package io.vigil.platform.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ConnectionString;

import de.bwaldvogel.mongo.MongoServer;

/**
 * Where views and telemetry live: the MongoDB named by {@code MONGODB_URI}, or else an in-process
 * MongoDB wire-protocol server on a loopback port whose data sits in an H2 MVStore file under the
 * data dir. {@link #close()} shuts the embedded server down, which flushes the MVStore, so nothing
 * acknowledged is lost on a clean stop.
 */
public final class MongoStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MongoStore.class);

    private final ConnectionString connectionString;
    private final MongoServer embedded;

    private MongoStore(ConnectionString connectionString, MongoServer embedded) {
        this.connectionString = connectionString;
        this.embedded = embedded;
    }

    public static MongoStore external(String uri) {
        return new MongoStore(new ConnectionString(uri), null);
    }

    /**
     * @param cacheMb the MVStore's page cache: pages missing from it are read back and decoded on access; it
     *                also keeps every page version read back after a commit, dead or not, so a large one holds
     *                garbage alive (sized in {@code VigilProperties.Mongodb})
     */
    public static MongoStore embedded(Path dataDir, String database, int port, int cacheMb) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir.toAbsolutePath(), e);
        }
        Path file = dataDir.resolve("mongo.mv");
        MongoStore store = serve(new MVStore.Builder().fileName(file.toString()).cacheSize(cacheMb).open(),
                database, port);
        log.info("Embedded MongoDB server on {} with data in {}", store.embedded.getLocalAddress(),
                file.toAbsolutePath());
        return store;
    }

    /** The embedded server without a file (tests, trials): the same storage code, nothing kept after close. */
    public static MongoStore inMemory(String database) {
        return serve(new MVStore.Builder().open(), database, 0);
    }

    private static MongoStore serve(MVStore data, String database, int port) {
        MongoServer server = new MongoServer(new EmbeddedBackend(data));
        server.bind("127.0.0.1", port);
        return new MongoStore(new ConnectionString(
                "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/" + database), server);
    }

    public ConnectionString connectionString() {
        return connectionString;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.shutdown();
        }
    }
}
