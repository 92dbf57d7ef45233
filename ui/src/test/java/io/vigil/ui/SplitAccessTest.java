package io.vigil.ui;

import static io.vigil.ui.Tenants.as;
import static io.vigil.ui.VigilInstance.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vigil.command.CommandSideApplication;
import io.vigil.query.QuerySideApplication;
import io.vigil.testing.MovableClock;
import io.vigil.ui.VigilInstance.Answer;

/**
 * People in the scaled-out form, where the proxy sends changes to the command side and reads to the query
 * side: users and tokens made on one process sign in on the other, a session opened on the command side
 * reads on the query side, and a customer's reads there are scoped.
 */
class SplitAccessTest {

    @TempDir
    Path commandDir;
    @TempDir
    Path queryDir;

    @Test
    void accountsTokensAndSessionsWorkAcrossTheCommandAndQuerySides() throws IOException {
        MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
        int mongoPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            mongoPort = socket.getLocalPort();
        }
        try (VigilInstance commands = VigilInstance.start(CommandSideApplication.class, commandDir, clock,
                     "--vigil.mongodb.embedded-port=" + mongoPort);
             VigilInstance queries = VigilInstance.start(QuerySideApplication.class, queryDir, clock,
                     "--vigil.mongodb.uri=mongodb://127.0.0.1:" + mongoPort + "/vigil",
                     "--spring.datasource.url=jdbc:h2:file:" + commandDir + "/eventstore;DB_CLOSE_ON_EXIT=FALSE")) {
            String org = Tenants.created(commands.post("/api/v1/organisations", "{\"name\":\"A\"}")).get("id").asText();
            Tenants.created(commands.post("/api/v1/users", "{\"name\":\"alice\",\"password\":\"" + Tenants.PASSWORD
                    + "\",\"role\":\"CUSTOMER_ADMIN\",\"organisationId\":\"" + org + "\"}"));
            String own = Tenants.created(commands.post("/api/v1/targets",
                    "{\"name\":\"a\",\"type\":\"DOCKER\",\"organisationId\":\"" + org + "\"}")).get("id").asText();
            String vendors = Tenants.created(commands.post("/api/v1/targets", "{\"name\":\"v\",\"type\":\"DOCKER\"}"))
                    .get("id").asText();

            Answer me = queries.send(queries.request("/api/v1/me").GET(), as("alice"));
            assertThat(me.status()).as(me.body()).isEqualTo(200);
            assertThat(me.json().get("organisationId").asText()).isEqualTo(org);

            String token = "Bearer " + Tenants.created(commands.send(commands.request("/api/v1/me/tokens")
                    .POST(VigilInstance.body("{\"name\":\"ci\"}")).header("Content-Type", "application/json"),
                    as("alice"))).get("token").asText();
            await("the query side lists the customer's target", () -> {
                Answer list = queries.send(queries.request("/api/v1/targets").GET(), token);
                return list.status() == 200 && list.json().get("items").size() == 1
                        && own.equals(list.json().get("items").get(0).get("id").asText());
            });
            assertThat(queries.send(queries.request("/api/v1/targets/" + vendors).GET(), token).status()).isEqualTo(404);
            assertThat(queries.send(queries.request("/api/v1/me/tokens").GET(), token).json().get("items").size())
                    .isEqualTo(1);

            Answer session = commands.send(commands.request("/api/v1/session").POST(VigilInstance.body(
                    "{\"name\":\"alice\",\"password\":\"" + Tenants.PASSWORD + "\"}")).header("Content-Type",
                    "application/json"), null);
            String cookie = session.raw().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertThat(queries.send(queries.request("/api/v1/targets/" + own).GET().header("Cookie", cookie), null)
                    .status()).as("a session opened on the command side").isEqualTo(200);
            Answer rotated = commands.send(commands.request("/api/v1/targets/" + own + "/reconnect")
                    .POST(VigilInstance.body("")).header("Cookie", cookie)
                    .header("X-CSRF-Token", session.json().get("csrfToken").asText()), null);
            assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
            await("the customer reads the rotation in its audit trail on the query side", () -> queries.send(
                    queries.request("/api/v1/audit").GET(), token).json().get("items").findValuesAsText("action")
                    .contains("TargetSecretRotated"));
        }
    }
}
