package io.vigil.platform.store;

import java.util.ArrayList;
import java.util.List;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * The embedded MongoDB's storage: mongo-java-server's H2 backend with two changes Vigil relies on.
 * <ul>
 * <li>Unique indexes (every {@code _id} among them) compare keys as values: {@link IndexKeyOrder}.</li>
 * <li>Documents are stored as BSON, not by Java serialization: {@link BsonDocumentType}.</li>
 * <li>A stored document is never changed in place; an update changes a copy and stores that. The server
 * answers a query with the stored objects themselves and encodes them after releasing the collection's
 * lock, and its update rewrites the matched object field by field — so a read racing a write could return
 * half of each (measured: two nodes' throttle compare-and-swap read a new revision beside the old state
 * about once in 300 races, and let a request through over the limit). With copy-on-write every read is
 * one version of the document, as on a real MongoDB; the copy is shallow (the update itself already
 * deep-copies what it changes), a few map entries per written document.</li>
 * </ul>
 */
final class EmbeddedBackend extends H2Backend {

    /** mongo-java-server's names for a collection's document and metadata maps (H2Database). */
    private static final String DOCUMENTS_MAP = "databases.";
    private static final String META_MAP = "meta.";

    EmbeddedBackend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName);
    }

    /**
     * An inner class on purpose: H2Database's constructor already reopens the collections and indexes, before
     * a field of a subclass could be set, but javac sets the enclosing instance before the super constructor
     * runs, so {@link #getMvStore()} is reachable from the overrides from the start.
     */
    private final class Database extends H2Database {

        Database(String name) {
            super(name, getMvStore(), getCursorRegistry());
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String namespace = getFullCollectionNamespace(collectionName);
            return new Collection(this, collectionName, options, getMvStore(), namespace, getCursorRegistry());
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName,
                List<IndexKey> keys, boolean sparse) {
            IndexKeyOrder.open(getMvStore(), getFullCollectionNamespace(collectionName)
                    + IndexKeyOrder.INDEX_INFIX + indexName);
            return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        }
    }

    /** Copy-on-write: the documents an update or findAndModify is about to change are copies of the stored ones. */
    private static final class Collection extends H2Collection {

        private boolean writing; // guarded by this: the reads and writes of the base class hold the same lock

        Collection(MongoDatabase database, String name, CollectionOptions options, MVStore store,
                   String namespace, CursorRegistry cursors) {
            super(database, name, options,
                    store.openMap(DOCUMENTS_MAP + namespace,
                            new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType())),
                    store.openMap(META_MAP + namespace), cursors);
        }

        /**
         * Every query ends here with the documents it matched, whether an index found them or a scan did;
         * an update or findAndModify then changes what it gets, so while one runs those are copies.
         */
        @Override
        protected QueryResult createQueryResult(List<Document> matched, int numberToReturn) {
            if (!writing) {
                return super.createQueryResult(matched, numberToReturn);
            }
            List<Document> copies = new ArrayList<>(matched.size());
            for (Document document : matched) {
                copies.add(new Document(document));
            }
            return super.createQueryResult(copies, numberToReturn);
        }

        @Override
        public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
                                                     boolean multi, boolean upsert, Oplog oplog) {
            writing = true;
            try {
                return super.updateDocuments(selector, update, arrayFilters, multi, upsert, oplog);
            } finally {
                writing = false;
            }
        }

        @Override
        public synchronized Document findAndModify(Document query) {
            writing = true;
            try {
                return super.findAndModify(query);
            } finally {
                writing = false;
            }
        }
    }
}
