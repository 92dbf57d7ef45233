package io.vigil.platform.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

/**
 * A retried create with the same {@code Idempotency-Key} header writes once and gets the first answer
 * again (marked {@code Idempotent-Replayed: true}). Keys are per user and operation, kept 24 hours.
 * Secrets are never stored: a replayed answer has them redacted (they are shown once).
 */
@Component
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    private static final Duration KEEP = Duration.ofHours(24);

    private final MongoCollection<Document> keys;
    private final ObjectMapper json;
    private final Clock clock;

    public IdempotentRequests(MongoTemplate mongo, ObjectMapper json, Clock clock) {
        this.keys = mongo.getCollection("idempotency_keys");
        this.json = json;
        this.clock = clock;
    }

    public <T> ResponseEntity<T> once(String key, String actor, String operation, Object request, Class<T> type,
                                      Supplier<ResponseEntity<T>> action, UnaryOperator<T> redact) {
        if (key == null) {
            return action.get();
        }
        if (key.isBlank() || key.length() > 200 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiProblem.badRequest(HEADER + " must be 1 to 200 visible ASCII characters");
        }
        String id = sha256(actor + "\n" + operation + "\n" + key);
        String fingerprint = sha256(write(request));
        try {
            keys.insertOne(new Document("_id", id).append("fingerprint", fingerprint).append("state", "pending")
                    .append("createdAt", Date.from(clock.instant())));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return replay(keys.find(Filters.eq("_id", id)).first(), fingerprint, type);
        }
        ResponseEntity<T> answer;
        try {
            answer = action.get();
        } catch (RuntimeException e) {
            keys.deleteOne(Filters.eq("_id", id)); // nothing was written: the same key may be retried
            throw e;
        }
        T body = answer.getBody() == null ? null : redact.apply(answer.getBody());
        keys.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("state", "done"),
                Updates.set("status", answer.getStatusCode().value()),
                Updates.set("location", answer.getHeaders().getFirst(HttpHeaders.LOCATION)),
                Updates.set("body", write(body))));
        return answer;
    }

    private <T> ResponseEntity<T> replay(Document stored, String fingerprint, Class<T> type) {
        if (stored == null || !fingerprint.equals(stored.getString("fingerprint"))) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Idempotency key reused",
                    HEADER + " was already used for a different request; use a new key for a new request.");
        }
        if (!"done".equals(stored.getString("state"))) {
            throw new ApiProblem(HttpStatus.CONFLICT, "Request in progress",
                    "A request with this " + HEADER + " is still being processed; retry in a moment.");
        }
        try {
            ResponseEntity.BodyBuilder builder = ResponseEntity.status(stored.getInteger("status"))
                    .header("Idempotent-Replayed", "true");
            if (stored.getString("location") != null) {
                builder.header(HttpHeaders.LOCATION, stored.getString("location"));
            }
            return builder.body(json.readValue(stored.getString("body"), type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored answer unreadable", e);
        }
    }

    @Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
    void forgetOldKeys() {
        keys.deleteMany(Filters.lt("createdAt", Date.from(clock.instant().minus(KEEP))));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
