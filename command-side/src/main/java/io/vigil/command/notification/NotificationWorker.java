package io.vigil.command.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.vigil.command.alert.AlertingProperties;
import io.vigil.command.notification.NotificationSenders.DeliveryFailed;

/**
 * Delivers queued notifications when due (the injected clock decides): at most
 * {@code vigil.alerts.hourly-cap} new notifications per recipient per clock hour (later ones are recorded
 * as SUPPRESSED), failed attempts retried after {@code retry-backoff}, doubling, up to {@code max-attempts},
 * then FAILED. Every attempt is recorded on the delivery. The queue holds only pending deliveries, so
 * its scan stays small.
 */
@Component
public class NotificationWorker {

    private static final Logger log = LoggerFactory.getLogger(NotificationWorker.class);
    private static final java.time.Duration LEASE = java.time.Duration.ofMinutes(5);

    private final MongoCollection<Document> channels;
    private final MongoCollection<Document> deliveries;
    private final MongoCollection<Document> queue;
    private final MongoCollection<Document> caps;
    private final NotificationSenders senders;
    private final AlertingProperties properties;
    private final Clock clock;

    public NotificationWorker(MongoTemplate mongo, NotificationSenders senders, AlertingProperties properties,
                              Clock clock) {
        this.channels = mongo.getCollection(NotificationChannelController.COLLECTION);
        this.deliveries = mongo.getCollection(NotificationDispatcher.DELIVERIES);
        this.queue = mongo.getCollection(NotificationDispatcher.QUEUE);
        this.caps = mongo.getCollection("notification_caps");
        this.senders = senders;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${vigil.alerts.delivery-interval:1s}")
    public synchronized void deliverDue() {
        Instant now = clock.instant();
        List<Document> due = new ArrayList<>();
        for (Document item : queue.find()) {
            if (!item.getDate("due").toInstant().isAfter(now)) {
                due.add(item);
            }
        }
        due.sort(java.util.Comparator.comparing((Document d) -> d.getDate("due"))
                .thenComparing(d -> d.getObjectId("order"), java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
        for (Document item : due) {
            String id = item.getString("_id");
            // claim it (compare-and-set on the due time): with several nodes, one sends; a node that dies
            // holding the claim leaves it to the others once the lease is over
            Document claimed = queue.findOneAndUpdate(Filters.and(Filters.eq("_id", id), Filters.eq("due", item.getDate("due"))),
                    Updates.set("due", Date.from(now.plus(LEASE))));
            if (claimed == null) {
                continue;
            }
            try {
                attempt(id, now);
            } catch (RuntimeException e) {
                log.warn("Could not process notification delivery {}; the next round tries again", id, e);
            }
        }
    }

    private void attempt(String id, Instant now) {
        Document delivery = deliveries.find(Filters.eq("_id", id)).first();
        if (delivery == null || !"PENDING".equals(delivery.getString("status"))) {
            queue.deleteOne(Filters.eq("_id", id));
            return;
        }
        Document channel = channels.find(Filters.eq("_id", delivery.getString("channelId"))).first();
        List<Document> attempts = delivery.getList("attempts", Document.class, List.of());
        if (channel == null) {
            finish(id, now, "CANCELLED", "the channel was deleted");
            return;
        }
        if (attempts.isEmpty() && overCap(channel.getString("_id"), now)) {
            finish(id, now, "SUPPRESSED", "hourly cap of " + properties.hourlyCap() + " notifications reached for "
                    + delivery.getString("recipient"));
            return;
        }
        try {
            senders.send(delivery, channel);
            finish(id, now, "DELIVERED", "delivered");
        } catch (DeliveryFailed e) {
            int failed = attempts.size() + 1;
            if (failed >= properties.maxAttempts()) {
                finish(id, now, "FAILED", e.getMessage());
            } else {
                Instant next = now.plus(properties.retryDelay(failed));
                deliveries.updateOne(Filters.eq("_id", id), Updates.combine(
                        Updates.push("attempts", attempt(now, "failed", e.getMessage())),
                        Updates.set("nextAttemptAt", Date.from(next))));
                queue.updateOne(Filters.eq("_id", id), Updates.set("due", Date.from(next)));
            }
        }
    }

    private boolean overCap(String channelId, Instant now) {
        long hour = Math.floorDiv(now.getEpochSecond(), 3600);
        Document counter = caps.findOneAndUpdate(Filters.eq("_id", channelId + ":" + hour), Updates.inc("count", 1),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return counter.get("count", Number.class).intValue() > properties.hourlyCap();
    }

    private void finish(String id, Instant now, String status, String detail) {
        deliveries.updateOne(Filters.eq("_id", id), Updates.combine(
                Updates.push("attempts", attempt(now, status.toLowerCase(java.util.Locale.ROOT), detail)),
                Updates.set("status", status), Updates.set("finishedAt", Date.from(now)),
                Updates.unset("nextAttemptAt")));
        queue.deleteOne(Filters.eq("_id", id));
    }

    private static Document attempt(Instant at, String outcome, String detail) {
        return new Document("at", Date.from(at)).append("outcome", outcome).append("detail", detail);
    }
}
