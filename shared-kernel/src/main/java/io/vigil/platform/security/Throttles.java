package io.vigil.platform.security;

import java.time.Clock;
import java.time.Duration;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import io.vigil.platform.store.MongoStore;

/**
 * Where the throttles keep their buckets: the {@code throttles} collection of the MongoDB every node shares,
 * so a limit holds across the cluster — with N nodes an attacker gets the same budget as with one. Each
 * throttle names its buckets ({@code sign-in:…}, {@code agent-login:…}, {@code connect:…}). A bucket is
 * forgotten once it has refilled completely: a sweep deletes those every
 * {@code vigil.security.throttle-sweep-interval} (the embedded server has no TTL indexes), and a real MongoDB
 * also gets a TTL index on {@code expiresAt}.
 */
@Component
public class Throttles {

    public static final String COLLECTION = "throttles";

    private final MongoProxyManager buckets;

    @Autowired
    public Throttles(MongoTemplate mongo, MongoStore store, Clock clock) {
        this(mongo.getDb(), store.isEmbedded(), clock);
    }

    Throttles(MongoDatabase database, boolean embedded, Clock clock) {
        MongoCollection<Document> collection = database.getCollection(COLLECTION);
        MongoProxyManager.ensureIndexes(collection, embedded);
        this.buckets = new MongoProxyManager(collection, clock);
    }

    /** A limit of {@code capacity} events per {@code period} per key, under its own name in the collection. */
    public Throttle throttle(String name, int capacity, Duration period) {
        return new Throttle(buckets, name, capacity, period);
    }

    /** Deletes the buckets that have refilled completely: @return how many */
    @Scheduled(fixedDelayString = "${vigil.security.throttle-sweep-interval:1m}",
            initialDelayString = "${vigil.security.throttle-sweep-interval:1m}")
    public long sweep() {
        return buckets.deleteExpired();
    }
}
