package io.vigil.command.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.vigil.kernel.protocol.AgentProtocol.LogBatch;
import io.vigil.kernel.protocol.AgentProtocol.LogRecord;
import io.vigil.kernel.protocol.BinaryLogBatch;
import io.vigil.platform.web.ApiProblem;

class LogBatchParserTest {

    private static LogBatch parse(String json) throws IOException {
        return LogBatchParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsEveryFieldOfEveryRecordInOrder() throws IOException {
        LogBatch batch = parse("""
                {"records":[
                  {"deploymentId":"d-1","revisionId":"r-1","resource":"web-1","timestamp":"2026-01-31T12:00:00.5Z",
                   "severity":"stderr","body":"boom \\u00e9 \\"quoted\\""},
                  null,
                  {"timestamp":"2026-01-31T12:00:01Z","body":"agent line","deploymentId":null}
                ],"batchId":"b-7"}""");

        assertThat(batch.batchId()).isEqualTo("b-7");
        assertThat(batch.records()).containsExactly(
                new LogRecord("d-1", "r-1", "web-1", Instant.parse("2026-01-31T12:00:00.500Z"), "stderr", "boom é \"quoted\""),
                null,
                new LogRecord(null, null, null, Instant.parse("2026-01-31T12:00:01Z"), null, "agent line"));
    }

    @Test
    void valuesRepeatedFromRecordToRecordAreReadLikeAnyOther() throws IOException {
        LogBatch batch = parse("""
                {"batchId":"b","records":[
                  {"deploymentId":"d-1","resource":"web-1","severity":"INFO","timestamp":"2026-01-31T12:00:00Z","body":"a"},
                  {"deploymentId":"d-1","resource":"web-1","severity":"INFO","body":"no time"},
                  {"deploymentId":"d-1","resource":"web-\u0031","severity":"INF","timestamp":"2026-01-31T12:00:00Z","body":"b"},
                  {"deploymentId":"d-2","resource":"web-1","severity":"INFO","timestamp":"2026-01-31T12:00:01Z","body":"c"},
                  {"deploymentId":null,"resource":"web-1","timestamp":"2026-01-31T12:00:01Z","body":"d"}
                ]}""");

        Instant noon = Instant.parse("2026-01-31T12:00:00Z");
        Instant second = noon.plusSeconds(1);
        assertThat(batch.records()).containsExactly(
                new LogRecord("d-1", null, "web-1", noon, "INFO", "a"),
                new LogRecord("d-1", null, "web-1", null, "INFO", "no time"),
                new LogRecord("d-1", null, "web-1", noon, "INF", "b"),
                new LogRecord("d-2", null, "web-1", second, "INFO", "c"),
                new LogRecord(null, null, "web-1", second, null, "d"));
    }

    @ParameterizedTest
    @CsvSource({
            "2026-01-31T12:00:00Z,             2026-01-31T12:00:00Z",
            "2026-01-31T12:00:00.1Z,           2026-01-31T12:00:00.100Z",
            "2026-01-31T12:00:00.123456789Z,   2026-01-31T12:00:00.123456789Z",
            "2026-01-31T14:00:00+02:00,        2026-01-31T12:00:00Z",
            "2024-02-29T23:59:59.999Z,         2024-02-29T23:59:59.999Z",
    })
    void readsRfc3339Times(String text, String expected) {
        assertThat(LogBatchParser.instant(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-02-30T12:00:00Z", "2026-01-31T25:00:00Z",
            "2026-01-31T12:00:00.1234567890Z", "2026-01-31 12:00:00Z", "2026-1-31T12:00:00Z", ""})
    void refusesWhatIsNotAnRfc3339Time(String text) {
        assertThat(LogBatchParser.instant(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[]                                                              | JSON object",
            "{\"batchId\":\"x\",\"records\":[],\"extra\":1}                 | Unknown field 'extra'",
            "{\"batchId\":\"x\",\"records\":[{\"body\":\"b\",\"colour\":1}]} | Unknown field 'records[0].colour'",
            "{\"batchId\":\"x\",\"records\":[{\"body\":5}]}                  | 'records[0].body' must be a string",
            "{\"batchId\":\"x\",\"records\":[{\"timestamp\":\"yesterday\"}]} | 'records[0].timestamp' must be an RFC 3339 time",
            "{\"batchId\":\"x\",\"records\":{}}                              | 'records' must be an array",
            "{\"batchId\":\"x\",\"records\":[1]}                             | 'records[0]' must be an object",
            "{\"batchId\":\"x\",\"records\":[                                | not valid JSON",
            "not json                                                        | not valid JSON",
            "{\"batchId\":\"x\"} {}                                          | nothing after it",
    })
    void refusesAMalformedBodyNamingThePlace(String body, String detail) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(ApiProblem.class).hasMessageContaining(detail);
    }

    /** Below the preallocation size the body is read into one array of its length; above, as it arrives. */
    @ParameterizedTest
    @ValueSource(ints = {1, 500, 8_000})
    void aBinaryBodyIsReadWhateverItsSizeAndAShortOneIsRefused(int lines) throws IOException {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            records.add(new LogRecord("d-1", "r-1", "web-1", Instant.parse("2026-01-31T12:00:00Z").plusSeconds(i),
                    "stdout", "line " + i + " " + "x".repeat(150)));
        }
        byte[] body = BinaryLogBatch.encode(new LogBatch("b-1", records));
        assertThat(body.length > LogBatchParser.PREALLOCATED_BODY_BYTES).isEqualTo(lines > 500);

        assertThat(LogBatchParser.parseBinary(new ByteArrayInputStream(body), body.length).records())
                .isEqualTo(records);
        assertThat(LogBatchParser.parseBinary(new ByteArrayInputStream(body), -1).records()).isEqualTo(records);
        assertThatThrownBy(() -> LogBatchParser.parseBinary(
                new ByteArrayInputStream(Arrays.copyOf(body, body.length - 1)), body.length))
                .isInstanceOf(ApiProblem.class)
                .hasMessage("The body ended after " + (body.length - 1) + " of its " + body.length + " bytes.");
    }
}
