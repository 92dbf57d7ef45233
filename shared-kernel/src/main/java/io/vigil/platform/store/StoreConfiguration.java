package io.vigil.platform.store;

import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.ConnectionString;

import io.vigil.platform.VigilProperties;

/**
 * The MongoDB connection (DESIGN §5). The event store's DataSource is Spring Boot's own: an H2 file under
 * the data dir unless {@code SPRING_DATASOURCE_URL} says otherwise (see vigil-defaults.properties),
 * with its tables created by Flyway.
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    @Bean(destroyMethod = "close")
    MongoStore mongoStore(VigilProperties properties) {
        VigilProperties.Mongodb mongodb = properties.mongodb();
        return mongodb.embedded()
                ? MongoStore.embedded(properties.dataDir(), mongodb.database(), mongodb.embeddedPort(),
                        mongodb.embeddedCacheMb())
                : MongoStore.external(mongodb.uri());
    }

    @Bean
    MongoConnectionDetails mongoConnectionDetails(MongoStore store) {
        ConnectionString connectionString = store.connectionString();
        return () -> connectionString;
    }
}
