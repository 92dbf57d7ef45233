package io.vigil.ui;

/**
 * The lifecycle with the event store on a real PostgreSQL (a private server of this test JVM, see
 * {@link PostgresServer}) and the embedded MongoDB server. Fails, not skips, when PostgreSQL is not
 * installed: the test command ({@code ./mvnw -B verify}) installs it.
 */
class PostgresStatusLifecycleTest extends StatusLifecycleScenario {

    @Override
    String[] storeArgs() {
        return PostgresServer.shared().datasourceArgs();
    }
}
