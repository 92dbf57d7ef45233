package io.vigil.kernel.logs;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.vigil.kernel.protocol.AgentProtocol.LogRecord;

/**
 * What the hub does with one log record of an agent batch (issue 3), as small pure functions: which
 * records are refused and why, and how an accepted one is cleaned (NUL bytes stripped, a line over
 * 256 KiB cut with a visible marker, a timestamp in the future clamped to the receive time).
 */
public final class LogRecordRules {

    public static final int MAX_LINE_BYTES = 256 * 1024;
    public static final int MAX_RESOURCE = 200;
    public static final int MAX_SEVERITY = 32;
    public static final int MAX_RECORDS = 100_000;
    public static final int MAX_BATCH_ID = 200;
    /** The resource name of agent records that name none. */
    public static final String AGENT_RESOURCE = "agent";

    private LogRecordRules() {
    }

    /** A record as stored: every field present, cleaned. */
    public record CleanRecord(String deploymentId, String revisionId, String resource, Instant timestamp,
                              String severity, String body) {}

    /** @return why the batch as a whole is refused (400), or null */
    public static String batchProblem(String batchId, Object records, int size) {
        if (batchId == null || batchId.isBlank()) {
            return "batchId is required: a unique id per batch, reused when the same batch is retried";
        }
        if (batchId.length() > MAX_BATCH_ID) {
            return "batchId is longer than " + MAX_BATCH_ID + " characters";
        }
        if (records == null) {
            return "records is required (a list of log records)";
        }
        if (size > MAX_RECORDS) {
            return "records has " + size + " entries; at most " + MAX_RECORDS + " per batch";
        }
        return null;
    }

    /**
     * Shape problems of one record, independent of the target's deployments.
     *
     * @return the reason the record is refused, or null
     */
    public static String recordProblem(LogRecord record, Instant receivedAt, Duration retention) {
        if (record == null) {
            return "record is null";
        }
        boolean container = record.deploymentId() != null;
        if (container && record.deploymentId().isBlank()) {
            return "deploymentId is blank; leave it out for the agent's own log";
        }
        if (container && (record.resource() == null || record.resource().isBlank())) {
            return "resource is required for a container record (e.g. backend-1)";
        }
        if (record.resource() != null) {
            String resource = stripNul(record.resource());
            if (resource.length() > MAX_RESOURCE) {
                return "resource is longer than " + MAX_RESOURCE + " characters";
            }
            if (hasControlCharacter(resource)) {
                return "resource contains control characters";
            }
        }
        if (!container && record.revisionId() != null) {
            return "revisionId is given without deploymentId";
        }
        if (record.timestamp() == null) {
            return "timestamp is required (RFC 3339 UTC)";
        }
        if (record.timestamp().isBefore(receivedAt.minus(retention))) {
            return "timestamp " + record.timestamp() + " is older than the log retention of " + retention;
        }
        if (record.body() == null) {
            return "body is required (an empty string for an empty line)";
        }
        if (record.severity() != null && stripNul(record.severity()).length() > MAX_SEVERITY) {
            return "severity is longer than " + MAX_SEVERITY + " characters";
        }
        return null;
    }

    /** Cleans a record that has no problem; {@code revisionId} is the one to store (given or current). */
    public static CleanRecord clean(LogRecord record, String revisionId, Instant receivedAt) {
        String resource = record.resource() == null || record.resource().isBlank()
                ? AGENT_RESOURCE : stripNul(record.resource()).strip();
        Instant timestamp = record.timestamp().isAfter(receivedAt) ? receivedAt : record.timestamp();
        String severity = record.severity() == null ? null : stripNul(record.severity());
        return new CleanRecord(record.deploymentId(), revisionId, resource, timestamp, severity,
                truncate(stripNul(record.body())));
    }

    /** A plain loop: checked for every record, where a stream pipeline cost more than the check. */
    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    static String stripNul(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace("\0", "");
    }

    /** A line over {@link #MAX_LINE_BYTES} UTF-8 bytes is cut at a character boundary and marked. */
    static String truncate(String body) {
        if (body.length() <= MAX_LINE_BYTES / 3) {
            return body; // cannot exceed the limit even if every character takes 3 bytes
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_LINE_BYTES) {
            return body;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.IGNORE);
        CharBuffer kept = CharBuffer.allocate(MAX_LINE_BYTES);
        decoder.decode(ByteBuffer.wrap(bytes, 0, MAX_LINE_BYTES), kept, true);
        kept.flip();
        return kept + " …[line truncated: " + bytes.length + " bytes, " + MAX_LINE_BYTES + " kept]";
    }
}
