package io.vigil.command;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.vigil.command.agent.AgentDirectory;

/**
 * Aggregate snapshots (every 50 events) and caches for both aggregates. A cached aggregate that lost a
 * race with another command node is evicted when its append fails, and the retrying gateway reloads it.
 */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    private static final int SNAPSHOT_EVERY = 50;

    @Bean
    SnapshotTriggerDefinition targetSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, SNAPSHOT_EVERY);
    }

    @Bean
    SnapshotTriggerDefinition deploymentSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, SNAPSHOT_EVERY);
    }

    @Bean
    Cache targetCache() {
        return new WeakReferenceCache();
    }

    @Bean
    Cache deploymentCache() {
        return new WeakReferenceCache();
    }

    /** The agent directory is written inside the command: if it cannot be written, the command fails. */
    @Autowired
    void agentDirectoryFailsItsCommand(EventProcessingConfigurer configurer) {
        configurer.registerListenerInvocationErrorHandler(AgentDirectory.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
