package io.vigil.command.agent;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.vigil.platform.security.TargetScopes;

/**
 * Fills the subscribing stores that a replay does not rebuild — the agent directory and the target
 * scopes — from the event store when they are empty while events exist: a data directory from before
 * either existed keeps working. Runs once at start-up; the directory part in one transaction, so when
 * several nodes start together one fills it and the others' duplicate inserts roll back harmlessly (the
 * scope writes are idempotent upserts).
 */
@Component
public class AgentDirectoryBackfill {

    private static final Logger log = LoggerFactory.getLogger(AgentDirectoryBackfill.class);

    private final AgentDirectory directory;
    private final TargetScopes scopes;
    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    AgentDirectoryBackfill(AgentDirectory directory, TargetScopes scopes, EventStore eventStore, JdbcTemplate jdbc,
                           TransactionTemplate transaction) {
        this.directory = directory;
        this.scopes = scopes;
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** @return how many events were replayed into empty stores */
    @EventListener(ApplicationReadyEvent.class)
    public long fillIfEmpty() {
        if (count("DomainEventEntry") == 0) {
            return 0;
        }
        List<Object> empty = new ArrayList<>();
        if (count("agent_target") == 0) {
            empty.add(directory);
        }
        if (scopes.isEmpty()) {
            empty.add(scopes);
        }
        if (empty.isEmpty()) {
            return 0;
        }
        try {
            Long handled = transaction.execute(status -> {
                long replayed = replay(empty);
                if (empty.contains(directory)) {
                    // the events do not say whether a threshold is waiting out its duration (alert_state does):
                    // every rebuilt row is watched until its first evaluation decides
                    jdbc.update("UPDATE agent_target SET alert_watch = TRUE");
                }
                return replayed;
            });
            log.info("Filled {} from {} stored events", empty.stream().map(s -> s.getClass().getSimpleName()).toList(),
                    handled);
            return handled == null ? 0 : handled;
        } catch (DataAccessException e) {
            log.info("The agent directory was filled by another node meanwhile ({})",
                    e.getMostSpecificCause().getMessage());
            return 0;
        }
    }

    private long replay(List<Object> stores) {
        List<AnnotationEventHandlerAdapter> handlers = stores.stream().map(AnnotationEventHandlerAdapter::new).toList();
        long handled = 0;
        try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(null)) {
            while (events.hasNextAvailable()) {
                TrackedEventMessage<?> event = events.nextAvailable();
                for (AnnotationEventHandlerAdapter handler : handlers) {
                    if (handler.canHandle(event)) {
                        handler.handle(event);
                        handled++;
                    }
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
