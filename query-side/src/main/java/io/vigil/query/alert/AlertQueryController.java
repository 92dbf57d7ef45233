package io.vigil.query.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.vigil.kernel.listing.Window;
import io.vigil.platform.security.TargetAccess;
import io.vigil.platform.web.ApiProblem;
import io.vigil.platform.web.Cursors;
import io.vigil.query.alert.AlertProjection.AlertView;

/**
 * Alerts, open and past ({@code GET /alerts?targetId&state&limit&cursor}), and the notification side:
 * channels (secrets never shown) and every delivery with its attempts.
 */
@RestController
@RequestMapping("/api/v1")
public class AlertQueryController {

    private static final String CURSOR = "alerts";

    private final AlertProjection alerts;
    private final MongoCollection<Document> channels;
    private final MongoCollection<Document> deliveries;
    private final MongoCollection<Document> settings;
    private final MongoCollection<Document> states;
    private final MongoCollection<Document> targetViews;

    private final TargetAccess access;

    public AlertQueryController(AlertProjection alerts, MongoTemplate mongo, TargetAccess access) {
        this.alerts = alerts;
        this.access = access;
        this.settings = mongo.getCollection("alert_settings");
        this.states = mongo.getCollection("alert_state");
        this.targetViews = mongo.getCollection("target_status");
        this.channels = mongo.getCollection("notification_channels");
        this.deliveries = mongo.getCollection("notification_deliveries");
    }

    public record AlertList(List<AlertView> items, String nextCursor) {}

    public record ChannelView(String id, String type, String name, String to, String url, boolean signed,
                              String createdBy, Instant createdAt) {}

    public record Attempt(Instant at, String outcome, String detail) {}

    public record DeliveryView(String id, String alertId, String phase, String targetId, String channelId,
                               String channelType, String recipient, String subject, String status,
                               Instant createdAt, Instant nextAttemptAt, Instant finishedAt, List<Attempt> attempts) {}

    @GetMapping("/alerts")
    public AlertList list(@RequestParam(required = false) String targetId,
                          @RequestParam(defaultValue = "all") String state,
                          @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        if (targetId != null) {
            access.requireRead(targetId);
        }
        if (!List.of("open", "resolved", "all").contains(state)) {
            throw ApiProblem.badRequest("state must be open, resolved or all");
        }
        int size = limit == null ? Window.DEFAULT_LIMIT : limit;
        if (size < 1 || size > Window.MAX_LIMIT) {
            throw ApiProblem.badRequest("limit must be between 1 and " + Window.MAX_LIMIT);
        }
        long offset = cursor == null || cursor.isBlank() ? 0 : Cursors.decodeLong(CURSOR, cursor);
        if (offset < 0 || offset > Integer.MAX_VALUE) {
            throw ApiProblem.badRequest("cursor is not a cursor of this listing; use nextCursor from a previous page");
        }
        List<AlertView> page = alerts.list(targetId, access.listableTargets().orElse(null), state, (int) offset, size);
        boolean more = page.size() > size;
        return new AlertList(more ? page.subList(0, size) : page,
                more ? Cursors.encode(CURSOR, String.valueOf(offset + size)) : null);
    }

    public record Rules(Double diskThresholdPercent, Double cpuThresholdPercent, Double memoryThresholdPercent,
                        Long forSeconds, Double hysteresisPercent) {}

    public record TargetRules(String targetId, Rules alertRules, Rules organisationDefaults) {}

    /** The organisation-wide default alert rules (built in: disk 90 %, for 60 s, hysteresis 5 points). */
    @GetMapping("/alert-rules")
    public Rules defaults() {
        access.requireVendor();
        return organisationDefaults();
    }

    private Rules organisationDefaults() {
        Document doc = settings.find(Filters.eq("_id", "alert-settings/vendor")).first();
        return doc == null ? new Rules(90.0, null, null, 60L, 5.0) : rules(doc.get("defaults", Document.class));
    }

    /** A target's own rules (null parts: the default applies) next to the defaults. */
    @GetMapping("/targets/{targetId}/alert-rules")
    public TargetRules targetRules(@org.springframework.web.bind.annotation.PathVariable String targetId) {
        access.requireRead(targetId);
        if (targetViews.find(Filters.eq("_id", targetId)).first() == null) {
            throw ApiProblem.notFound("Target", targetId);
        }
        Document state = states.find(Filters.eq("_id", targetId)).first();
        Document own = state == null ? null : state.get("rules", Document.class);
        return new TargetRules(targetId, own == null ? new Rules(null, null, null, null, null) : rules(own), organisationDefaults());
    }

    private static Rules rules(Document doc) {
        Number forSeconds = doc.get("forSeconds", Number.class);
        return new Rules(number(doc, "disk"), number(doc, "cpu"), number(doc, "memory"),
                forSeconds == null ? null : forSeconds.longValue(), number(doc, "hysteresis"));
    }

    private static Double number(Document doc, String field) {
        Number n = doc.get(field, Number.class);
        return n == null ? null : n.doubleValue();
    }

    @GetMapping("/notification-channels")
    public List<ChannelView> channels() {
        access.requireVendor();
        List<ChannelView> out = new ArrayList<>();
        for (Document c : channels.find().sort(Sorts.ascending("name", "_id"))) {
            out.add(new ChannelView(c.getString("_id"), c.getString("type"), c.getString("name"), c.getString("to"),
                    c.getString("url"), c.getString("secret") != null, c.getString("createdBy"),
                    instant(c.getDate("createdAt"))));
        }
        return out;
    }

    @GetMapping("/notification-deliveries")
    public List<DeliveryView> deliveries(@RequestParam(required = false) String alertId,
                                         @RequestParam(required = false) Integer limit) {
        access.requireVendor();
        int size = limit == null ? Window.DEFAULT_LIMIT : limit;
        if (size < 1 || size > Window.MAX_LIMIT) {
            throw ApiProblem.badRequest("limit must be between 1 and " + Window.MAX_LIMIT);
        }
        List<DeliveryView> out = new ArrayList<>();
        for (Document d : deliveries.find(alertId == null ? new Document() : Filters.eq("alertId", alertId))
                .sort(Sorts.orderBy(Sorts.descending("createdAt"), Sorts.ascending("_id"))).limit(size)) {
            List<Attempt> attempts = d.getList("attempts", Document.class, List.of()).stream()
                    .map(a -> new Attempt(instant(a.getDate("at")), a.getString("outcome"), a.getString("detail")))
                    .toList();
            out.add(new DeliveryView(d.getString("_id"), d.getString("alertId"), d.getString("phase"),
                    d.getString("targetId"), d.getString("channelId"), d.getString("channelType"),
                    d.getString("recipient"), d.getString("subject"), d.getString("status"),
                    instant(d.getDate("createdAt")), instant(d.getDate("nextAttemptAt")),
                    instant(d.getDate("finishedAt")), attempts));
        }
        return out;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
