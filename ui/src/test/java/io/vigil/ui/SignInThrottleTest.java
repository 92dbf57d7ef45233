package io.vigil.ui;

import static io.vigil.ui.Tenants.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.testing.MovableClock;
import io.vigil.ui.VigilInstance.Answer;

/** Failed sign-ins are throttled per user name (Bucket4j): five a minute, then even the right password waits. */
class SignInThrottleTest {

    @TempDir
    Path dataDir;

    final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void fiveFailedSignInsInAMinuteLockTheNameForBasicAndSessionSignInUntilTheMinuteHasPassed() {
        try (VigilInstance vigil = VigilInstance.start(dataDir, clock, "--vigil.security.sign-in-failures=5")) {
            Tenants tenants = new Tenants(vigil);
            for (int i = 0; i < 3; i++) {
                assertThat(tenants.get("/api/v1/targets", VigilInstance.basic("vera", "guess-" + i)).status())
                        .isEqualTo(401);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(signIn(vigil, "vera", "guess-again-" + i).status()).isEqualTo(401);
            }
            Answer locked = tenants.get("/api/v1/targets", as("vera"));
            assertThat(locked.status()).as("the right password, while locked").isEqualTo(429);
            assertThat(locked.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(locked.json().get("status").asInt()).isEqualTo(429);
            assertThat(signIn(vigil, "vera", Tenants.PASSWORD).status()).isEqualTo(429);
            assertThat(tenants.get("/api/v1/targets", as("alice")).status()).as("other names go on").isEqualTo(200);

            clock.advance(Duration.ofSeconds(61));
            assertThat(tenants.get("/api/v1/targets", as("vera")).status()).isEqualTo(200);
            assertThat(signIn(vigil, "vera", Tenants.PASSWORD).status()).isEqualTo(200);
        }
    }

    private static Answer signIn(VigilInstance vigil, String name, String password) {
        return vigil.send(vigil.request("/api/v1/session").POST(VigilInstance.body(
                "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}")).header("Content-Type",
                "application/json"), null);
    }
}
