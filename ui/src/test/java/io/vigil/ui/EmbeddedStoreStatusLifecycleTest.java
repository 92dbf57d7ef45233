package io.vigil.ui;

/** The lifecycle on the default stores: H2 event store and the embedded MongoDB server, both under the data dir. */
class EmbeddedStoreStatusLifecycleTest extends StatusLifecycleScenario {

    @Override
    String[] storeArgs() {
        return new String[0];
    }
}
