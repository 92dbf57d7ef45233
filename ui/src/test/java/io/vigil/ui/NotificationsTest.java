package io.vigil.ui;

import static io.vigil.ui.VigilInstance.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;

import io.vigil.testing.MovableClock;
import io.vigil.ui.MetricsAndAlertsTest.Target;
import io.vigil.ui.ScriptedAgent.Report;
import io.vigil.ui.VigilInstance.Answer;
import jakarta.mail.internet.MimeMessage;

/**
 * Alert notifications to real receivers: an SMTP server in the test (GreenMail) and webhook endpoints on the
 * JDK's HTTP server. Checks what arrives (subject, body, Slack-style text, HMAC signature), that a failed
 * delivery is retried after the backoff (the clock is moved) and finally recorded as failed, and that the
 * per-recipient hourly cap suppresses the excess, each attempt visible through the API.
 */
class NotificationsTest {

    private static final String SECRET = "webhook-signing-secret-123";

    @TempDir
    Path dataDir;

    final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
    GreenMail smtp;
    HttpServer webhooks;
    final List<Map<String, String>> flakyCalls = new CopyOnWriteArrayList<>();
    final AtomicInteger deadCalls = new AtomicInteger();

    @BeforeEach
    void receivers() throws IOException {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        webhooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhooks.createContext("/flaky", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String signature = exchange.getRequestHeaders().getFirst("X-Vigil-Signature");
            flakyCalls.add(Map.of("body", body, "signature", signature == null ? "" : signature));
            exchange.sendResponseHeaders(flakyCalls.size() == 1 ? 500 : 200, -1); // fails the first time only
            exchange.close();
        });
        webhooks.createContext("/dead", exchange -> {
            exchange.getRequestBody().readAllBytes();
            deadCalls.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        webhooks.start();
    }

    @AfterEach
    void stop() {
        webhooks.stop(0);
        smtp.stop();
    }

    @Test
    void alertsReachEmailAndSignedWebhooksWithRetriesFailuresAndAnHourlyCap() throws Exception {
        String hooks = "http://127.0.0.1:" + webhooks.getAddress().getPort();
        try (VigilInstance vigil = VigilInstance.start(dataDir, clock,
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.getSmtp().getPort(),
                "--vigil.alerts.mail-from=vigil@example.test", "--vigil.alerts.delivery-interval=50ms",
                "--vigil.alerts.retry-backoff=30s", "--vigil.alerts.max-attempts=3", "--vigil.alerts.hourly-cap=2",
                "--vigil.status.stale-after=1h")) {
            assertThat(vigil.post("/api/v1/notification-channels",
                    "{\"type\":\"EMAIL\",\"name\":\"ops\",\"to\":\"ops@example.test\"}").status()).isEqualTo(201);
            Answer flaky = vigil.post("/api/v1/notification-channels", "{\"type\":\"WEBHOOK\",\"name\":\"chat\",\"url\":\""
                    + hooks + "/flaky\",\"secret\":\"" + SECRET + "\"}");
            assertThat(flaky.status()).isEqualTo(201);
            assertThat(flaky.body()).doesNotContain(SECRET);
            assertThat(vigil.post("/api/v1/notification-channels", "{\"type\":\"WEBHOOK\",\"name\":\"gone\",\"url\":\""
                    + hooks + "/dead\"}").status()).isEqualTo(201);
            Answer listed = vigil.get("/api/v1/notification-channels");
            assertThat(listed.json()).hasSize(3);
            assertThat(listed.body()).doesNotContain(SECRET).contains("\"signed\":true");

            Target t = MetricsAndAlertsTest.register(vigil, "edge-notify");
            ScriptedAgent agent = new ScriptedAgent(vigil, t.id(), t.secret());
            agent.login();
            agent.heartbeat(new Report(t.deploymentId(), t.revisionId(), "HEALTHY", "ok"));
            agent.heartbeat(new Report(t.deploymentId(), t.revisionId(), "ERROR", "db unreachable"));

            await("the e-mail arrives", () -> smtp.getReceivedMessages().length == 1);
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(mail.getSubject()).startsWith("[Vigil] FIRING: Deployment " + t.deploymentId() + " is ERROR");
            assertThat(mail.getFrom()[0].toString()).isEqualTo("vigil@example.test");
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.test");
            assertThat(GreenMailUtil.getBody(mail)).contains("db unreachable");

            await("the flaky webhook was tried once", () -> flakyCalls.size() == 1);
            await("the dead webhook was tried once", () -> deadCalls.get() == 1);
            await("the failed attempts are recorded", () -> statuses(vigil).stream()
                    .filter(d -> d.get("attempts").size() == 1 && "PENDING".equals(d.get("status").asText())).count() == 2);

            clock.advance(Duration.ofSeconds(30));
            await("the flaky webhook is retried after the backoff", () -> flakyCalls.size() == 2);
            Map<String, String> call = flakyCalls.get(1);
            assertThat(call.get("signature")).isEqualTo("sha256=" + hmacSha256(SECRET, call.get("body")));
            JsonNode payload = new ObjectMapper().readTree(call.get("body"));
            assertThat(payload.get("text").asText()).contains("FIRING").contains("db unreachable");
            assertThat(payload.get("state").asText()).isEqualTo("FIRING");
            await("dead webhook: second attempt", () -> deadCalls.get() == 2);

            clock.advance(Duration.ofSeconds(60));
            await("dead webhook: third and last attempt", () -> deadCalls.get() == 3);
            await("the dead webhook's delivery failed, three attempts recorded", () -> statuses(vigil).stream()
                    .anyMatch(d -> "FAILED".equals(d.get("status").asText()) && d.get("attempts").size() == 3));
            List<JsonNode> all = statuses(vigil);
            assertThat(all).extracting(d -> d.get("status").asText())
                    .containsExactlyInAnyOrder("DELIVERED", "DELIVERED", "FAILED");
            JsonNode flakyDelivery = all.stream().filter(d -> d.get("recipient").asText().endsWith("/flaky"))
                    .findFirst().orElseThrow();
            assertThat(flakyDelivery.get("attempts")).hasSize(2);
            assertThat(flakyDelivery.get("attempts").get(0).get("detail").asText()).isEqualTo("HTTP 500");
            assertThat(deadCalls.get()).as("no attempt after the last").isEqualTo(3);

            // recover and fail again in the same hour: the third e-mail to the same recipient is over the cap of 2
            agent.heartbeat(new Report(t.deploymentId(), t.revisionId(), "RUNNING", "1 running"));
            agent.heartbeat(new Report(t.deploymentId(), t.revisionId(), "ERROR", "db unreachable again"));
            await("the resolve e-mail arrives", () -> smtp.getReceivedMessages().length == 2);
            assertThat(smtp.getReceivedMessages()[1].getSubject()).startsWith("[Vigil] RESOLVED:");
            await("the third e-mail is suppressed by the hourly cap", () -> statuses(vigil).stream()
                    .anyMatch(d -> "SUPPRESSED".equals(d.get("status").asText())
                            && d.get("recipient").asText().equals("ops@example.test")));
            assertThat(smtp.getReceivedMessages()).hasSize(2);
        }
    }

    private static List<JsonNode> statuses(VigilInstance vigil) {
        List<JsonNode> out = new java.util.ArrayList<>();
        vigil.get("/api/v1/notification-deliveries").json().forEach(out::add);
        return out;
    }

    private static String hmacSha256(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
