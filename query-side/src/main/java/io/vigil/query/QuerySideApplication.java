package io.vigil.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import io.vigil.platform.PlatformConfiguration;

/** The query side alone: projections, query handlers and the REST query API. */
@SpringBootApplication
@Import(PlatformConfiguration.class)
public class QuerySideApplication {

    public static void main(String[] args) {
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
