package io.vigil.ui;

import static io.vigil.ui.Tenants.admin;
import static io.vigil.ui.Tenants.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import com.mongodb.client.MongoDatabase;

import io.vigil.testing.MovableClock;
import io.vigil.ui.VigilInstance.Answer;

/**
 * Every kind of secret Vigil handles — people's passwords, target secrets (first and rotated), agent
 * tokens, personal access tokens, session ids and CSRF tokens — used the normal way and the wrong way,
 * with Vigil's own logging at DEBUG: none of them appears in the log output, in any MongoDB collection or
 * in the event store. They are stored only as hashes.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayOutOfLogsTest {

    @TempDir
    Path dataDir;

    @Test
    void noSecretReachesTheLogTheViewsOrTheEventStore(CapturedOutput output) {
        List<String> secrets = new ArrayList<>(List.of(VigilInstance.ADMIN_PASSWORD, Tenants.PASSWORD,
                "wrong-password-guess-123", "vgs_guessed-secret-456"));
        MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
        try (VigilInstance vigil = VigilInstance.start(dataDir, clock, "--logging.level.io.vigil=DEBUG")) {
            Tenants tenants = new Tenants(vigil);
            secrets.addAll(List.of(tenants.vendor.secret(), tenants.a.secret(), tenants.b.secret()));

            ScriptedAgent agent = new ScriptedAgent(vigil, tenants.a.targetId(), tenants.a.secret());
            assertThat(agent.login().status()).isEqualTo(200);
            secrets.add(agent.token());
            assertThat(agent.heartbeat().status()).isEqualTo(200);
            assertThat(new ScriptedAgent(vigil, tenants.a.targetId(), "vgs_guessed-secret-456").login().status())
                    .isEqualTo(401);
            assertThat(tenants.get("/api/v1/targets", VigilInstance.basic("alice", "wrong-password-guess-123"))
                    .status()).isEqualTo(401);

            Answer rotated = tenants.post("/api/v1/targets/" + tenants.a.targetId() + "/reconnect", "", as("alice"));
            String rotatedSecret = rotated.json().get("targetSecret").asText();
            secrets.add(rotatedSecret);
            assertThat(agent.heartbeat().status()).isEqualTo(401);
            assertThat(vigil.send(vigil.request("/api/agent/v1/connect?targetId=" + tenants.a.targetId()
                    + "&targetSecret=" + rotatedSecret).GET(), null).status()).isEqualTo(200);

            String token = tenants.post("/api/v1/me/tokens", "{\"name\":\"ci\"}", as("bob")).json().get("token").asText();
            secrets.add(token);
            assertThat(tenants.get("/api/v1/targets", "Bearer " + token).status()).isEqualTo(200);
            assertThat(tenants.get("/api/v1/targets", "Bearer " + token + "x").status()).isEqualTo(401);

            Answer session = tenants.post("/api/v1/session", "{\"name\":\"vera\",\"password\":\"" + Tenants.PASSWORD
                    + "\"}", null);
            String cookie = session.raw().headers().firstValue("Set-Cookie").orElseThrow();
            secrets.add(cookie.substring("VIGIL_SESSION=".length(), cookie.indexOf(';')));
            secrets.add(session.json().get("csrfToken").asText());
            assertThat(tenants.post("/api/v1/users", "{\"name\":\"x\",\"password\":\"" + Tenants.PASSWORD
                    + "\",\"role\":\"NO_SUCH_ROLE\"}", admin()).status()).isEqualTo(400);

            StringBuilder stored = new StringBuilder();
            MongoDatabase mongo = vigil.bean(MongoTemplate.class).getDb();
            for (String collection : mongo.listCollectionNames()) {
                mongo.getCollection(collection).find().forEach((Document d) -> stored.append(d.toJson()));
            }
            JdbcTemplate events = vigil.bean(JdbcTemplate.class);
            for (String table : List.of("DomainEventEntry", "SnapshotEventEntry")) {
                events.query("select payloadType, payload, metaData from " + table, row -> {
                    stored.append(row.getString(1)).append(new String(row.getBytes(2), StandardCharsets.UTF_8));
                    byte[] meta = row.getBytes(3);
                    stored.append(meta == null ? "" : new String(meta, StandardCharsets.UTF_8));
                });
            }
            assertThat(stored).as("the stores are not empty").contains("TargetSecretRotated", "passwordHash");
            for (String secret : secrets) {
                assertThat(stored.toString()).as("stored: " + secret).doesNotContain(secret);
            }
        }
        assertThat(output.getAll()).as("the log was captured").contains("Tomcat started");
        for (String secret : secrets) {
            assertThat(output.getAll()).as("logged: " + secret).doesNotContain(secret);
        }
    }
}
