package io.vigil.platform.store;

import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * MongoDB health by {@code ping}. Replaces Spring Boot's indicator (same bean name), which asks
 * {@code hello}: the embedded server does not know that command and would report DOWN while it serves.
 */
@Component("mongoHealthIndicator")
public class MongoHealth extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    public MongoHealth(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        mongo.getDb().runCommand(new Document("ping", 1));
        builder.up().withDetail("database", mongo.getDb().getName());
    }
}
