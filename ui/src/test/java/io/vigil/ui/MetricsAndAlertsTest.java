package io.vigil.ui;

import static io.vigil.ui.ScriptedAgent.disk;
import static io.vigil.ui.VigilInstance.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.bson.Document;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import io.vigil.command.agent.AgentDirectory;
import io.vigil.command.agent.AgentDirectoryBackfill;
import io.vigil.command.metrics.MetricsRetention;
import io.vigil.command.metrics.RollupBuffer;
import io.vigil.command.metrics.RollupCompaction;
import io.vigil.testing.MovableClock;
import io.vigil.ui.ScriptedAgent.Report;
import io.vigil.ui.VigilInstance.Answer;

/**
 * Metrics end to end over HTTP: the switch reaches the agent through the heartbeat answer, samples are
 * stored once and served as latest and as series from raw samples or roll-ups, retention deletes old raw
 * samples, and threshold and deployment alerts fire and resolve as the rules say (the clock is moved, never
 * waited for).
 */
class MetricsAndAlertsTest {

    @TempDir
    Path dataDir;

    final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));

    record Target(String id, String secret, String deploymentId, String revisionId) {}

    static Target register(VigilInstance vigil, String name) {
        Answer created = vigil.post("/api/v1/targets", "{\"name\":\"" + name + "\",\"type\":\"DOCKER\"}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        Answer deployment = vigil.post("/api/v1/targets/" + id + "/deployments",
                "{\"application\":\"shop\",\"version\":\"1.0\"}");
        assertThat(deployment.status()).isEqualTo(201);
        return new Target(id, created.json().get("targetSecret").asText(), deployment.json().get("id").asText(),
                deployment.json().get("revisionId").asText());
    }

    static Answer patch(VigilInstance vigil, String path, String json) {
        return vigil.send(vigil.request(path).method("PATCH", VigilInstance.body(json))
                .header("Content-Type", "application/json"), VigilInstance.basic("admin", VigilInstance.ADMIN_PASSWORD));
    }

    static List<Map<String, Object>> rootDisk(double usedPercent) {
        return List.of(disk("/dev/vda1", "/", usedPercent));
    }

    static JsonNode alerts(VigilInstance vigil, String query) {
        return vigil.get("/api/v1/alerts?" + query).json().get("items");
    }

    @Test
    void theSwitchReachesTheAgentAndSamplesAreStoredOnceAndServed() {
        try (VigilInstance vigil = VigilInstance.start(dataDir, clock)) {
            Target t = register(vigil, "edge-metrics");
            ScriptedAgent agent = new ScriptedAgent(vigil, t.id(), t.secret());
            agent.login();
            Report healthy = new Report(t.deploymentId(), t.revisionId(), "HEALTHY", "ok");
            assertThat(agent.heartbeat(healthy).json().get("metricsEnabled").asBoolean()).isFalse();
            Answer refused = agent.metrics(clock.instant(), 0.2, 0.3, rootDisk(50));
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.json().get("detail").asText()).contains("switched off");

            Answer on = patch(vigil, "/api/v1/targets/" + t.id(), "{\"metricsEnabled\":true}");
            assertThat(on.status()).as(on.body()).isEqualTo(200);
            JsonNode answer = agent.heartbeat(healthy).json();
            assertThat(answer.get("metricsEnabled").asBoolean()).isTrue();
            assertThat(answer.get("metricsIntervalSeconds").asInt()).isEqualTo(30);
            await("the target view shows metrics on",
                    () -> vigil.get("/api/v1/targets/" + t.id()).json().get("metricsEnabled").asBoolean());

            Instant first = clock.instant();
            Answer stored = agent.metrics(first, 0.25, 0.5, rootDisk(40));
            assertThat(stored.status()).as(stored.body()).isEqualTo(202);
            assertThat(stored.json().get("accepted").asInt()).isEqualTo(1);
            Answer again = agent.metrics(first, 0.25, 0.5, rootDisk(40));
            assertThat(again.status()).isEqualTo(202);
            assertThat(again.json().get("accepted").asInt()).as("a repeated sample is stored once").isZero();
            // retries racing each other: exactly one of them is stored (and counted)
            Instant raced = first.minus(Duration.ofMinutes(5));
            List<java.util.concurrent.CompletableFuture<Answer>> racing = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                racing.add(java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> agent.metrics(raced, 0.1, 0.5, rootDisk(30))));
            }
            assertThat(racing.stream().map(java.util.concurrent.CompletableFuture::join)
                    .mapToInt(a -> a.json().get("accepted").asInt()).sum()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.75, 0.5, rootDisk(42));

            JsonNode latest = vigil.get("/api/v1/targets/" + t.id() + "/metrics/latest").json();
            assertThat(latest.get("collectedAt").asText()).isEqualTo(clock.instant().toString());
            assertThat(latest.get("cpuUsagePercent").asDouble()).isEqualTo(75.0);
            assertThat(latest.get("disks").get(0).get("usedPercent").asDouble()).isEqualTo(42.0);

            JsonNode series = vigil.get("/api/v1/targets/" + t.id() + "/metrics?from=" + first.minusSeconds(60)
                    + "&to=" + clock.instant().plusSeconds(30)).json();
            assertThat(series.get("source").asText()).isEqualTo("raw");
            assertThat(series.get("cpu")).hasSize(2);
            assertThat(series.get("cpu").get(0).get("avg").asDouble()).isEqualTo(25.0);
            assertThat(series.get("cpu").get(0).get("samples").asInt()).as("the duplicate counted once").isEqualTo(1);
            assertThat(series.get("disks").get(0).get("device").asText()).isEqualTo("/dev/vda1");

            Answer off = patch(vigil, "/api/v1/targets/" + t.id(), "{\"metricsEnabled\":false}");
            assertThat(off.status()).isEqualTo(200);
            assertThat(agent.heartbeat(healthy).json().get("metricsEnabled").asBoolean()).isFalse();
            assertThat(agent.metrics(clock.instant().plusSeconds(30), 0.1, 0.1, rootDisk(1)).status()).isEqualTo(409);
        }
    }

    @Test
    void seriesUseRollupsBeyondTheRawRetentionAndRawSamplesWithinIt() {
        // the agent token lives long here because the clock jumps 8 days
        try (VigilInstance vigil = VigilInstance.start(dataDir, clock, "--vigil.agent.token-ttl=30d")) {
            Target t = register(vigil, "edge-history");
            ScriptedAgent agent = new ScriptedAgent(vigil, t.id(), t.secret());
            agent.login();
            patch(vigil, "/api/v1/targets/" + t.id(), "{\"metricsEnabled\":true}");
            Instant start = clock.instant();
            // 8 days, two samples every 2 hours (at :00 and :00:30): CPU alternates 20 % and 40 %
            for (int i = 0; i < 8 * 12; i++) {
                clock.set(start.plus(Duration.ofHours(2L * i)));
                assertThat(agent.metrics(clock.instant(), 0.2, 0.5, rootDisk(10)).status()).isEqualTo(202);
                clock.advance(Duration.ofSeconds(30));
                assertThat(agent.metrics(clock.instant(), 0.4, 0.5, rootDisk(20)).status()).isEqualTo(202);
            }
            Instant now = clock.instant();
            vigil.bean(RollupBuffer.class).flush(); // roll-ups are written behind (every 5 min by default)
            vigil.bean(MetricsRetention.class).sweep();

            // the first day is older than the raw retention: its raw samples are gone, its roll-ups remain
            String firstHour = "from=" + start + "&to=" + start.plus(Duration.ofHours(1));
            JsonNode old = vigil.get("/api/v1/targets/" + t.id() + "/metrics?" + firstHour + "&step=30s").json();
            assertThat(old.get("source").asText()).isEqualTo("rollup");
            assertThat(old.get("step").asText()).isEqualTo("PT5M");
            assertThat(old.get("cpu")).hasSize(1);
            assertThat(old.get("cpu").get(0).get("samples").asInt()).isEqualTo(2);
            assertThat(old.get("cpu").get(0).get("avg").asDouble()).isEqualTo(30.0);
            assertThat(old.get("cpu").get(0).get("max").asDouble()).isEqualTo(40.0);
            assertThat(old.get("disks").get(0).get("points").get(0).get("max").asDouble()).isEqualTo(20.0);

            // the whole 8 days: roll-ups, at most 1,000 points, spanning both sides of the retention boundary
            JsonNode all = vigil.get("/api/v1/targets/" + t.id() + "/metrics?from=" + start + "&to=" + now).json();
            assertThat(all.get("source").asText()).isEqualTo("rollup");
            assertThat(all.get("cpu").size()).isLessThanOrEqualTo(1000);
            int total = 0;
            for (JsonNode p : all.get("cpu")) {
                total += p.get("samples").asInt();
            }
            assertThat(total).as("every sample of 8 days is in the roll-ups").isEqualTo(8 * 12 * 2);

            // packing the closed days changes nothing in the answer, nor do late samples for a packed day
            String allDays = "/api/v1/targets/" + t.id() + "/metrics?from=" + start + "&to=" + now;
            String nested = vigil.get(allDays).body();
            assertThat(vigil.bean(RollupCompaction.class).compactClosedDays()).as("8 closed days").isEqualTo(8);
            assertThat(vigil.bean(RollupCompaction.class).compactClosedDays()).isZero();
            assertThat(vigil.get(allDays).body()).isEqualTo(nested);
            Instant late = now.minus(Duration.ofDays(1)).plusSeconds(15); // within the raw retention, day closed
            assertThat(agent.metrics(late, 0.3, 0.5, rootDisk(15)).status()).isEqualTo(202);
            vigil.bean(RollupBuffer.class).flush();
            JsonNode withLate = vigil.get(allDays).json();
            int totalWithLate = 0;
            for (JsonNode p : withLate.get("cpu")) {
                totalWithLate += p.get("samples").asInt();
            }
            assertThat(totalWithLate).as("the late sample is merged on read").isEqualTo(total + 1);
            assertThat(vigil.bean(RollupCompaction.class).compactClosedDays()).isEqualTo(1);
            assertThat(vigil.get(allDays).json()).isEqualTo(withLate);

            // the last hour: raw samples at their own resolution
            JsonNode recent = vigil.get("/api/v1/targets/" + t.id() + "/metrics?from=" + now.minus(Duration.ofHours(3))
                    + "&to=" + now.plusSeconds(1)).json();
            assertThat(recent.get("source").asText()).isEqualTo("raw");
            assertThat(recent.get("step").asText()).isEqualTo("PT30S");
            assertThat(recent.get("cpu")).hasSize(4); // 06:00:00, 06:00:30, 08:00:00, 08:00:30 of the last day
            assertThat(recent.get("cpu").get(2).get("avg").asDouble()).isEqualTo(20.0);
            assertThat(recent.get("cpu").get(3).get("avg").asDouble()).isEqualTo(40.0);

            // raw data of the first day is really deleted, not just hidden
            Answer rawOld = vigil.get("/api/v1/targets/" + t.id() + "/metrics/latest");
            assertThat(rawOld.json().get("collectedAt").asText()).isEqualTo(now.toString());
            assertThat(vigil.bean(org.springframework.data.mongodb.core.MongoTemplate.class).getCollection("metric_raw")
                    .countDocuments(com.mongodb.client.model.Filters.eq("_id",
                            io.vigil.kernel.metrics.MetricKeys.rawId(t.id(),
                                    io.vigil.kernel.metrics.MetricKeys.rawBucket(start))))).isZero();

            // 91 days later everything is past both retentions and deleted
            clock.advance(Duration.ofDays(91));
            vigil.bean(MetricsRetention.class).sweep();
            MongoTemplate mongo = vigil.bean(MongoTemplate.class);
            assertThat(mongo.getCollection("metric_raw").countDocuments()).isZero();
            assertThat(mongo.getCollection("metric_rollup").countDocuments()).isZero();
        }
    }

    @Test
    void aDiskAlertFiresOnceAfterItsForDurationIgnoresHoveringAndResolvesBelowTheHysteresis() {
        try (VigilInstance vigil = VigilInstance.start(dataDir, clock)) {
            Target t = register(vigil, "edge-disk");
            ScriptedAgent agent = new ScriptedAgent(vigil, t.id(), t.secret());
            agent.login();
            patch(vigil, "/api/v1/targets/" + t.id(), "{\"metricsEnabled\":true}");

            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(91));
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(92));
            assertThat(alerts(vigil, "targetId=" + t.id())).as("30 s above 90 % is within the 1 min for").isEmpty();
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(85)); // back under: the wait starts over
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(91));
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(91));
            assertThat(alerts(vigil, "targetId=" + t.id())).isEmpty();
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(91.5));
            await("the disk alert fires", () -> alerts(vigil, "targetId=" + t.id() + "&state=open").size() == 1);
            JsonNode alert = alerts(vigil, "targetId=" + t.id()).get(0);
            assertThat(alert.get("metric").asText()).isEqualTo("DISK");
            assertThat(alert.get("device").asText()).isEqualTo("/dev/vda1");
            assertThat(alert.get("mountPath").asText()).isEqualTo("/");
            assertThat(alert.get("value").asDouble()).isEqualTo(91.5);
            assertThat(alert.get("threshold").asDouble()).isEqualTo(90.0);
            assertThat(alert.get("firedAt").asText()).isEqualTo(clock.instant().toString());

            for (double hover : new double[] {89, 87, 91, 86, 90.5, 85.5}) {
                clock.advance(Duration.ofSeconds(30));
                agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(hover));
            }
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(84));
            await("the disk alert resolves", () -> alerts(vigil, "targetId=" + t.id() + "&state=resolved").size() == 1);
            JsonNode all = alerts(vigil, "targetId=" + t.id());
            assertThat(all).as("hovering between 85 and 90 % never fired again").hasSize(1);
            assertThat(all.get(0).get("resolvedAt").asText()).isEqualTo(clock.instant().toString());
            assertThat(all.get(0).get("resolvedValue").asDouble()).isEqualTo(84.0);
            assertThat(alerts(vigil, "state=open")).isEmpty();

            // the alert history is events: a rebuilt view is the same
            String before = vigil.get("/api/v1/alerts?targetId=" + t.id()).body();
            assertThat(vigil.post("/api/v1/admin/projections/alerts/replay", "").status()).isEqualTo(202);
            await("the alerts projection has replayed",
                    () -> vigil.get("/api/v1/admin/projections/alerts").json().get("upToDate").asBoolean());
            assertThat(vigil.get("/api/v1/alerts?targetId=" + t.id()).body()).as("rebuilt alerts view").isEqualTo(before);
        }
    }

    @Test
    void targetRulesOverrideTheOrganisationDefaultAndCpuAlertsAreOptional() {
        try (VigilInstance vigil = VigilInstance.start(dataDir, clock)) {
            Target t = register(vigil, "edge-cpu");
            ScriptedAgent agent = new ScriptedAgent(vigil, t.id(), t.secret());
            agent.login();
            Answer rules = patch(vigil, "/api/v1/targets/" + t.id(),
                    "{\"metricsEnabled\":true,\"cpuAlertThresholdPercent\":80,\"alertForSeconds\":0}");
            assertThat(rules.status()).as(rules.body()).isEqualTo(200);
            assertThat(rules.json().get("effectiveAlertRules").get("diskThresholdPercent").asDouble()).isEqualTo(90.0);
            Answer defaults = vigil.send(vigil.request("/api/v1/alert-rules")
                    .PUT(VigilInstance.body("{\"diskThresholdPercent\":95}")).header("Content-Type", "application/json"),
                    VigilInstance.basic("admin", VigilInstance.ADMIN_PASSWORD));
            assertThat(defaults.status()).as(defaults.body()).isEqualTo(200);
            assertThat(vigil.get("/api/v1/alert-rules").json().get("diskThresholdPercent").asDouble()).isEqualTo(95.0);
            JsonNode own = vigil.get("/api/v1/targets/" + t.id() + "/alert-rules").json();
            assertThat(own.get("alertRules").get("cpuThresholdPercent").asDouble()).isEqualTo(80.0);
            assertThat(own.get("alertRules").get("diskThresholdPercent").isNull()).isTrue();

            agent.metrics(clock.instant(), 0.85, 0.1, rootDisk(93));
            await("the CPU alert fires at once (for = 0)", () -> alerts(vigil, "state=open").size() == 1);
            assertThat(alerts(vigil, "state=open").get(0).get("metric").asText())
                    .as("93 % is under the new organisation default of 95 %").isEqualTo("CPU");

            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.85, 0.1, List.of(disk("/dev/vda1", "/", 96), disk("/dev/sdb", "/data", 10)));
            await("the disk alert fires too", () -> alerts(vigil, "state=open").size() == 2);
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.85, 0.1, List.of(disk("/dev/sdb", "/data", 10)));
            await("a disk no longer reported resolves its alert", () -> alerts(vigil, "state=resolved").size() == 1);
            assertThat(alerts(vigil, "state=resolved").get(0).get("resolvedMessage").asText())
                    .contains("/dev/vda1").contains("no longer reported");

            patch(vigil, "/api/v1/targets/" + t.id(), "{\"metricsEnabled\":false}");
            await("switching metrics off resolves the CPU alert", () -> alerts(vigil, "state=open").isEmpty());
        }
    }

    /**
     * A sample below every threshold of a target with nothing open or waiting is decided from the agent
     * directory's row alone: that row must follow the target's own rules, a rule change, a wait starting, an
     * alert opening and resolving, and must survive being rebuilt from the events.
     */
    @Test
    void theDirectoryRowThatLetsQuietSamplesSkipTheAlertStateFollowsRulesAndAlerts() {
        String targetId;
        String waitingId;
        String waitingSecret;
        try (VigilInstance vigil = VigilInstance.start(dataDir, clock)) {
            Target t = register(vigil, "edge-watch");
            targetId = t.id();
            ScriptedAgent agent = new ScriptedAgent(vigil, t.id(), t.secret());
            agent.login();
            AgentDirectory directory = vigil.bean(AgentDirectory.class);
            assertThat(patch(vigil, "/api/v1/targets/" + t.id(),
                    "{\"metricsEnabled\":true,\"diskAlertThresholdPercent\":70}").status()).isEqualTo(200);
            assertThat(directory.target(t.id()).alerts().rules().diskThresholdPercent()).isEqualTo(70.0);

            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(60));
            assertThat(directory.target(t.id()).alerts().watching()).as("60 % is below every threshold").isFalse();
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(75)); // above the target's own 70 %, below the default
            assertThat(directory.target(t.id()).alerts().watching()).as("a wait started").isTrue();
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(65));
            assertThat(directory.target(t.id()).alerts().watching()).as("the wait ended").isFalse();
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(75));
            clock.advance(Duration.ofSeconds(60));
            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(76));
            await("the disk alert fires at the target's own threshold", () -> alerts(vigil, "state=open").size() == 1);
            assertThat(alerts(vigil, "state=open").get(0).get("threshold").asDouble()).isEqualTo(70.0);
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(60));
            await("it resolves below 65 %", () -> alerts(vigil, "state=open").isEmpty());
            assertThat(directory.target(t.id()).alerts().watching()).isFalse();

            // a rule changed while the target is quiet applies to the very next sample
            assertThat(patch(vigil, "/api/v1/targets/" + t.id(),
                    "{\"cpuAlertThresholdPercent\":50,\"alertForSeconds\":0}").status()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.55, 0.1, rootDisk(60));
            await("the CPU alert fires on the first sample above the new rule",
                    () -> alerts(vigil, "state=open").size() == 1);
            assertThat(directory.target(t.id()).alerts().watching()).isTrue();
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.3, 0.1, rootDisk(60));
            await("the CPU alert resolves", () -> alerts(vigil, "state=open").isEmpty());


            // another target, on which no alert ever fired, has a disk wait running when the directory is rebuilt
            Target w = register(vigil, "edge-wait");
            waitingId = w.id();
            waitingSecret = w.secret();
            ScriptedAgent waiting = new ScriptedAgent(vigil, w.id(), w.secret());
            waiting.login();
            patch(vigil, "/api/v1/targets/" + w.id(), "{\"metricsEnabled\":true}");
            waiting.metrics(clock.instant(), 0.1, 0.1, rootDisk(95));
            assertThat(directory.target(w.id()).alerts().watching()).as("a wait started").isTrue();
        }
        clock.advance(Duration.ofMinutes(5));
        try (VigilInstance vigil = VigilInstance.start(dataDir, clock)) {
            // what the V4 migration leaves: an empty directory, rebuilt from the events at start
            JdbcTemplate jdbc = vigil.bean(JdbcTemplate.class);
            jdbc.update("DELETE FROM agent_revision");
            jdbc.update("DELETE FROM agent_deployment");
            jdbc.update("DELETE FROM agent_target");
            assertThat(vigil.bean(AgentDirectoryBackfill.class).fillIfEmpty()).isPositive();
            AgentDirectory directory = vigil.bean(AgentDirectory.class);
            AgentDirectory.AlertWatch rebuilt = directory.target(targetId).alerts();
            assertThat(rebuilt.rules().diskThresholdPercent()).isEqualTo(70.0);
            assertThat(rebuilt.rules().cpuThresholdPercent()).isEqualTo(50.0);
            assertThat(rebuilt.rules().forSeconds()).isEqualTo(0L);
            assertThat(rebuilt.rules().memoryThresholdPercent()).isNull();
            assertThat(directory.target(waitingId).alerts().watching())
                    .as("the events do not say whether a wait runs").isTrue();

            ScriptedAgent agent = new ScriptedAgent(vigil, waitingId, waitingSecret);
            agent.login();
            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(60));
            assertThat(directory.target(waitingId).alerts().watching()).as("the stored wait ended").isFalse();
            clock.advance(Duration.ofSeconds(30));
            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(95));
            Document state = vigil.bean(MongoTemplate.class).getCollection("alert_state")
                    .find(new Document("_id", waitingId)).first();
            assertThat(state.get("open", Document.class)).as("a new wait, not the one from before the rebuild")
                    .isNullOrEmpty();
            clock.advance(Duration.ofSeconds(60));
            agent.metrics(clock.instant(), 0.1, 0.1, rootDisk(95));
            await("the disk alert fires after its full duration",
                    () -> alerts(vigil, "targetId=" + waitingId + "&state=open").size() == 1);
        }
    }

    @Test
    void deploymentsEnteringErrorOrStaleAlertAndRecoveringResolves() {
        try (VigilInstance vigil = VigilInstance.start(dataDir, clock, "--vigil.status.stale-after=60s")) {
            Target t = register(vigil, "edge-deploy");
            ScriptedAgent agent = new ScriptedAgent(vigil, t.id(), t.secret());
            agent.login();
            agent.heartbeat(new Report(t.deploymentId(), t.revisionId(), "HEALTHY", "ok"));
            clock.advance(Duration.ofSeconds(5));
            agent.heartbeat(new Report(t.deploymentId(), t.revisionId(), "ERROR", "web exited with code 1"));
            await("an Error alert", () -> alerts(vigil, "state=open").size() == 1);
            JsonNode alert = alerts(vigil, "state=open").get(0);
            assertThat(alert.get("metric").asText()).isEqualTo("DEPLOYMENT_STATUS");
            assertThat(alert.get("deploymentId").asText()).isEqualTo(t.deploymentId());
            assertThat(alert.get("message").asText()).contains("ERROR").contains("web exited with code 1");

            clock.advance(Duration.ofSeconds(5));
            agent.heartbeat(new Report(t.deploymentId(), t.revisionId(), "RUNNING", "1 running"));
            await("recovered", () -> alerts(vigil, "state=resolved").size() == 1 && alerts(vigil, "state=open").isEmpty());

            clock.advance(Duration.ofSeconds(61));
            await("a Stale alert", () -> alerts(vigil, "state=open").size() == 1);
            assertThat(alerts(vigil, "state=open").get(0).get("message").asText()).contains("STALE");
            clock.advance(Duration.ofSeconds(1));
            agent.heartbeat(new Report(t.deploymentId(), t.revisionId(), "HEALTHY", "ok"));
            await("recovered from Stale", () -> alerts(vigil, "state=open").isEmpty());
            List<String> states = new ArrayList<>();
            alerts(vigil, "targetId=" + t.id()).forEach(a -> states.add(a.get("open").asText()));
            assertThat(states).containsExactly("false", "false");
        }
    }
}
