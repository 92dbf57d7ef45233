package io.vigil.ui;

import static io.vigil.ui.Tenants.admin;
import static io.vigil.ui.Tenants.as;
import static io.vigil.ui.VigilInstance.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.testing.MovableClock;
import io.vigil.ui.VigilInstance.Answer;

/**
 * The Customer Portal (issue 5): customers see and act on only their organisation's targets, vendor
 * read-only users see everything and change nothing; personal access tokens and web sessions sign people
 * in and die when revoked, expired or signed out; the audit trail is scoped the same way.
 */
class CustomerPortalTest {

    @TempDir
    static Path dataDir;

    static final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
    static VigilInstance vigil;
    static Tenants tenants;

    @BeforeAll
    static void start() {
        vigil = VigilInstance.start(dataDir, clock);
        tenants = new Tenants(vigil);
    }

    @AfterAll
    static void stop() {
        vigil.close();
    }

    @Test
    void customersListAndReadOnlyTheirOwnTargetsAndVendorUsersSeeAll() {
        assertThat(targetIds(as("alice"))).containsExactly(tenants.a.targetId());
        assertThat(targetIds(as("arnold"))).containsExactly(tenants.a.targetId());
        assertThat(targetIds(as("bob"))).as("assigned after registration").containsExactly(tenants.b.targetId());
        assertThat(targetIds(as("vera"))).containsExactlyInAnyOrder(tenants.vendor.targetId(), tenants.a.targetId(),
                tenants.b.targetId());

        Answer own = tenants.get("/api/v1/targets/" + tenants.a.targetId(), as("alice"));
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("organisationId").asText()).isEqualTo(tenants.orgA);
        Answer foreign = tenants.get("/api/v1/targets/" + tenants.b.targetId(), as("alice"));
        assertThat(foreign.status()).as("another customer's target is answered like a missing one").isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(tenants.get("/api/v1/targets/no-such-target", as("alice")).body()
                .replace("no-such-target", tenants.b.targetId()));
        assertThat(tenants.get("/api/v1/targets/" + tenants.vendor.targetId(), as("bob")).status()).isEqualTo(404);
        assertThat(tenants.get("/api/v1/deployments/" + tenants.b.deploymentId() + "/status-history", as("alice"))
                .status()).isEqualTo(404);
        assertThat(tenants.get("/api/v1/deployments/" + tenants.a.deploymentId() + "/status-history", as("alice"))
                .status()).isEqualTo(200);
        assertThat(ids(tenants.get("/api/v1/organisations", as("alice")))).containsExactly(tenants.orgA);
        assertThat(tenants.get("/api/v1/users", as("bob")).json().get("items").findValuesAsText("name"))
                .containsExactly("bob");
    }

    @Test
    void customerAdminsReconnectTheirOwnTargetsOnlyAndReadOnlyUsersChangeNothing() {
        String a = tenants.a.targetId();
        assertThat(tenants.post("/api/v1/targets/" + a + "/reconnect", "", as("arnold")).status()).isEqualTo(403);
        assertThat(tenants.post("/api/v1/targets/" + a + "/reconnect", "", as("vera")).status()).isEqualTo(403);
        assertThat(tenants.post("/api/v1/targets/" + a + "/reconnect", "", as("bob")).status()).isEqualTo(404);
        Answer own = tenants.post("/api/v1/targets/" + a + "/reconnect", "", as("alice"));
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().get("targetSecret").asText()).startsWith("vgs_");
        assertThat(tenants.post("/api/v1/targets", "{\"name\":\"x\",\"type\":\"DOCKER\"}", as("alice")).status())
                .isEqualTo(403);
        assertThat(tenants.post("/api/v1/targets", "{\"name\":\"x\",\"type\":\"DOCKER\"}", as("vera")).status())
                .isEqualTo(403);
        assertThat(tenants.post("/api/v1/users", "{}", as("alice")).status()).isEqualTo(403);

        await("alice's rotation is in her organisation's audit trail", () -> tenants.get("/api/v1/audit", as("alice"))
                .json().get("items").findValuesAsText("action").contains("TargetSecretRotated"));
        JsonNode trail = tenants.get("/api/v1/audit", as("alice")).json().get("items");
        assertThat(trail.findValuesAsText("organisationId")).containsOnly(tenants.orgA);
        assertThat(trail.toString()).doesNotContain(tenants.b.targetId()).doesNotContain(tenants.vendor.targetId());
        assertThat(tenants.get("/api/v1/audit", as("bob")).body()).doesNotContain(a);
        assertThat(tenants.get("/api/v1/audit?target=" + a, as("bob")).status()).isEqualTo(404);
        JsonNode byAlice = tenants.get("/api/v1/audit?actor=alice", admin()).json().get("items");
        assertThat(byAlice.findValuesAsText("action")).contains("TargetSecretRotated");
        assertThat(byAlice.findValuesAsText("actor")).containsOnly("alice");
    }

    @Test
    void theAuditTrailPagesWithACursorAndRefusesAForeignOne() {
        // other tests' actions may still be on their way into the trail: wait until two reads agree
        String[] previous = {""};
        await("the audit trail has settled", () -> {
            String now = tenants.get("/api/v1/audit?limit=1000", admin()).body();
            boolean settled = now.equals(previous[0]) && now.contains("OrganisationCreated");
            previous[0] = now;
            sleep(300);
            return settled;
        });
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = tenants.get("/api/v1/audit?limit=5" + (cursor == null ? "" : "&cursor=" + cursor), admin())
                    .json();
            page.get("items").forEach(item -> seen.add(item.toString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null && seen.size() < 1000);
        JsonNode all = tenants.get("/api/v1/audit?limit=1000", admin()).json().get("items");
        List<String> whole = new ArrayList<>();
        all.forEach(item -> whole.add(item.toString()));
        assertThat(seen).isEqualTo(whole);
        assertThat(whole.get(whole.size() - 1)).contains("OrganisationCreated");

        String targetCursor = tenants.get("/api/v1/audit?limit=1&target=" + tenants.a.targetId(), admin()).json()
                .get("nextCursor").asText();
        assertThat(tenants.get("/api/v1/audit?cursor=" + targetCursor, admin()).status())
                .as("a cursor of another listing").isEqualTo(400);
        assertThat(tenants.get("/api/v1/audit?from=yesterday", admin()).status()).isEqualTo(400);
        assertThat(tenants.get("/api/v1/audit?to=2026-03-01T09:00:00Z", admin()).json().get("items").size())
                .as("nothing happened before the clock's start").isZero();
    }

    @Test
    void personalAccessTokensAreShownOnceStoredHashedAndDieWhenRevokedOrExpired() {
        Answer created = tenants.post("/api/v1/me/tokens", "{\"name\":\"ci\",\"expiresInDays\":1}", as("alice"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = created.json().get("token").asText();
        String id = created.json().get("id").asText();
        assertThat(token).startsWith("vgp_");
        String bearer = "Bearer " + token;

        assertThat(targetIds(bearer)).containsExactly(tenants.a.targetId());
        assertThat(tenants.get("/api/v1/me", bearer).json().get("name").asText()).isEqualTo("alice");
        Answer listed = tenants.get("/api/v1/me/tokens", bearer);
        assertThat(listed.json().get("items").findValuesAsText("id")).contains(id);
        assertThat(listed.body()).doesNotContain(token);
        assertThat(dump("access_tokens") + dump("users")).doesNotContain(token);

        String tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertThat(tenants.get("/api/v1/targets", "Bearer " + tampered).status()).isEqualTo(401);
        assertThat(vigil.send(vigil.request("/api/v1/me/tokens/" + id).DELETE(), as("bob")).status())
                .as("nobody revokes another person's token").isEqualTo(404);
        assertThat(vigil.send(vigil.request("/api/v1/me/tokens/" + id).DELETE(), bearer).status()).isEqualTo(204);
        assertThat(tenants.get("/api/v1/targets", bearer).status()).as("revoked").isEqualTo(401);

        String expiring = "Bearer " + tenants.post("/api/v1/me/tokens", "{\"name\":\"short\",\"expiresInDays\":1}",
                as("arnold")).json().get("token").asText();
        assertThat(tenants.get("/api/v1/targets", expiring).status()).isEqualTo(200);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(tenants.get("/api/v1/targets", expiring).status()).as("expired").isEqualTo(401);
    }

    @Test
    void webSessionsUseAnHttpOnlySecureCookieAndChangesNeedTheCsrfToken() {
        Answer wrong = vigil.send(vigil.request("/api/v1/session").POST(VigilInstance.body(
                "{\"name\":\"alice\",\"password\":\"not-hers-at-all\"}")).header("Content-Type", "application/json"), null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.raw().headers().firstValue("Set-Cookie")).isEmpty();

        Answer signed = vigil.send(vigil.request("/api/v1/session").POST(VigilInstance.body(
                "{\"name\":\"alice\",\"password\":\"" + Tenants.PASSWORD + "\"}")).header("Content-Type",
                "application/json"), null);
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        String setCookie = signed.raw().headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("VIGIL_SESSION=").contains("HttpOnly", "Secure", "SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = signed.json().get("csrfToken").asText();
        assertThat(dump("sessions")).doesNotContain(cookie.substring("VIGIL_SESSION=".length())).doesNotContain(csrf);

        assertThat(ids(vigil.send(vigil.request("/api/v1/targets").GET().header("Cookie", cookie), null)))
                .containsExactly(tenants.a.targetId());
        String reconnect = "/api/v1/targets/" + tenants.a.targetId() + "/reconnect";
        assertThat(withCookie(reconnect, cookie, null).status()).as("no CSRF token").isEqualTo(403);
        assertThat(withCookie(reconnect, cookie, "forged").status()).as("wrong CSRF token").isEqualTo(403);
        assertThat(withCookie(reconnect, cookie, csrf).status()).isEqualTo(200);

        assertThat(vigil.send(vigil.request("/api/v1/session").DELETE().header("Cookie", cookie), null).status())
                .isEqualTo(204);
        assertThat(vigil.send(vigil.request("/api/v1/targets").GET().header("Cookie", cookie), null).status())
                .as("signed out").isEqualTo(401);
    }

    @Test
    void removingAUserEndsItsTokensAndSessionsAtOnce() {
        tenants.user("temp", "CUSTOMER_READ_ONLY", tenants.orgB);
        String token = "Bearer " + tenants.post("/api/v1/me/tokens", "{\"name\":\"t\"}", as("temp")).json()
                .get("token").asText();
        assertThat(tenants.get("/api/v1/targets", token).status()).isEqualTo(200);
        assertThat(vigil.send(vigil.request("/api/v1/users/temp").DELETE(), as("bob")).status()).isEqualTo(403);
        assertThat(vigil.send(vigil.request("/api/v1/users/temp").DELETE(), admin()).status()).isEqualTo(204);
        assertThat(tenants.get("/api/v1/targets", token).status()).isEqualTo(401);
        assertThat(tenants.get("/api/v1/targets", as("temp")).status()).isEqualTo(401);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer withCookie(String path, String cookie, String csrf) {
        HttpRequest.Builder request = vigil.request(path).POST(VigilInstance.body("")).header("Cookie", cookie);
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return vigil.send(request, null);
    }

    private static List<String> targetIds(String authorization) {
        return ids(tenants.get("/api/v1/targets", authorization));
    }

    private static List<String> ids(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static String dump(String collection) {
        StringBuilder all = new StringBuilder();
        vigil.bean(MongoTemplate.class).getCollection(collection).find().forEach((Document d) -> all.append(d.toJson()));
        return all.toString();
    }
}
