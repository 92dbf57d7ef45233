package io.vigil.command.agent;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.common.stream.BlockingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills an empty agent directory from the event store: a data directory from before the directory
 * moved next to the event store (migration V2) keeps working. Runs once at start-up, in one
 * transaction; when several nodes start together, one fills it and the others' duplicate inserts fail
 * and roll back harmlessly.
 */
@Component
class AgentDirectoryBackfill {

    private static final Logger log = LoggerFactory.getLogger(AgentDirectoryBackfill.class);

    private final AgentDirectory directory;
    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    AgentDirectoryBackfill(AgentDirectory directory, EventStore eventStore, JdbcTemplate jdbc,
                           TransactionTemplate transaction) {
        this.directory = directory;
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @EventListener(ApplicationReadyEvent.class)
    void fillIfEmpty() {
        if (count("agent_target") > 0 || count("DomainEventEntry") == 0) {
            return;
        }
        try {
            long handled = transaction.execute(status -> replay());
            log.info("Agent directory filled from {} stored events", handled);
        } catch (DataAccessException e) {
            log.info("Agent directory was filled by another node meanwhile ({})", e.getMostSpecificCause().getMessage());
        }
    }

    private long replay() {
        AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(directory);
        long handled = 0;
        try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(null)) {
            while (events.hasNextAvailable()) {
                TrackedEventMessage<?> event = events.nextAvailable();
                if (handlers.canHandle(event)) {
                    handlers.handle(event);
                    handled++;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not fill the agent directory from the event store", e);
        }
        return handled;
    }

    private long count(String table) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
        return count == null ? 0 : count;
    }
}
