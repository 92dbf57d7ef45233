package io.vigil.platform;

import java.time.Clock;

import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The runtime every Vigil process shares: imported by the command side, the query side and the
 * all-in-one launcher alike. Defaults live in vigil-defaults.properties, below application.properties,
 * environment variables and arguments.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VigilProperties.class)
@EnableScheduling
@ComponentScan
@PropertySource("classpath:vigil-defaults.properties")
public class PlatformConfiguration {

    static {
        // Axon phones home for update checks unless told not to; a self-hosted hub must not, and here it
        // cannot (no route out). Respect an explicit setting either way.
        if (System.getProperty("axoniq.update-checker.disabled") == null
                && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }

    /** The one time source. Event timestamps follow it too, so tests move one clock instead of sleeping. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Object axonEventClockBinding(Clock clock) {
        GenericEventMessage.clock = clock;
        return clock;
    }
}
