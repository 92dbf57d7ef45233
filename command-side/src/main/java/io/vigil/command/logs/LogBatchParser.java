package io.vigil.command.logs;

import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import io.vigil.kernel.logs.LogRecordRules;
import io.vigil.kernel.protocol.AgentProtocol.LogBatch;
import io.vigil.kernel.protocol.AgentProtocol.LogRecord;
import io.vigil.kernel.protocol.BinaryLogBatch;
import io.vigil.platform.web.ApiProblem;
import io.vigil.platform.web.BodyTooLargeException;

/**
 * Reads a {@code POST /logs} body: JSON with Jackson's streaming parser, or the binary form
 * ({@link BinaryLogBatch}) that Vigil's agent sends, which needs no parser. Data binding into the protocol
 * records cost several times more per line than this, mostly in the record creators and the timestamp formatter
 * (docs/PERFORMANCE.md: with the write changes, 55 → 29 µs of hub CPU per line). The contract is the
 * one binding had: unknown fields, values of the wrong type and malformed JSON refuse the whole batch with
 * a 400 that names the place; timestamps are RFC 3339 strings.
 */
final class LogBatchParser {

    private static final JsonFactory JSON = new JsonFactory();
    /**
     * A binary batch up to this size is read into one array of its announced length (500 lines ≈ 110 KB); an
     * authenticated client that announces this much and stalls holds no more than it per request thread.
     */
    static final int PREALLOCATED_BODY_BYTES = 256 * 1024;
    private static final String RECORD_FIELDS = "[deploymentId, revisionId, resource, timestamp, severity, body]";

    private LogBatchParser() {
    }

    static LogBatch parse(InputStream body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiProblem.badRequest("The body must be a JSON object {\"batchId\": …, \"records\": […]}.");
            }
            String batchId = null;
            List<LogRecord> records = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "batchId" -> batchId = string(parser, -1, "batchId", null);
                    case "records" -> records = records(parser);
                    default -> throw ApiProblem.badRequest("Unknown field '" + field
                            + "'; the accepted fields are [batchId, records].");
                }
            }
            if (parser.nextToken() != null) {
                throw ApiProblem.badRequest("The body must hold one JSON object and nothing after it.");
            }
            return new LogBatch(batchId, records);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (BodyTooLargeException e) {
            throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "Request body too large", e.getMessage());
        }
    }

    /** A {@value BinaryLogBatch#CONTENT_TYPE} body; the same refusals as JSON, with the same statuses. */
    static LogBatch parseBinary(InputStream body, long contentLength) throws IOException {
        byte[] bytes;
        try {
            // at most the 10 MiB the body limit lets through. readAllBytes and readNBytes(n) gather 8 KB pieces
            // and copy them together (together 5 % of the request threads' samples), so a body of a usual
            // size is read straight into an array of its announced length; a larger announcement is believed
            // only as its bytes arrive, so a client announcing 10 MiB and sending nothing costs no memory
            int read;
            if (contentLength >= 0 && contentLength <= PREALLOCATED_BODY_BYTES) {
                bytes = new byte[(int) contentLength];
                read = body.readNBytes(bytes, 0, bytes.length);
            } else {
                bytes = contentLength >= 0 ? body.readNBytes((int) contentLength) : body.readAllBytes();
                read = bytes.length;
            }
            if (contentLength >= 0 && read < contentLength) {
                throw ApiProblem.badRequest("The body ended after " + read + " of its " + contentLength + " bytes.");
            }
        } catch (BodyTooLargeException e) {
            throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "Request body too large", e.getMessage());
        }
        try {
            return BinaryLogBatch.decode(bytes, LogRecordRules.MAX_RECORDS);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }

    private static List<LogRecord> records(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw ApiProblem.badRequest("'records' must be an array of log records.");
        }
        List<LogRecord> records = new ArrayList<>();
        LogRecord previous = new LogRecord(null, null, null, null, null, null);
        String previousTime = null;
        Instant previousInstant = null;
        for (JsonToken token; (token = parser.nextToken()) != JsonToken.END_ARRAY; ) {
            int index = records.size();
            if (token == JsonToken.VALUE_NULL) {
                records.add(null); // refused with a reason of its own, like any other bad record
                continue;
            }
            if (token != JsonToken.START_OBJECT) {
                throw ApiProblem.badRequest("'records[" + index + "]' must be an object.");
            }
            String deploymentId = null;
            String revisionId = null;
            String resource = null;
            Instant timestamp = null;
            String severity = null;
            String body = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                // a batch is mostly lines of one resource and severity: those values are the previous record's
                // strings when equal, not new ones
                switch (field) {
                    case "deploymentId" -> deploymentId = string(parser, index, field, previous.deploymentId());
                    case "revisionId" -> revisionId = string(parser, index, field, previous.revisionId());
                    case "resource" -> resource = string(parser, index, field, previous.resource());
                    case "timestamp" -> {
                        String text = string(parser, index, field, previousTime);
                        timestamp = text != null && text == previousTime ? previousInstant
                                : timestamp(text, place(index, field));
                        previousTime = text;
                        previousInstant = timestamp;
                    }
                    case "severity" -> severity = string(parser, index, field, previous.severity());
                    case "body" -> body = string(parser, index, field, null);
                    default -> throw ApiProblem.badRequest("Unknown field '" + place(index, field)
                            + "'; the accepted fields are " + RECORD_FIELDS + ".");
                }
            }
            previous = new LogRecord(deploymentId, revisionId, resource, timestamp, severity, body);
            records.add(previous);
        }
        return records;
    }

    /** A string value or null; {@code same} itself when the value equals it. */
    private static String string(JsonParser parser, int index, String field, String same) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> same == null ? parser.getText() : sameOrNew(parser, same);
            case VALUE_NULL -> null;
            default -> throw ApiProblem.badRequest("'" + place(index, field) + "' must be a string.");
        };
    }

    private static String sameOrNew(JsonParser parser, String same) throws IOException {
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        if (length == same.length()) {
            int i = 0;
            while (i < length && chars[offset + i] == same.charAt(i)) {
                i++;
            }
            if (i == length) {
                return same;
            }
        }
        return new String(chars, offset, length);
    }

    /** Where a value is, for a problem: only built when there is one. */
    private static String place(int index, String field) {
        return index < 0 ? field : "records[" + index + "]." + field;
    }

    private static Instant timestamp(String text, String place) {
        if (text == null) {
            return null;
        }
        Instant parsed = instant(text);
        if (parsed == null) {
            throw ApiProblem.badRequest("'" + place + "' must be an RFC 3339 time such as 2026-01-31T12:00:00.123Z, not '"
                    + (text.length() > 64 ? text.substring(0, 64) + "…" : text) + "'.");
        }
        return parsed;
    }

    /**
     * An RFC 3339 time: the UTC form agents send ({@code 2026-01-31T12:00:00.123456789Z}) read directly,
     * any other form (an offset, lower-case letters) by {@link Instant#parse}. Null when it is none.
     */
    static Instant instant(String text) {
        int length = text.length();
        if (length >= 20 && length <= 30 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(length - 1) == 'Z'
                && (length == 20 || text.charAt(19) == '.' && length >= 22)) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int nanos = length == 20 ? 0 : digits(text, 20, length - 1);
            if ((year | month | day | hour | minute | second | nanos) >= 0) {
                for (int i = length - 21; i < 9 && length > 20; i++) {
                    nanos *= 10;
                }
                try {
                    return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
                } catch (DateTimeException e) {
                    return null; // e.g. February 30th
                }
            }
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in text[from, to), or -1 if a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
