package io.vigil.platform.store;

import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;

/**
 * Makes the embedded server's unique indexes (the {@code _id} index of every collection among them)
 * compare keys as values instead of as Java-serialized bytes.
 *
 * <p>mongo-java-server's H2 backend keeps each unique index in an MVStore map keyed by its
 * {@code KeyValue} class, which is not {@code Comparable}; H2's default key type then orders such keys by
 * serializing both sides with a fresh {@code ObjectOutputStream} on every comparison — some 30 per
 * lookup. A profile of log ingestion put 40 % of the embedded server's CPU there. This key type writes
 * and reads exactly what the default one does (the file format is unchanged) but compares with the
 * server's own value order.
 *
 * <p>A B-tree built under the old order cannot be searched under the new one, so an index map written
 * by an earlier version is rebuilt once when it is first opened; a small marker map remembers, per index
 * map, the map id that is in value order. A map removed and re-created gets a new id, so a stale marker
 * cannot vouch for it.
 */
final class IndexKeyOrder extends ObjectDataType {

    static final IndexKeyOrder INSTANCE = new IndexKeyOrder();

    private static final String MARKERS = "vigil.index-key-order";
    static final String INDEX_INFIX = "._index_";
    static final String REBUILD_SUFFIX = "#rebuild";
    private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();

    private IndexKeyOrder() {
    }

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue x && b instanceof KeyValue y) {
            return compare(x, y);
        }
        return super.compare(a, b);
    }

    static int compare(KeyValue a, KeyValue b) {
        int shared = Math.min(a.size(), b.size());
        for (int i = 0; i < shared; i++) {
            int c = VALUES.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Opens (creating, or rebuilding if written in the old order) the index map {@code name} in value order. */
    static synchronized MVMap<Object, Object> open(MVStore store, String name) {
        MVMap<String, String> markers = store.openMap(MARKERS);
        String scratch = name + REBUILD_SUFFIX;
        if (!store.hasMap(name) && store.hasMap(scratch)) {
            // stopped between dropping the old map and renaming the complete copy: finish the rename (else
            // the server would rebuild the then empty index from the collection, and the copy stay behind)
            store.renameMap(store.openMap(scratch, builder()), name);
        }
        if (store.hasMap(name) && !mapId(store, name).equals(markers.get(name))) {
            // copied entry by entry into a fresh map that then takes the old one's name: an index can hold
            // millions of keys, more than should sit in memory at once
            if (store.hasMap(scratch)) {
                store.removeMap(scratch); // a copy that did not finish; the old map is still there
            }
            MVMap<Object, Object> old = store.openMap(name);
            MVMap<Object, Object> rebuilt = store.openMap(scratch, builder());
            for (Map.Entry<Object, Object> entry : old.entrySet()) {
                rebuilt.put(entry.getKey(), entry.getValue());
            }
            store.removeMap(old);
            store.renameMap(rebuilt, name);
        }
        MVMap<Object, Object> map = store.openMap(name, builder());
        markers.put(name, mapId(store, name));
        return map;
    }

    private static String mapId(MVStore store, String name) {
        return store.getMetaMap().get("name." + name);
    }

    private static MVMap.Builder<Object, Object> builder() {
        return new MVMap.Builder<Object, Object>().keyType(INSTANCE);
    }
}
