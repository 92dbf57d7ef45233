package io.vigil.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import io.vigil.platform.store.MongoStore;
import io.vigil.testing.MovableClock;

/**
 * The cluster-wide throttle against a real wire-protocol server: Bucket4j's token bucket (capacity, gradual
 * refill by the clock), keys and throttles independent, two nodes on one database sharing the count even
 * when they race, refilled buckets swept, and a store that cannot be reached refusing rather than allowing.
 */
class ThrottleTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final MongoStore server = MongoStore.inMemory("test");
    private final List<MongoClient> clients = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();
    private final String uri;

    ThrottleTest() {
        uri = server.connectionString().getConnectionString();
    }

    @AfterEach
    void tearDown() {
        clients.forEach(MongoClient::close);
        server.close();
    }

    /** A node: its own client (each with its own connections), the shared database. */
    private MongoDatabase node() {
        return node(Duration.ofSeconds(30));
    }

    private MongoDatabase node(Duration serverSelectionTimeout) {
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(
                        serverSelectionTimeout.toMillis(), TimeUnit.MILLISECONDS))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        synchronized (commands) {
                            commands.add(event.getCommandName());
                        }
                    }
                }).build());
        clients.add(client);
        return client.getDatabase("test");
    }

    private Throttle fivePerMinute(MongoDatabase node) {
        return new Throttles(node, true, clock).throttle("sign-in", 5, Duration.ofMinutes(1));
    }

    @Test
    void fiveAMinuteThenTheKeyWaitsForTheNextTokenWhichComesGraduallyWithTheClock() {
        Throttle throttle = fivePerMinute(node());
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.take("vera")).as("event " + (i + 1)).isZero();
        }
        assertThat(throttle.take("vera")).as("sixth: one token refills every 12 s").isEqualTo(12);
        assertThat(throttle.blockedForSeconds("vera")).isEqualTo(12);

        clock.advance(Duration.ofSeconds(11));
        assertThat(throttle.blockedForSeconds("vera")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.take("vera")).as("12 s later one more").isZero();
        assertThat(throttle.take("vera")).as("and only one").isEqualTo(12);

        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.take("vera")).as("a minute later the full five again").isZero();
        }
        assertThat(throttle.take("vera")).isPositive();
    }

    @Test
    void countingFailuresLocksTheKeyAndCheckingDoesNotCount() {
        Throttle throttle = fivePerMinute(node());
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.blockedForSeconds("vera")).as("checks are free").isZero();
        }
        for (int i = 0; i < 5; i++) {
            throttle.count("vera");
        }
        assertThat(throttle.blockedForSeconds("vera")).isEqualTo(12);
    }

    @Test
    void keysAndThrottlesAreIndependent() {
        Throttles throttles = new Throttles(node(), true, clock);
        Throttle signIn = throttles.throttle("sign-in", 5, Duration.ofMinutes(1));
        Throttle connect = throttles.throttle("connect", 5, Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            signIn.count("vera");
        }
        assertThat(signIn.blockedForSeconds("vera")).isPositive();
        assertThat(signIn.blockedForSeconds("alice")).as("another key").isZero();
        assertThat(connect.take("vera")).as("the same key in another throttle").isZero();
    }

    @Test
    void twoNodesOnTheSameDatabaseShareTheCount() {
        Throttle nodeA = fivePerMinute(node());
        Throttle nodeB = fivePerMinute(node());
        for (int i = 0; i < 3; i++) {
            nodeA.count("vera");
        }
        nodeB.count("vera");
        nodeB.count("vera");
        assertThat(nodeA.blockedForSeconds("vera")).as("node A sees node B's failures").isEqualTo(12);
        assertThat(nodeB.blockedForSeconds("vera")).isEqualTo(12);
        assertThat(nodeB.take("vera")).isEqualTo(12);
    }

    @Test
    void racingNodesTakeExactlyTheCapacityBetweenThem() throws Exception {
        List<Throttle> nodes = List.of(
                new Throttles(node(), true, clock).throttle("connect", 20, Duration.ofHours(1)),
                new Throttles(node(), true, clock).throttle("connect", 20, Duration.ofHours(1)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> racers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Throttle throttle = nodes.get(t % 2);
                racers.add(() -> {
                    int taken = 0;
                    for (int i = 0; i < 10; i++) {
                        taken += throttle.take("target-1") == 0 ? 1 : 0;
                    }
                    return taken;
                });
            }
            int taken = 0;
            for (Future<Integer> racer : pool.invokeAll(racers, 30, TimeUnit.SECONDS)) {
                taken += racer.get();
            }
            assertThat(taken).as("80 attempts from two nodes at once, capacity 20").isEqualTo(20);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBucketIsSweptOnceItHasRefilledCompletelyAndTheKeyStartsAfresh() {
        MongoDatabase node = node();
        Throttles throttles = new Throttles(node, true, clock);
        Throttle throttle = throttles.throttle("sign-in", 5, Duration.ofMinutes(1));
        MongoCollection<Document> stored = node.getCollection(Throttles.COLLECTION);
        throttle.count("vera");
        throttle.count("vera");
        throttle.count("alice");

        assertThat(stored.countDocuments()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(20));
        assertThat(throttles.sweep()).as("alice refilled after 12 s, vera's second token is still missing")
                .isEqualTo(1);
        assertThat(stored.countDocuments()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(throttles.sweep()).as("vera's bucket was full 24 s after her second failure").isEqualTo(1);
        assertThat(stored.countDocuments()).isZero();

        for (int i = 0; i < 5; i++) {
            assertThat(throttle.take("vera")).isZero();
        }
        assertThat(throttle.take("vera")).isPositive();
    }

    @Test
    void aSweepDeletesEveryRefilledBucketBatchAfterBatchAndKeepsTheOthers() {
        MongoDatabase node = node();
        Throttles throttles = new Throttles(node, true, clock);
        Throttle throttle = throttles.throttle("sign-in", 5, Duration.ofMinutes(1));
        for (int i = 0; i < 150; i++) {
            throttle.count("name-" + i);
        }
        clock.advance(Duration.ofSeconds(10));
        throttle.count("name-0");
        clock.advance(Duration.ofSeconds(3));

        assertThat(throttles.sweep()).as("more than one batch of 100").isEqualTo(149);
        assertThat(node.getCollection(Throttles.COLLECTION).countDocuments()).as("name-0 failed again").isEqualTo(1);
    }

    @Test
    void aRefilledBucketNotYetSweptReadsAsFull() {
        Throttle throttle = fivePerMinute(node());
        for (int i = 0; i < 5; i++) {
            throttle.count("vera");
        }
        clock.advance(Duration.ofMinutes(2));
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.take("vera")).isZero();
        }
        assertThat(throttle.take("vera")).isPositive();
    }

    @Test
    void checkingAKeyCostsOneReadAndWritesNothing() {
        MongoDatabase node = node();
        Throttle throttle = fivePerMinute(node);
        throttle.count("vera");
        commands.clear();

        assertThat(throttle.blockedForSeconds("alice")).isZero();
        assertThat(throttle.blockedForSeconds("vera")).isZero();
        assertThat(commands).containsExactly("find", "find");
        assertThat(node.getCollection(Throttles.COLLECTION).countDocuments()).as("alice stored nothing").isEqualTo(1);

        commands.clear();
        throttle.take("vera");
        assertThat(commands).as("counting a known key: a read and a compare-and-swap")
                .containsExactly("find", "update");
    }

    @Test
    void whatIsStoredIsAHashOfTheKeyNeverTheKeyItself() {
        MongoDatabase node = node();
        fivePerMinute(node).count("my secret password typed as a name");
        Document stored = node.getCollection(Throttles.COLLECTION).find().first();
        assertThat(stored.toJson()).doesNotContain("password").contains("sign-in:");
    }

    @Test
    void anUnreachableStoreFailsTheCheckInsteadOfAllowingIt() {
        Throttle throttle = fivePerMinute(node());
        throttle.count("vera");
        Throttle impatient = new Throttles(node(Duration.ofMillis(500)), true, clock)
                .throttle("sign-in", 5, Duration.ofMinutes(1));
        assertThat(impatient.blockedForSeconds("vera")).as("connected while the store is up").isZero();
        server.close();

        assertThatThrownBy(() -> impatient.blockedForSeconds("vera")).isInstanceOf(MongoException.class);
        assertThatThrownBy(() -> impatient.take("vera")).isInstanceOf(MongoException.class);
    }

    @Test
    void theRevisionIsUniquelyIndexedEverywhereAndOnlyARealMongoDbGetsATtlIndex() {
        MongoDatabase embedded = node();
        new Throttles(embedded, true, clock);
        assertThat(indexNames(embedded)).contains(MongoProxyManager.REVISION_INDEX)
                .doesNotContain(MongoProxyManager.TTL_INDEX);

        MongoDatabase real = clients.get(0).getDatabase("other");
        new Throttles(real, false, clock);
        Document ttl = indexes(real).stream()
                .filter(index -> MongoProxyManager.TTL_INDEX.equals(index.getString("name"))).findFirst().orElseThrow();
        assertThat(ttl.get("key", Document.class)).containsEntry(MongoProxyManager.EXPIRES_AT, 1);
        assertThat(((Number) ttl.get("expireAfterSeconds")).longValue()).isZero();
        assertThat(indexNames(real)).contains(MongoProxyManager.REVISION_INDEX);
    }

    private static List<Document> indexes(MongoDatabase database) {
        return database.getCollection(Throttles.COLLECTION).listIndexes().into(new ArrayList<>());
    }

    private static List<String> indexNames(MongoDatabase database) {
        return indexes(database).stream().map(index -> index.getString("name")).toList();
    }
}
