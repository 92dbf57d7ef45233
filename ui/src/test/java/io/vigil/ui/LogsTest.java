package io.vigil.ui;

import static io.vigil.ui.VigilInstance.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;

import io.vigil.command.logs.LogRetention;
import io.vigil.platform.logs.LineCodec;
import io.vigil.platform.logs.LogLayout;
import io.vigil.query.logs.DeploymentResourcesProjection;
import io.vigil.testing.MovableClock;
import io.vigil.ui.ScriptedAgent.Line;
import io.vigil.ui.ScriptedAgent.Report;
import io.vigil.ui.VigilInstance.Answer;

/**
 * Logs end to end (issue 3): a real Vigil with the embedded stores, agents speaking protocol v1 over HTTP,
 * the log viewer's API read over HTTP. The clock moves only in the last test (retention).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    static Path dataDir;
    static final MovableClock clock = new MovableClock(NOW);
    static VigilInstance vigil;

    @BeforeAll
    static void start() {
        vigil = VigilInstance.start(dataDir, clock, "--vigil.logs.tail-interval=100ms");
    }

    @AfterAll
    static void stop() {
        vigil.close();
    }

    record Setup(String targetId, String deploymentId, String revisionId, ScriptedAgent agent) {}

    static Setup target(boolean logCollection) {
        JsonNode target = vigil.post("/api/v1/targets", "{\"name\":\"edge\",\"type\":\"DOCKER\"}").json();
        JsonNode deployment = vigil.post("/api/v1/targets/" + target.get("id").asText() + "/deployments",
                "{\"application\":\"shop\",\"version\":\"1.0\",\"logCollectionEnabled\":" + logCollection + "}").json();
        ScriptedAgent agent = new ScriptedAgent(vigil, target.get("id").asText(), target.get("targetSecret").asText());
        assertThat(agent.login().status()).isEqualTo(200);
        // the log reads check the target on the query side, whose view follows the command a moment later
        await("the target's view exists", () -> vigil.get("/api/v1/targets/" + target.get("id").asText()).status() == 200);
        return new Setup(target.get("id").asText(), deployment.get("id").asText(), deployment.get("revisionId").asText(),
                agent);
    }

    static List<String> bodies(Answer page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> bodies = new ArrayList<>();
        page.json().get("items").forEach(item -> bodies.add(item.get("body").asText()));
        return bodies;
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void aRetriedBatchIsStoredOnce() {
        Setup s = target(true);
        List<Line> lines = List.of(Line.agent(NOW.minusSeconds(3), "connected"),
                Line.agent(NOW.minusSeconds(2), "reconciling"), Line.agent(NOW.minusSeconds(1), "reconciled"));
        Answer first = s.agent().logs("batch-1", lines);
        Answer retry = s.agent().logs("batch-1", lines);
        Answer binaryRetry = s.agent().binaryLogs("batch-1", lines); // an agent that switched forms in between

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("accepted").asInt()).isEqualTo(3);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(binaryRetry.status()).as(binaryRetry.body()).isEqualTo(200);
        assertThat(bodies(vigil.get("/api/v1/targets/" + s.targetId() + "/agent-logs")))
                .containsExactly("reconciled", "reconciling", "connected");
    }

    @Test
    @Order(2)
    void agentLogsAreAlwaysAcceptedAndContainerLogsOnlyWhileCollectionIsOn() {
        Setup s = target(false);
        JsonNode answer = s.agent().heartbeat(new Report(s.deploymentId(), s.revisionId(), "HEALTHY", "ok")).json();
        assertThat(answer.get("deployments").get(0).get("logCollectionEnabled").asBoolean()).isFalse();

        Answer off = s.agent().logs("b-off", List.of(Line.agent(NOW, "agent line"),
                Line.container(s.deploymentId(), s.revisionId(), "backend-1", NOW, "refused line")));
        assertThat(off.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(off.json().get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(off.json().get("rejected").get(0).get("reason").asText()).contains("switched off");

        Answer on = vigil.send(vigil.request("/api/v1/deployments/" + s.deploymentId() + "/log-collection")
                        .PUT(VigilInstance.body("{\"enabled\":true}")).header("Content-Type", "application/json"),
                VigilInstance.basic("admin", VigilInstance.ADMIN_PASSWORD));
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        answer = s.agent().heartbeat(new Report(s.deploymentId(), s.revisionId(), "HEALTHY", "ok")).json();
        assertThat(answer.get("deployments").get(0).get("logCollectionEnabled").asBoolean()).isTrue();
        await("the deployments view shows collection on", () -> vigil.get("/api/v1/targets/" + s.targetId()).json()
                .get("deployments").get(0).get("logCollectionEnabled").asBoolean());

        Answer accepted = s.agent().logs("b-on", List.of(
                Line.container(s.deploymentId(), null, "backend-1", NOW, "stored line")));
        assertThat(accepted.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(bodies(vigil.get("/api/v1/deployments/" + s.deploymentId() + "/logs?resource=backend-1")))
                .containsExactly("stored line");
        assertThat(bodies(vigil.get("/api/v1/targets/" + s.targetId() + "/agent-logs"))).containsExactly("agent line");
    }

    @Test
    @Order(3)
    void aResourceRenamedInRevisionThreeIsArchivedOnceFiveNewerRevisionsExist() {
        Setup s = target(true);
        List<String> revisions = new ArrayList<>(List.of(s.revisionId()));
        String path = "/api/v1/deployments/" + s.deploymentId() + "/resources";
        for (int r = 1; r <= 6; r++) {
            if (r > 1) {
                revisions.add(newRevision(s.deploymentId(), r));
            }
            String resource = r <= 2 ? "backend-1" : "api-1"; // renamed in revision 3
            Answer a = s.agent().logs("rev-" + r, List.of(Line.container(s.deploymentId(), revisions.get(r - 1),
                    resource, NOW.minusSeconds(100 - r), "line of revision " + r)));
            assertThat(a.json().get("accepted").asInt()).as(a.body()).isEqualTo(1);
        }
        // six revisions: the five newest are 2..6, and backend-1 logged in revision 2
        await("both resources are active", () -> names(vigil.get(path).json().get("active")).equals(List.of("api-1", "backend-1")));
        assertThat(vigil.get(path).json().get("archived")).isEmpty();

        revisions.add(newRevision(s.deploymentId(), 7));
        s.agent().logs("rev-7", List.of(Line.container(s.deploymentId(), revisions.get(6), "api-1",
                NOW.minusSeconds(50), "line of revision 7")));
        // the five newest are now 3..7
        await("backend-1 is archived", () -> names(vigil.get(path).json().get("archived")).equals(List.of("backend-1")));
        await("revision 7 of api-1 is observed", () -> vigil.get(path).json().get("active").get(0)
                .get("newestRevisionNumber").asInt() == 7);
        // the newest line time is written behind, within vigil.logs.last-line-flush-interval
        await("api-1's newest line is known", () -> NOW.minusSeconds(50).equals(Instant.parse(
                vigil.get(path).json().get("active").get(0).get("lastSeenAt").asText())));
        JsonNode view = vigil.get(path).json();
        assertThat(names(view.get("active"))).containsExactly("api-1");
        JsonNode api = view.get("active").get(0);
        assertThat(api.get("revisionIds")).hasSize(5);
        assertThat(api.get("newestRevisionNumber").asInt()).isEqualTo(7);
        assertThat(Instant.parse(api.get("firstSeenAt").asText())).isEqualTo(NOW.minusSeconds(97));
        assertThat(Instant.parse(api.get("lastSeenAt").asText())).isEqualTo(NOW.minusSeconds(50));
        assertThat(view.get("archived").get(0).get("newestRevisionNumber").asInt()).isEqualTo(2);

        // the view is rebuilt from the events alone, exactly
        DeploymentResourcesProjection projection = vigil.bean(DeploymentResourcesProjection.class);
        List<Document> before = projection.documents();
        assertThat(vigil.post("/api/v1/admin/projections/deployment-resources/replay", "").status()).isEqualTo(202);
        await("the replay finished", () -> vigil.get("/api/v1/admin/projections/deployment-resources").json()
                .get("upToDate").asBoolean() && projection.documents().size() == before.size());
        await("the rebuilt view equals the live one", () -> projection.documents().equals(before));
        assertThat(vigil.get(path).json()).isEqualTo(view);
    }

    static String newRevision(String deploymentId, int r) {
        return vigil.post("/api/v1/deployments/" + deploymentId + "/revisions", "{\"version\":\"1." + r + "\"}")
                .json().get("revisionId").asText();
    }

    static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(r -> names.add(r.get("name").asText()));
        return names;
    }

    @Test
    @Order(4)
    void windowPlainAndRegexFiltersSelectLines() {
        Setup s = target(true);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String body = (i % 10 == 0 ? "ERROR " : "info ") + "req-" + i + (i % 2 == 0 ? " GET /shop" : " POST /cart");
            lines.add(Line.agent(NOW.minus(Duration.ofMinutes(60 - i)), body));
        }
        s.agent().logs("filters", lines);
        String base = "/api/v1/targets/" + s.targetId() + "/agent-logs?limit=1000";

        assertThat(bodies(vigil.get(base + "&filter=ERROR"))).containsExactly("ERROR req-50 GET /shop",
                "ERROR req-40 GET /shop", "ERROR req-30 GET /shop", "ERROR req-20 GET /shop",
                "ERROR req-10 GET /shop", "ERROR req-0 GET /shop");
        assertThat(bodies(vigil.get(base + "&filter=error"))).isEmpty();
        assertThat(bodies(vigil.get(base + "&filter=error&ignoreCase=true"))).hasSize(6);
        assertThat(bodies(vigil.get(base + "&regex=true&filter=" + q("^info req-5[0-9] POST"))))
                .containsExactly("info req-59 POST /cart", "info req-57 POST /cart", "info req-55 POST /cart",
                        "info req-53 POST /cart", "info req-51 POST /cart");
        // [from, to): minutes 10 .. 12 before NOW are lines 48, 49 (line 50 is at exactly "to")
        assertThat(bodies(vigil.get(base + "&from=" + NOW.minus(Duration.ofMinutes(12)) + "&to="
                + NOW.minus(Duration.ofMinutes(10))))).containsExactly("info req-49 POST /cart", "info req-48 GET /shop");
        assertThat(bodies(vigil.get(base + "&filter=" + q("(a+)+$") + "&regex=true"))).isEmpty();
    }

    @Test
    @Order(5)
    void pagesHaveNoGapsOrDuplicatesWhileLinesKeepArriving() throws Exception {
        Setup s = target(true);
        List<Line> initial = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            List<Line> lines = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = batch * 100 + i;
                // the same second for many lines: ties are ordered by the position within the stream
                lines.add(Line.container(s.deploymentId(), null, "web-1", NOW.minus(Duration.ofHours(3))
                        .plusSeconds(n / 7 * 60), "old-" + n));
            }
            s.agent().logs("initial-" + batch, lines);
            initial.addAll(lines);
        }
        String base = "/api/v1/deployments/" + s.deploymentId() + "/logs?resource=web-1&limit=37";
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> arrived = new CopyOnWriteArrayList<>();
        Thread ingest = new Thread(() -> {
            int n = 0;
            while (running.get()) {
                String body = "new-" + n;
                Answer a = s.agent().logs("concurrent-" + n, List.of(Line.container(s.deploymentId(), null, "web-1",
                        NOW.minusSeconds(1000).plusMillis(n), body)));
                if (a.status() == 200) {
                    arrived.add(body);
                }
                n++;
            }
        });
        Answer first = vigil.get(base);
        ingest.start();
        List<String> seen = new ArrayList<>(bodies(first));
        String newer = first.json().get("newerCursor").asText();
        String cursor = first.json().get("nextCursor").asText();
        while (cursor != null) {
            Answer page = vigil.get(base + "&cursor=" + cursor);
            seen.addAll(bodies(page));
            JsonNode next = page.json().get("nextCursor");
            cursor = next.isNull() ? null : next.asText();
        }
        running.set(false);
        ingest.join();

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(new HashSet<>(initial.stream().map(Line::body).toList()));
        // "newer than" drains exactly the lines that arrived meanwhile, each once
        List<String> newLines = new ArrayList<>();
        while (true) {
            Answer page = vigil.get(base + "&after=" + newer);
            List<String> bodies = bodies(page);
            if (bodies.isEmpty()) {
                break;
            }
            newLines.addAll(bodies);
            newer = page.json().get("newerCursor").asText();
        }
        assertThat(newLines).doesNotHaveDuplicates().hasSameElementsAs(arrived);
        assertThat(arrived).isNotEmpty();
    }

    @Test
    @Order(6)
    void aLiveTailReceivesNewLinesThatMatchItsFilter() throws Exception {
        Setup s = target(true);
        s.agent().logs("before-tail", List.of(Line.agent(NOW.minusSeconds(10), "ERROR before the tail")));
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                vigil.request("/api/v1/targets/" + s.targetId() + "/agent-logs/tail?filter=ERROR")
                        .header("Authorization", VigilInstance.basic("admin", VigilInstance.ADMIN_PASSWORD))
                        .timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> received = new CopyOnWriteArrayList<>();
        Thread readerThread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        received.add(line.substring(5));
                    }
                }
            } catch (Exception e) {
                // closed by the test
            }
        });
        readerThread.setDaemon(true);
        readerThread.start();
        Thread.sleep(300); // let the tail take its start position (a real-time wait, not a time rule)
        s.agent().logs("tail-1", List.of(Line.agent(NOW.minusSeconds(5), "info not shown"),
                Line.agent(NOW.minusSeconds(4), "ERROR first live line")));
        s.agent().logs("tail-2", List.of(Line.agent(NOW.minusSeconds(3), "ERROR second live line")));
        await("the tail delivered both lines", () -> received.size() >= 2);
        assertThat(received).hasSize(2);
        assertThat(received.get(0)).contains("ERROR first live line");
        assertThat(received.get(1)).contains("ERROR second live line");
        response.body().close();
    }

    @Test
    @Order(7)
    void exportStreamsAWindowAsTextOrNdjsonOldestFirst() {
        Setup s = target(true);
        s.agent().logs("export", IntStream.range(0, 5)
                .mapToObj(i -> Line.agent(NOW.minusSeconds(50 - i), "line " + i)).toList());
        Answer text = vigil.get("/api/v1/targets/" + s.targetId() + "/agent-logs/export");
        assertThat(text.status()).isEqualTo(200);
        assertThat(text.body().lines().toList()).hasSize(5).first().asString().endsWith("INFO agent line 0");
        Answer ndjson = vigil.get("/api/v1/targets/" + s.targetId() + "/agent-logs/export?format=ndjson&filter="
                + q("line [34]") + "&regex=true");
        assertThat(ndjson.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        assertThat(ndjson.body().lines().toList()).hasSize(2).allMatch(l -> l.startsWith("{\"id\":") && l.contains("\"timestamp\":"));
    }

    @Test
    @Order(99)
    void retentionDeletesOnlyWhatIsOlderThanThirtyDays() {
        Setup s = target(true);
        s.agent().logs("retention", List.of(Line.agent(NOW.minus(Duration.ofDays(29)), "old line"),
                Line.agent(NOW.minus(Duration.ofDays(1)), "young line")));
        MongoTemplate mongo = vigil.bean(MongoTemplate.class);
        String stream = LogLayout.agentStream(s.targetId());
        assertThat(mongo.getCollection(LogLayout.CHUNKS).countDocuments(Filters.eq(LogLayout.STREAM, stream))).isEqualTo(2);
        // a chunk of the old hour listed as before 2026-11-28, in the bucket's one directory document
        long oldHour = LogLayout.hour(NOW.minus(Duration.ofDays(29)));
        long youngHour = LogLayout.hour(NOW.minus(Duration.ofDays(1)));
        long oldNanos = LogLayout.nanos(NOW.minus(Duration.ofDays(29)));
        mongo.getCollection(LogLayout.CHUNKS).insertOne(new Document("_id", LogLayout.chunkId(stream, oldHour, "legacy"))
                .append(LogLayout.STREAM, stream).append(LogLayout.HOUR, oldHour).append(LogLayout.MIN, oldNanos)
                .append(LogLayout.MAX, oldNanos).append(LogLayout.COUNT, 0).append(LogLayout.LINES, new Binary(new byte[0])));
        mongo.getCollection(LogLayout.BUCKETS).insertOne(new Document("_id", LogLayout.bucketId(stream, oldHour))
                .append(LogLayout.STREAM, stream).append(LogLayout.HOUR, oldHour).append(LogLayout.CHUNK_DIRECTORY,
                        new Document("legacy", new Document(LogLayout.MIN, oldNanos).append(LogLayout.MAX, oldNanos)
                                .append(LogLayout.COUNT, 0))));

        assertThat(vigil.bean(LogRetention.class).deleteExpired()).isZero(); // nothing is old yet
        clock.advance(Duration.ofDays(2)); // the old line is now 31 days old, the young one 3
        vigil.bean(LogRetention.class).deleteExpired();

        List<Document> left = mongo.getCollection(LogLayout.CHUNKS).find(Filters.eq(LogLayout.STREAM, stream))
                .into(new ArrayList<>());
        assertThat(left).hasSize(1);
        assertThat(mongo.getCollection(LogLayout.BUCKETS).countDocuments(
                Filters.in("_id", LogLayout.directoryIds(stream, oldHour)))).as("the old hour's directory").isZero();
        assertThat(mongo.getCollection(LogLayout.BUCKETS).countDocuments(
                Filters.in("_id", LogLayout.directoryIds(stream, youngHour)))).as("the young hour's").isEqualTo(1);
        LineCodec.Reader lines = new LineCodec.Reader(left.get(0).get(LogLayout.LINES, Binary.class).getData());
        assertThat(lines.next()).isTrue();
        assertThat(lines.decode()[3]).isEqualTo("young line");
        assertThat(lines.next()).isFalse();
        assertThat(bodies(vigil.get("/api/v1/targets/" + s.targetId() + "/agent-logs"))).containsExactly("young line");
        Set<String> others = new HashSet<>(bodies(vigil.get("/api/v1/targets/" + s.targetId() + "/agent-logs")));
        assertThat(others).doesNotContain("old line");
    }
}
