package io.vigil.command;

import java.lang.reflect.Field;
import java.util.Objects;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;

/**
 * An aggregate cache that stays right with several command nodes. A cached aggregate is used only if no
 * node appended events to it since it was cached (one indexed {@code MAX(sequenceNumber)} read, far
 * cheaper than a load). Without this check a node could decide "nothing changed" from an outdated
 * aggregate, append nothing, and so never hit the optimistic-concurrency conflict that would correct it.
 */
public final class FreshAggregateCache implements Cache {

    private static final Field VERSION = versionField();

    private final Cache delegate;
    private final ObjectProvider<EventStore> eventStore;

    public FreshAggregateCache(Cache delegate, ObjectProvider<EventStore> eventStore) {
        this.delegate = delegate;
        this.eventStore = eventStore;
    }

    @Override
    public <K, V> V get(K key) {
        V value = delegate.get(key);
        if (value instanceof AggregateCacheEntry<?> entry) {
            Long stored = eventStore.getObject().lastSequenceNumberFor(key.toString()).orElse(null);
            if (stored == null || !Objects.equals(version(entry), stored)) {
                delegate.remove(key);
                return null;
            }
        }
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        delegate.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return delegate.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key) {
        return delegate.remove(key);
    }

    @Override
    public void removeAll() {
        delegate.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return delegate.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return delegate.registerCacheEntryListener(listener);
    }

    /** The entry's aggregate version; null (never fresh: always reload) if Axon's internals change. */
    private static Long version(AggregateCacheEntry<?> entry) {
        try {
            return VERSION == null ? null : (Long) VERSION.get(entry);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static Field versionField() {
        try {
            Field field = AggregateCacheEntry.class.getDeclaredField("version");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
