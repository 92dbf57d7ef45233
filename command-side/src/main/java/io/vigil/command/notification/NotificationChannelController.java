package io.vigil.command.notification;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import io.vigil.kernel.alert.AlertSettingsCommand;
import io.vigil.platform.web.ApiProblem;
import io.vigil.platform.web.IdempotentRequests;

/**
 * Where alerts are sent, per organisation: e-mail addresses and webhooks. A webhook's signing secret is
 * stored to sign deliveries, and never shown again or logged (answers say only {@code signed}).
 * Listing is {@code GET /api/v1/notification-channels} on the query side.
 */
@RestController
@RequestMapping("/api/v1/notification-channels")
public class NotificationChannelController {

    public static final String COLLECTION = "notification_channels";
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]{1,255}$");

    private final MongoCollection<Document> channels;
    private final Clock clock;

    private final IdempotentRequests idempotency;

    public NotificationChannelController(MongoTemplate mongo, Clock clock, IdempotentRequests idempotency) {
        this.channels = mongo.getCollection(COLLECTION);
        this.clock = clock;
        this.idempotency = idempotency;
    }

    public enum ChannelType { EMAIL, WEBHOOK }

    public record CreateChannel(ChannelType type, String name, String to, String url, String secret) {}

    public record Channel(String id, ChannelType type, String name, String to, String url, boolean signed) {}

    /** Honours an {@code Idempotency-Key} header: a retried create writes one channel. */
    @PostMapping
    public ResponseEntity<Channel> create(@RequestBody CreateChannel request, Principal who,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        return idempotency.once(key, who.getName(), "create-notification-channel", request, Channel.class,
                () -> createChannel(request, who), created -> created);
    }

    private ResponseEntity<Channel> createChannel(CreateChannel request, Principal who) {
        List<String> problems = new ArrayList<>();
        if (request.type() == null) {
            problems.add("type is required: EMAIL or WEBHOOK");
        }
        if (request.name() == null || request.name().isBlank() || request.name().length() > 100
                || request.name().chars().anyMatch(Character::isISOControl)) {
            problems.add("name is required (at most 100 printable characters)");
        }
        if (request.type() == ChannelType.EMAIL) {
            if (request.to() == null || !EMAIL.matcher(request.to()).matches()) {
                problems.add("to must be an e-mail address");
            }
            if (request.url() != null || request.secret() != null) {
                problems.add("url and secret belong to webhooks");
            }
        }
        if (request.type() == ChannelType.WEBHOOK) {
            if (!validUrl(request.url())) {
                problems.add("url must be an absolute http or https URL (at most 2000 characters)");
            }
            if (request.secret() != null && (request.secret().length() < 16 || request.secret().length() > 256)) {
                problems.add("secret must be 16 to 256 characters");
            }
            if (request.to() != null) {
                problems.add("to belongs to e-mail channels");
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid notification channel", String.join("; ", problems));
        }
        String id = UUID.randomUUID().toString();
        channels.insertOne(new Document("_id", id).append("organisation", AlertSettingsCommand.VENDOR)
                .append("type", request.type().name()).append("name", request.name().strip())
                .append("to", request.to()).append("url", request.url()).append("secret", request.secret())
                .append("createdBy", who.getName()).append("createdAt", Date.from(clock.instant())));
        return ResponseEntity.created(URI.create("/api/v1/notification-channels/" + id))
                .body(new Channel(id, request.type(), request.name().strip(), request.to(), request.url(),
                        request.secret() != null));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        if (channels.deleteOne(Filters.eq("_id", id)).getDeletedCount() == 0) {
            throw ApiProblem.notFound("Notification channel", id);
        }
        return ResponseEntity.noContent().build();
    }

    private static boolean validUrl(String url) {
        if (url == null || url.length() > 2000) {
            return false;
        }
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
