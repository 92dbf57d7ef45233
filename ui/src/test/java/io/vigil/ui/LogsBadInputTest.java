package io.vigil.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.kernel.logs.LogRecordRules;
import io.vigil.kernel.protocol.AgentProtocol.LogBatch;
import io.vigil.kernel.protocol.AgentProtocol.LogRecord;
import io.vigil.kernel.protocol.BinaryLogBatch;
import io.vigil.platform.logs.LogLayout;
import io.vigil.testing.MovableClock;
import io.vigil.ui.ScriptedAgent.Line;
import io.vigil.ui.VigilInstance.Answer;

/**
 * Bad input to log ingestion and the log viewer's API (issue 3): a clear 4xx problem document or a
 * per-record refusal, never a 500, and nothing written by a refused batch.
 */
class LogsBadInputTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    static Path dataDir;
    static VigilInstance vigil;
    static LogsTest.Setup s;
    static LogsTest.Setup other;

    @BeforeAll
    static void start() {
        vigil = VigilInstance.start(dataDir, new MovableClock(NOW));
        LogsTest.vigil = vigil;
        s = LogsTest.target(true);
        other = LogsTest.target(true);
    }

    @AfterAll
    static void stop() {
        vigil.close();
    }

    static long chunks() {
        return vigil.bean(MongoTemplate.class).getCollection(LogLayout.CHUNKS).countDocuments();
    }

    static void assertProblem(Answer answer, int status, String detailContains) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asText()).containsIgnoringCase(detailContains);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"batchId\":\"x\",\"records\":[", "not json", "{\"records\":[]}", "{\"batchId\":\"x\"}",
            "{\"batchId\":\"x\",\"records\":[],\"extra\":1}", "{\"batchId\":\"x\",\"records\":[{\"timestamp\":\"yesterday\",\"body\":\"b\"}]}",
            "{\"batchId\":\"x\",\"records\":[{\"body\":\"b\",\"colour\":\"red\"}]}", "[]"})
    void aMalformedBatchIs400AndWritesNothing(String body) {
        long before = chunks();
        Answer answer = s.agent().send("/api/agent/v1/logs", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("detail").asText()).isNotBlank();
        assertThat(chunks()).isEqualTo(before);
    }

    @Test
    void anOversizedBodyIs413() {
        long before = chunks();
        String big = "x".repeat(11 * 1024 * 1024);
        Answer answer = s.agent().send("/api/agent/v1/logs", "{\"batchId\":\"big\",\"records\":[{\"timestamp\":\""
                + NOW + "\",\"body\":\"" + big + "\"}]}");
        assertThat(answer.status()).isEqualTo(413);
        assertThat(chunks()).isEqualTo(before);
    }

    @Test
    void withoutATokenLogsAre401() {
        Answer answer = vigil.send(vigil.request("/api/agent/v1/logs").POST(VigilInstance.body("{}"))
                .header("Content-Type", "application/json"), null);
        assertThat(answer.status()).isEqualTo(401);
    }

    /** The ingest filter takes POST with JSON or the binary form; Spring MVC still answers everything else. */
    @Test
    void anotherMethodOrContentTypeGetsSpringMvcsAnswerAndStoresNothing() {
        long before = chunks();
        String token = "Bearer " + s.agent().token();
        Answer text = vigil.send(vigil.request("/api/agent/v1/logs").POST(VigilInstance.body("{}"))
                .header("Content-Type", "text/plain"), token);
        assertProblem(text, 415, "");
        Answer unparsable = vigil.send(vigil.request("/api/agent/v1/logs").POST(VigilInstance.body(batch("bogus")))
                .header("Content-Type", "application/json; charset="), token);
        assertProblem(unparsable, 415, "");
        Answer put = vigil.send(vigil.request("/api/agent/v1/logs").method("PUT", VigilInstance.body(batch("put")))
                .header("Content-Type", "application/json"), token);
        assertProblem(put, 405, "");
        Answer get = vigil.send(vigil.request("/api/agent/v1/logs").GET(), token);
        assertThat(get.status()).isEqualTo(405);
        assertThat(chunks()).isEqualTo(before);

        Answer withCharset = vigil.send(vigil.request("/api/agent/v1/logs").POST(VigilInstance.body(batch("charset")))
                .header("Content-Type", "application/json; charset=UTF-8"), token);
        assertThat(withCharset.status()).as(withCharset.body()).isEqualTo(200);
        assertThat(withCharset.raw().headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(withCharset.raw().headers().firstValue("X-Frame-Options")).as("answered by the filter, not MVC").isEmpty();
        assertThat(chunks()).isEqualTo(before + 1);
    }

    private static String batch(String batchId) {
        return "{\"batchId\":\"" + batchId + "\",\"records\":[{\"timestamp\":\"" + NOW + "\",\"body\":\"b\"}]}";
    }

    /** Reconnect: the old credentials' token stops sending logs at once, the new one's works. */
    @Test
    void aTokenOfRotatedCredentialsCannotSendLogs() {
        LogsTest.Setup rotated = LogsTest.target(true);
        String oldToken = rotated.agent().token();
        String newSecret = vigil.post("/api/v1/targets/" + rotated.targetId() + "/reconnect", "").json()
                .get("targetSecret").asText();
        long before = chunks();
        String batch = batch("after-rotation");
        Answer old = vigil.send(vigil.request("/api/agent/v1/logs").POST(VigilInstance.body(batch))
                .header("Content-Type", "application/json"), "Bearer " + oldToken);
        assertProblem(old, 401, "no longer valid");
        assertThat(old.raw().headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(chunks()).isEqualTo(before);

        ScriptedAgent renewed = new ScriptedAgent(vigil, rotated.targetId(), newSecret);
        assertThat(renewed.login().status()).isEqualTo(200);
        assertThat(renewed.send("/api/agent/v1/logs", batch).status()).isEqualTo(200);
        assertThat(chunks()).isEqualTo(before + 1);
    }

    @Test
    void aHugeLineIsTruncatedVisiblyAndNulBytesAreStrippedAndFutureTimesClamped() {
        String huge = "é".repeat(200_000); // 400,000 UTF-8 bytes
        Answer answer = s.agent().logs("cleaning", List.of(
                Line.agent(NOW.minusSeconds(30), huge),
                Line.agent(NOW.minusSeconds(20), "a\u0000b"),
                Line.agent(NOW.plus(Duration.ofDays(3)), "from the future")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("accepted").asInt()).isEqualTo(3);
        JsonNode items = vigil.get("/api/v1/targets/" + s.targetId() + "/agent-logs?filter=" + q("from the future"))
                .json().get("items");
        assertThat(Instant.parse(items.get(0).get("timestamp").asText())).isEqualTo(NOW);
        assertThat(vigil.get("/api/v1/targets/" + s.targetId() + "/agent-logs?filter=ab").json().get("items")).hasSize(1);
        String stored = vigil.get("/api/v1/targets/" + s.targetId() + "/agent-logs?filter=truncated").json()
                .get("items").get(0).get("body").asText();
        assertThat(stored).contains("[line truncated: 400000 bytes");
        assertThat(stored.getBytes(StandardCharsets.UTF_8).length).isLessThan(LogRecordRules.MAX_LINE_BYTES + 100);
    }

    /** Lines with every per-record refusal, and two good ones; {@code target} sends them. */
    private static List<Line> mixedLines(LogsTest.Setup target) {
        return List.of(
                Line.container(other.deploymentId(), null, "web-1", NOW, "foreign"),
                Line.container(target.deploymentId(), "no-such-revision", "web-1", NOW, "bad revision"),
                new Line(null, null, null, null, "INFO", "no time"),
                new Line(target.deploymentId(), null, null, NOW.toString(), "INFO", "no resource"),
                Line.agent(NOW.minus(Duration.ofDays(40)), "too old"),
                new Line(null, null, null, NOW.toString(), "X".repeat(100), "long severity"),
                new Line(null, null, null, NOW.toString(), "NOTICE-7", "odd severity kept"),
                Line.container(target.deploymentId(), null, "web-1", NOW, "good"));
    }

    @Test
    void recordsThatCannotBeAcceptedAreListedWithAReasonAndTheRestStoredOnce() {
        Answer answer = s.agent().logs("mixed", mixedLines(s));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode rejected = answer.json().get("rejected");
        assertThat(answer.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(rejected).hasSize(6);
        assertThat(rejected.get(0).get("reason").asText()).contains("not a deployment of this target");
        assertThat(rejected.get(1).get("reason").asText()).contains("not a revision");
        assertThat(rejected.get(2).get("reason").asText()).contains("timestamp is required");
        assertThat(rejected.get(3).get("reason").asText()).contains("resource is required");
        assertThat(rejected.get(4).get("reason").asText()).contains("older than the log retention");
        assertThat(rejected.get(5).get("reason").asText()).contains("severity");
        assertThat(vigil.get("/api/v1/targets/" + s.targetId() + "/agent-logs?filter=odd").json()
                .get("items").get(0).get("severity").asText()).isEqualTo("NOTICE-7");
        assertThat(vigil.get("/api/v1/deployments/" + other.deploymentId() + "/logs?resource=web-1").json()
                .get("items")).isEmpty();
    }

    @Test
    void theBinaryFormIsRefusedAndCleanedRecordByRecordAsJsonIs() {
        LogsTest.Setup json = LogsTest.target(true);
        LogsTest.Setup binary = LogsTest.target(true);
        Answer jsonAnswer = json.agent().logs("mixed", mixedLines(json));
        Answer binaryAnswer = binary.agent().binaryLogs("mixed", mixedLines(binary));
        assertThat(binaryAnswer.status()).as(binaryAnswer.body()).isEqualTo(200);
        assertThat(binaryAnswer.body()).as("the same answer, but for the target's own deployment")
                .isEqualTo(jsonAnswer.body().replace(json.deploymentId(), binary.deploymentId()));
        assertThat(binaryAnswer.json().get("accepted").asInt()).isEqualTo(2);

        Answer cleaned = binary.agent().binaryLogs("cleaning", List.of(
                Line.agent(NOW.minusSeconds(30), "é".repeat(200_000)),
                Line.agent(NOW.minusSeconds(20), "a\u0000b"),
                Line.agent(NOW.plus(Duration.ofDays(3)), "from the future")));
        assertThat(cleaned.json().get("accepted").asInt()).isEqualTo(3);
        String agentLogs = "/api/v1/targets/" + binary.targetId() + "/agent-logs";
        assertThat(Instant.parse(vigil.get(agentLogs + "?filter=" + q("from the future")).json().get("items").get(0)
                .get("timestamp").asText())).isEqualTo(NOW);
        assertThat(vigil.get(agentLogs + "?filter=ab").json().get("items")).hasSize(1);
        assertThat(vigil.get(agentLogs + "?filter=truncated").json().get("items").get(0).get("body").asText())
                .contains("[line truncated: 400000 bytes");
    }

    @Test
    void aMalformedBinaryBatchIs400AndWritesNothingAndAnOversizedOneIs413() {
        byte[] good = BinaryLogBatch.encode(new LogBatch("binary-bad", List.of(
                new LogRecord(null, null, null, NOW, "INFO", "never stored"))));
        byte[] firstRepeats = Arrays.copyOf(good, good.length);
        // record 0's absent deploymentId (-1: FF FF FF FF) made -2, "as the record before", which has none
        firstRepeats[4 + 4 + "binary-bad".length() + 4 + 3] = (byte) 0xFE;
        long before = chunks();
        for (byte[] body : List.of("{\"batchId\":\"x\",\"records\":[]}".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(good, good.length - 3), Arrays.copyOf(good, good.length + 1), firstRepeats, new byte[0])) {
            assertProblem(s.agent().send("/api/agent/v1/logs", BinaryLogBatch.CONTENT_TYPE, body), 400, "");
        }
        assertThat(chunks()).isEqualTo(before);

        byte[] big = BinaryLogBatch.encode(new LogBatch("binary-big", List.of(
                new LogRecord(null, null, null, NOW, "INFO", "x".repeat(11 * 1024 * 1024)))));
        assertProblem(s.agent().send("/api/agent/v1/logs", BinaryLogBatch.CONTENT_TYPE, big), 413, "");
        // without a Content-Length (chunked) the limit is noticed while the body is read
        Answer chunked = vigil.send(vigil.request("/api/agent/v1/logs")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .header("Content-Type", BinaryLogBatch.CONTENT_TYPE), "Bearer " + s.agent().token());
        assertProblem(chunked, 413, "larger than the limit");
        assertThat(chunks()).isEqualTo(before);
    }

    @Test
    void aPathologicalRegexAnswersQuicklyAndAnInvalidOneIs400() {
        s.agent().logs("patho", IntStream.range(0, 2000)
                .mapToObj(i -> Line.agent(NOW.minusSeconds(i + 100), "a".repeat(30) + "!")).toList());
        long started = System.nanoTime();
        Answer answer = vigil.get("/api/v1/targets/" + s.targetId() + "/agent-logs?regex=true&filter=" + q("(a+)+$"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertProblem(vigil.get("/api/v1/targets/" + s.targetId() + "/agent-logs?regex=true&filter=" + q("(a+")), 400,
                "regular expression");
        assertProblem(vigil.get("/api/v1/targets/" + s.targetId() + "/agent-logs?filter=" + "x".repeat(201)), 400, "200");
    }

    @Test
    void badQueryParametersAre4xxProblems() {
        String agentLogs = "/api/v1/targets/" + s.targetId() + "/agent-logs";
        assertProblem(vigil.get(agentLogs + "?cursor=garbage"), 400, "cursor");
        assertProblem(vigil.get(agentLogs + "?after=garbage"), 400, "cursor");
        assertProblem(vigil.get(agentLogs + "?limit=0"), 400, "limit");
        assertProblem(vigil.get(agentLogs + "?limit=1001"), 400, "limit");
        assertProblem(vigil.get(agentLogs + "?from=yesterday"), 400, "RFC 3339");
        assertProblem(vigil.get(agentLogs + "?from=" + NOW + "&to=" + NOW.minusSeconds(1)), 400, "before");
        assertProblem(vigil.get(agentLogs + "/export?format=xml"), 400, "format");
        assertProblem(vigil.get("/api/v1/targets/nope/agent-logs"), 404, "nope");
        assertProblem(vigil.get("/api/v1/deployments/" + s.deploymentId() + "/logs"), 400, "resource is required");
        assertProblem(vigil.get("/api/v1/deployments/nope/logs?resource=web-1"), 404, "nope");
        assertProblem(vigil.get("/api/v1/deployments/nope/resources"), 404, "nope");
        assertThat(vigil.send(vigil.request(agentLogs).GET(), null).status()).isEqualTo(401);
        Answer put = vigil.send(vigil.request("/api/v1/deployments/" + s.deploymentId() + "/log-collection")
                        .PUT(VigilInstance.body("{}")).header("Content-Type", "application/json"),
                VigilInstance.basic("admin", VigilInstance.ADMIN_PASSWORD));
        assertThat(put.status()).isEqualTo(400);
        Answer unknown = vigil.send(vigil.request("/api/v1/deployments/nope/log-collection")
                        .PUT(VigilInstance.body("{\"enabled\":false}")).header("Content-Type", "application/json"),
                VigilInstance.basic("admin", VigilInstance.ADMIN_PASSWORD));
        assertProblem(unknown, 404, "nope");
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
