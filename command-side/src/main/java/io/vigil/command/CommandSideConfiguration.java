package io.vigil.command;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.vigil.command.agent.AgentDirectory;

/**
 * Aggregate snapshots (every 50 events) and caches for both aggregates. A cache entry is used only while
 * no other node has appended to its aggregate ({@link FreshAggregateCache}); an append that still loses
 * a race evicts the entry and the retrying command gateway reloads it.
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
    Cache targetCache(ObjectProvider<EventStore> eventStore) {
        return new FreshAggregateCache(new WeakReferenceCache(), eventStore);
    }

    @Bean
    Cache deploymentCache(ObjectProvider<EventStore> eventStore) {
        return new FreshAggregateCache(new WeakReferenceCache(), eventStore);
    }

    /** The agent directory is written inside the command: if it cannot be written, the command fails. */
    @Autowired
    void agentDirectoryFailsItsCommand(EventProcessingConfigurer configurer) {
        configurer.registerListenerInvocationErrorHandler(AgentDirectory.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
