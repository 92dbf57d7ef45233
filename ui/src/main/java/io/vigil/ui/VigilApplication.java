package io.vigil.ui;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

import io.vigil.command.CommandSideApplication;
import io.vigil.platform.PlatformConfiguration;
import io.vigil.query.QuerySideApplication;

/**
 * Vigil in one JVM: command side, query side and the web UI, on the embedded stores by default.
 * This is what the README's run command starts.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(PlatformConfiguration.class)
@ComponentScan(basePackages = {"io.vigil.ui", "io.vigil.command", "io.vigil.query"},
        excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
                classes = {CommandSideApplication.class, QuerySideApplication.class}))
public class VigilApplication {

    public static void main(String[] args) {
        SpringApplication.run(VigilApplication.class, args);
    }
}
