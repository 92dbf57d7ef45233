package io.vigil.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import io.vigil.platform.PlatformConfiguration;

/** The command side alone: agent API, management commands, aggregates, presence and the sweeper. */
@SpringBootApplication
@Import(PlatformConfiguration.class)
public class CommandSideApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
