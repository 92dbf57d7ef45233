package io.vigil.ui;

import static io.vigil.ui.Tenants.admin;
import static io.vigil.ui.Tenants.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import io.vigil.testing.MovableClock;
import io.vigil.ui.VigilInstance.Answer;

/**
 * Bad input on the endpoints of issue 5 (organisations, users, assignment, tokens, sessions, reconnect,
 * connect, audit): each gets a 4xx RFC 9457 problem, never a 5xx, and writes nothing — no event, no user,
 * organisation, token or session. A retried reconnect with the same Idempotency-Key rotates once.
 */
class AccessBadInputTest {

    @TempDir
    static Path dataDir;
    static VigilInstance vigil;
    static Tenants tenants;

    @BeforeAll
    static void start() {
        vigil = VigilInstance.start(dataDir, new MovableClock(Instant.parse("2026-03-01T10:00:00Z")));
        tenants = new Tenants(vigil);
    }

    @AfterAll
    static void stop() {
        vigil.close();
    }

    record Bad(String sentence, String method, String path, String body, String authorization, int status) {
        @Override
        public String toString() {
            return sentence;
        }
    }

    static Bad bad(String sentence, String method, String path, String body, int status) {
        return new Bad(sentence, method, path, body, admin(), status);
    }

    static Stream<Bad> cases() {
        String target = tenants.a.targetId();
        String longName = "n".repeat(101);
        String user = "{\"name\":\"%s\",\"password\":\"%s\",\"role\":\"%s\"%s}";
        return Stream.of(
                bad("An organisation without a name", "POST", "/api/v1/organisations", "{}", 400),
                bad("An organisation with a blank name", "POST", "/api/v1/organisations", "{\"name\":\"  \"}", 400),
                bad("An organisation with a name over 100 characters", "POST", "/api/v1/organisations",
                        "{\"name\":\"" + longName + "\"}", 400),
                bad("An organisation with an unknown field", "POST", "/api/v1/organisations",
                        "{\"name\":\"x\",\"owner\":\"y\"}", 400),
                bad("An organisation as text", "POST", "/api/v1/organisations", "name=x", 400),
                bad("A user without a password", "POST", "/api/v1/users", "{\"name\":\"u1\",\"role\":\"READ_ONLY\"}", 400),
                bad("A user with a short password", "POST", "/api/v1/users",
                        user.formatted("u1", "short", "READ_ONLY", ""), 400),
                bad("A user with an unknown role", "POST", "/api/v1/users",
                        user.formatted("u1", Tenants.PASSWORD, "OWNER", ""), 400),
                bad("A user with a space in the name", "POST", "/api/v1/users",
                        user.formatted("u 1", Tenants.PASSWORD, "READ_ONLY", ""), 400),
                bad("A customer user without an organisation", "POST", "/api/v1/users",
                        user.formatted("u1", Tenants.PASSWORD, "CUSTOMER_ADMIN", ""), 422),
                bad("A vendor user with an organisation", "POST", "/api/v1/users",
                        user.formatted("u1", Tenants.PASSWORD, "ADMIN", ",\"organisationId\":\"" + tenants.orgA + "\""), 422),
                bad("A customer user of an unknown organisation", "POST", "/api/v1/users",
                        user.formatted("u1", Tenants.PASSWORD, "CUSTOMER_ADMIN", ",\"organisationId\":\"nope\""), 422),
                bad("A user whose name is taken", "POST", "/api/v1/users",
                        user.formatted("alice", Tenants.PASSWORD, "READ_ONLY", ""), 409),
                bad("Removing the first admin", "DELETE", "/api/v1/users/admin", null, 422),
                bad("Removing an unknown user", "DELETE", "/api/v1/users/nobody", null, 404),
                bad("Assigning to an unknown organisation", "PUT", "/api/v1/targets/" + target + "/organisation",
                        "{\"organisationId\":\"nope\"}", 422),
                bad("Assigning an unknown target", "PUT", "/api/v1/targets/nope/organisation",
                        "{\"organisationId\":\"" + tenants.orgB + "\"}", 404),
                bad("Assigning with a body that is not JSON", "PUT", "/api/v1/targets/" + target + "/organisation",
                        "org", 400),
                bad("Registering a target for an unknown organisation", "POST", "/api/v1/targets",
                        "{\"name\":\"x\",\"type\":\"DOCKER\",\"organisationId\":\"nope\"}", 422),
                bad("A token without a name", "POST", "/api/v1/me/tokens", "{}", 400),
                bad("A token that expires in zero days", "POST", "/api/v1/me/tokens",
                        "{\"name\":\"t\",\"expiresInDays\":0}", 400),
                bad("A token that expires in over ten years", "POST", "/api/v1/me/tokens",
                        "{\"name\":\"t\",\"expiresInDays\":5000}", 400),
                bad("A token with a control character in its name", "POST", "/api/v1/me/tokens",
                        "{\"name\":\"t\\u0007\"}", 400),
                bad("Revoking an unknown token", "DELETE", "/api/v1/me/tokens/nope", null, 404),
                new Bad("Signing in without a password", "POST", "/api/v1/session", "{\"name\":\"alice\"}", null, 400),
                new Bad("Signing in with a body that is not JSON", "POST", "/api/v1/session", "alice", null, 400),
                new Bad("Signing in with a name over 64 characters", "POST", "/api/v1/session",
                        "{\"name\":\"" + longName + "\",\"password\":\"x\"}", null, 400),
                bad("Reconnecting an unknown target", "POST", "/api/v1/targets/nope/reconnect", "", 404),
                new Bad("Reconnecting a target of another customer", "POST", "/api/v1/targets/" + target + "/reconnect",
                        "", as("bob"), 404),
                new Bad("Fetching the connect command without the secret", "GET",
                        "/api/agent/v1/connect?targetId=" + target, null, null, 400),
                new Bad("Fetching the connect command with an oversized id", "GET",
                        "/api/agent/v1/connect?targetId=" + longName + "&targetSecret=x", null, null, 400),
                bad("The audit trail from a date that is not RFC 3339", "GET", "/api/v1/audit?from=yesterday", null, 400),
                bad("The audit trail with limit 0", "GET", "/api/v1/audit?limit=0", null, 400),
                bad("The audit trail with a made-up cursor", "GET", "/api/v1/audit?cursor=abc", null, 400),
                bad("The audit trail of a blank target", "GET", "/api/v1/audit?target=", null, 400));
    }

    @ParameterizedTest(name = "{0} is refused and writes nothing")
    @MethodSource("cases")
    void badInputIsAProblemAndWritesNothing(Bad bad) {
        String before = state();
        HttpRequest.Builder request = vigil.request(bad.path());
        switch (bad.method()) {
            case "GET" -> request.GET();
            case "DELETE" -> request.DELETE();
            default -> request.method(bad.method(), VigilInstance.body(bad.body()))
                    .header("Content-Type", "application/json");
        }
        Answer answer = vigil.send(request, bad.authorization());
        assertThat(answer.status()).as(answer.body()).isEqualTo(bad.status());
        assertThat(answer.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.json().get("detail").asText()).isNotBlank();
        assertThat(state()).as("nothing written").isEqualTo(before);
    }

    @Test
    void aRetriedReconnectWithTheSameKeyRotatesOnce() {
        String path = "/api/v1/targets/" + tenants.vendor.targetId() + "/reconnect";
        HttpRequest.Builder first = vigil.request(path).POST(VigilInstance.body("")).header("Idempotency-Key", "r-1");
        Answer rotated = vigil.send(first, admin());
        assertThat(rotated.status()).isEqualTo(200);
        String events = state();
        Answer again = vigil.send(vigil.request(path).POST(VigilInstance.body("")).header("Idempotency-Key", "r-1"),
                admin());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(again.json().get("secretGeneration").asLong())
                .isEqualTo(rotated.json().get("secretGeneration").asLong());
        assertThat(again.json().get("targetSecret").isNull()).as("the secret is shown once").isTrue();
        assertThat(state()).isEqualTo(events);
        assertThat(new ScriptedAgent(vigil, tenants.vendor.targetId(), rotated.json().get("targetSecret").asText())
                .login().status()).as("the first answer's secret is the valid one").isEqualTo(200);
    }

    /** Counts of everything a request could write. */
    private static String state() {
        MongoTemplate mongo = vigil.bean(MongoTemplate.class);
        StringBuilder counts = new StringBuilder();
        for (String collection : List.of("users", "organisations", "access_tokens", "sessions", "scope_targets")) {
            counts.append(collection).append('=').append(mongo.getCollection(collection).countDocuments()).append(' ');
        }
        return counts.append("events=").append(vigil.bean(JdbcTemplate.class)
                .queryForObject("select count(*) from DomainEventEntry", Long.class)).toString();
    }
}
