package io.vigil.ui;

import static io.vigil.ui.ScriptedAgent.disk;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.vigil.testing.MovableClock;
import io.vigil.ui.MetricsAndAlertsTest.Target;
import io.vigil.ui.VigilInstance.Answer;

/**
 * Bad input to the metrics, alert and notification endpoints: each gets a 4xx problem document that names
 * the problem, never a 500, and nothing is written.
 */
class MetricsBadInputTest {

    @TempDir
    static Path dataDir;

    static final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
    static VigilInstance vigil;
    static Target target;
    static ScriptedAgent agent;

    @BeforeAll
    static void start() {
        vigil = VigilInstance.start(dataDir, clock);
        target = MetricsAndAlertsTest.register(vigil, "edge-bad");
        agent = new ScriptedAgent(vigil, target.id(), target.secret());
        agent.login();
        assertThat(MetricsAndAlertsTest.patch(vigil, "/api/v1/targets/" + target.id(), "{\"metricsEnabled\":true}")
                .status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        vigil.close();
    }

    static Map<String, Object> sample() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("collectedAt", clock.instant().toString());
        s.put("cpuCores", 4);
        s.put("cpuUsage", 0.5);
        s.put("memoryBytes", 1L << 33);
        s.put("memoryUsage", 0.5);
        s.put("disks", List.of(disk("/dev/vda1", "/", 50)));
        return s;
    }

    static void refused(Answer answer, int status, String detail) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.raw().headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        if (detail != null) {
            assertThat(answer.json().get("detail").asText()).contains(detail);
        }
    }

    void sampleRefused(Map<String, Object> sample, String detail) {
        refused(agent.send("/api/agent/v1/metrics", VigilInstance.json(sample)), 400, detail);
        assertThat(vigil.bean(MongoTemplate.class).getCollection("metric_raw").countDocuments()).isZero();
        assertThat(vigil.bean(MongoTemplate.class).getCollection("metric_rollup").countDocuments()).isZero();
    }

    @Test
    void badSamplesAreRefusedWithTheirProblemNamed() {
        Map<String, Object> s = sample();
        s.put("memoryBytes", -1);
        sampleRefused(s, "memoryBytes");
        Map<String, Object> negativeDisk = new LinkedHashMap<>(disk("/dev/vda1", "/", 50));
        negativeDisk.put("usedBytes", -5);
        s = sample();
        s.put("disks", List.of(negativeDisk));
        sampleRefused(s, "disks[0].usedBytes");
        s = sample();
        s.put("cpuUsage", 1.5);
        sampleRefused(s, "cpuUsage must be a fraction between 0 and 1");
        s = sample();
        s.put("memoryUsage", "NaN");
        sampleRefused(s, "memoryUsage");
        s = sample();
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(disk("/dev/d" + i, "/m" + i, 10));
        }
        s.put("disks", many);
        sampleRefused(s, "at most 256 disks");
        s = sample();
        s.remove("collectedAt");
        sampleRefused(s, "collectedAt is required");
        s = sample();
        s.put("collectedAt", clock.instant().plusSeconds(3600).toString());
        sampleRefused(s, "in the future");
        s = sample();
        s.put("disks", List.of(disk("/dev/vda1", "/", 50), disk("/dev/vda1", "/data", 50)));
        sampleRefused(s, "reported twice");
        Map<String, Object> overfull = new LinkedHashMap<>(disk("/dev/vda1", "/", 50));
        overfull.put("usedBytes", 200_000_000_000L);
        s = sample();
        s.put("disks", List.of(overfull));
        sampleRefused(s, "exceeds totalBytes");
        s = sample();
        s.put("cpuTemperature", 40);
        sampleRefused(s, null);
        refused(agent.send("/api/agent/v1/metrics", "{\"collectedAt\":\"2026-03-01T10:00:00Z\",\"cpuUsage\":NaN}"),
                400, null);
        assertThat(vigil.send(vigil.request("/api/agent/v1/metrics").POST(VigilInstance.body(VigilInstance.json(sample())))
                .header("Content-Type", "application/json"), null).status()).isEqualTo(401);
        assertThat(vigil.bean(MongoTemplate.class).getCollection("metric_raw").countDocuments()).isZero();
    }

    @Test
    void badSettingsAreRefusedAndChangeNothing() {
        String path = "/api/v1/targets/" + target.id();
        refused(MetricsAndAlertsTest.patch(vigil, path, "{\"metricsEnabled\":\"yes\"}"), 400, "metricsEnabled");
        refused(MetricsAndAlertsTest.patch(vigil, path, "{\"diskAlertThresholdPercent\":150}"), 400,
                "diskAlertThresholdPercent");
        refused(MetricsAndAlertsTest.patch(vigil, path, "{\"alertForSeconds\":-1}"), 400, "alertForSeconds");
        refused(MetricsAndAlertsTest.patch(vigil, path, "{\"diskThreshold\":80}"), 400, "unknown field");
        refused(MetricsAndAlertsTest.patch(vigil, path, "[1]"), 400, null);
        refused(MetricsAndAlertsTest.patch(vigil, "/api/v1/targets/nope", "{\"metricsEnabled\":true}"), 404, null);
        Answer anonymous = vigil.send(vigil.request(path).method("PATCH", VigilInstance.body("{\"metricsEnabled\":false}"))
                .header("Content-Type", "application/json"), null);
        assertThat(anonymous.status()).isEqualTo(401);
        refused(vigil.send(vigil.request("/api/v1/alert-rules").PUT(VigilInstance.body("{\"cpuThresholdPercent\":80}"))
                .header("Content-Type", "application/json"), VigilInstance.basic("admin", VigilInstance.ADMIN_PASSWORD)),
                400, "diskThresholdPercent is required");
        assertThat(vigil.get(path).json().get("metricsEnabled").asBoolean()).as("still on").isTrue();

        refused(vigil.post("/api/v1/notification-channels", "{\"type\":\"EMAIL\",\"name\":\"x\",\"to\":\"not-an-address\"}"),
                400, "e-mail address");
        refused(vigil.post("/api/v1/notification-channels", "{\"type\":\"WEBHOOK\",\"name\":\"x\",\"url\":\"ftp://h/x\"}"),
                400, "http or https");
        refused(vigil.post("/api/v1/notification-channels",
                "{\"type\":\"WEBHOOK\",\"name\":\"x\",\"url\":\"http://127.0.0.1/x\",\"secret\":\"short\"}"), 400, "secret");
        refused(vigil.post("/api/v1/notification-channels", "{\"type\":\"PIGEON\",\"name\":\"x\"}"), 400, null);
        assertThat(vigil.get("/api/v1/notification-channels").json()).isEmpty();
    }

    @Test
    void aRetriedChannelCreateWritesOnce() {
        String body = "{\"type\":\"EMAIL\",\"name\":\"retry\",\"to\":\"ops@example.test\"}";
        Answer first = vigil.send(vigil.request("/api/v1/notification-channels").POST(VigilInstance.body(body))
                .header("Content-Type", "application/json").header("Idempotency-Key", "channel-1"),
                VigilInstance.basic("admin", VigilInstance.ADMIN_PASSWORD));
        Answer again = vigil.send(vigil.request("/api/v1/notification-channels").POST(VigilInstance.body(body))
                .header("Content-Type", "application/json").header("Idempotency-Key", "channel-1"),
                VigilInstance.basic("admin", VigilInstance.ADMIN_PASSWORD));
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        long count = 0;
        for (var c : vigil.get("/api/v1/notification-channels").json()) {
            count += "retry".equals(c.get("name").asText()) ? 1 : 0;
        }
        assertThat(count).isEqualTo(1);
        assertThat(vigil.send(vigil.request("/api/v1/notification-channels/" + first.json().get("id").asText()).DELETE(),
                VigilInstance.basic("admin", VigilInstance.ADMIN_PASSWORD)).status()).isEqualTo(204);
    }

    @Test
    void badQueriesAreRefused() {
        String metrics = "/api/v1/targets/" + target.id() + "/metrics";
        refused(vigil.get(metrics + "?from=2026-03-01T10:00:00Z&to=2026-03-01T09:00:00Z"), 400, "before");
        refused(vigil.get(metrics + "?from=yesterday"), 400, "RFC 3339");
        refused(vigil.get(metrics + "?step=often"), 400, "step");
        refused(vigil.get(metrics + "?step=-5m"), 400, "step");
        refused(vigil.get(metrics + "?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"), 400, "400 days");
        refused(vigil.get("/api/v1/targets/nope/metrics"), 404, null);
        refused(vigil.get("/api/v1/targets/nope/metrics/latest"), 404, null);
        refused(vigil.get("/api/v1/alerts?state=sleeping"), 400, "state");
        refused(vigil.get("/api/v1/alerts?limit=0"), 400, "limit");
        refused(vigil.get("/api/v1/alerts?cursor=garbage"), 400, null);
    }
}
