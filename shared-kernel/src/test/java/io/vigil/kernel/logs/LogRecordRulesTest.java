package io.vigil.kernel.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.vigil.kernel.logs.LogRecordRules.CleanRecord;
import io.vigil.kernel.protocol.AgentProtocol.LogRecord;

/** Which log records are refused, and how accepted ones are cleaned (issue 3). */
class LogRecordRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(30);

    private static String problem(String deploymentId, String revisionId, String resource, Instant at, String severity,
                                  String body) {
        return LogRecordRules.recordProblem(new LogRecord(deploymentId, revisionId, resource, at, severity, body), NOW,
                RETENTION);
    }

    @Test
    void agentRecordsNeedOnlyATimeAndABody() {
        assertThat(problem(null, null, null, NOW, null, "")).isNull();
        assertThat(problem(null, null, null, null, null, "x")).contains("timestamp is required");
        assertThat(problem(null, null, null, NOW, null, null)).contains("body is required");
        assertThat(problem(null, "rev", null, NOW, null, "x")).contains("without deploymentId");
    }

    @Test
    void containerRecordsNeedAResource() {
        assertThat(problem("d", null, null, NOW, "INFO", "x")).contains("resource is required");
        assertThat(problem("d", null, "  ", NOW, "INFO", "x")).contains("resource is required");
        assertThat(problem("d", null, "web\n1", NOW, "INFO", "x")).contains("control characters");
        assertThat(problem("d", null, "w".repeat(201), NOW, "INFO", "x")).contains("longer than 200");
        assertThat(problem(" ", null, "web-1", NOW, "INFO", "x")).contains("deploymentId is blank");
        assertThat(problem("d", null, "web-1", NOW, "INFO", "x")).isNull();
    }

    @ParameterizedTest
    @CsvSource({"P29D,", "P31D,older than the log retention"})
    void linesOlderThanTheRetentionAreRefused(Duration age, String expected) {
        String problem = problem(null, null, null, NOW.minus(age), null, "x");
        if (expected == null) {
            assertThat(problem).isNull();
        } else {
            assertThat(problem).contains(expected);
        }
    }

    @Test
    void cleaningStripsNulClampsTheFutureAndKeepsUnknownSeverities() {
        CleanRecord clean = LogRecordRules.clean(new LogRecord(null, null, null, NOW.plusSeconds(60), "NOTICE\0-7",
                "a\0b\0"), null, NOW);
        assertThat(clean.body()).isEqualTo("ab");
        assertThat(clean.timestamp()).isEqualTo(NOW);
        assertThat(clean.severity()).isEqualTo("NOTICE-7");
        assertThat(clean.resource()).isEqualTo(LogRecordRules.AGENT_RESOURCE);
    }

    @Test
    void aLineOverTheLimitIsCutAtACharacterBoundaryWithAMarker() {
        String line = "ü".repeat(LogRecordRules.MAX_LINE_BYTES); // 2 bytes each
        String cut = LogRecordRules.truncate(line);
        assertThat(cut).startsWith("üüü").contains("[line truncated: " + 2 * LogRecordRules.MAX_LINE_BYTES + " bytes");
        String kept = cut.substring(0, cut.indexOf(" …[line truncated"));
        assertThat(kept.getBytes(StandardCharsets.UTF_8)).hasSize(LogRecordRules.MAX_LINE_BYTES);
        String exact = "a".repeat(LogRecordRules.MAX_LINE_BYTES);
        assertThat(LogRecordRules.truncate(exact)).isSameAs(exact);
    }
}
