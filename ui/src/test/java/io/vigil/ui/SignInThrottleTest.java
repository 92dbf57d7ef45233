package io.vigil.ui;

import static io.vigil.ui.Tenants.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.testing.MovableClock;
import io.vigil.ui.VigilInstance.Answer;

/**
 * Failed sign-ins are throttled per user name (Bucket4j): five a minute, then even the right password waits —
 * counted across every node sharing the store, so a second node is no second budget.
 */
class SignInThrottleTest {

    @TempDir
    Path nodeA;
    @TempDir
    Path nodeB;

    final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void fiveFailedSignInsInAMinuteOnAnyNodesLockTheNameForBasicAndSessionSignInOnEveryNodeUntilTheMinuteHasPassed()
            throws IOException {
        int mongoPort = freePort();
        try (VigilInstance a = VigilInstance.start(nodeA, clock, "--vigil.security.sign-in-failures=5",
                "--vigil.mongodb.embedded-port=" + mongoPort);
             VigilInstance b = VigilInstance.start(nodeB, clock, "--vigil.security.sign-in-failures=5",
                     "--vigil.mongodb.uri=mongodb://127.0.0.1:" + mongoPort + "/vigil",
                     "--spring.datasource.url=jdbc:h2:file:" + nodeA + "/eventstore;DB_CLOSE_ON_EXIT=FALSE")) {
            Tenants onA = new Tenants(a);
            for (int i = 0; i < 3; i++) {
                assertThat(onA.get("/api/v1/targets", VigilInstance.basic("vera", "guess-" + i)).status())
                        .isEqualTo(401);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(signIn(b, "vera", "guess-again-" + i).status()).as("on node B").isEqualTo(401);
            }
            Answer locked = onA.get("/api/v1/targets", as("vera"));
            assertThat(locked.status()).as("the right password, while locked").isEqualTo(429);
            assertThat(locked.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(locked.json().get("status").asInt()).isEqualTo(429);
            assertThat(signIn(a, "vera", Tenants.PASSWORD).status()).isEqualTo(429);
            assertThat(signIn(b, "vera", Tenants.PASSWORD).status()).as("node B counts with node A").isEqualTo(429);
            assertThat(b.send(b.request("/api/v1/targets").GET(), as("vera")).status()).isEqualTo(429);
            assertThat(onA.get("/api/v1/targets", as("alice")).status()).as("other names go on").isEqualTo(200);

            clock.advance(Duration.ofSeconds(61));
            assertThat(onA.get("/api/v1/targets", as("vera")).status()).isEqualTo(200);
            assertThat(signIn(b, "vera", Tenants.PASSWORD).status()).isEqualTo(200);
        }
    }

    private static Answer signIn(VigilInstance vigil, String name, String password) {
        return vigil.send(vigil.request("/api/v1/session").POST(VigilInstance.body(
                "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}")).header("Content-Type",
                "application/json"), null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
