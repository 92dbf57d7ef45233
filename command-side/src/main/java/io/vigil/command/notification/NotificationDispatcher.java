package io.vigil.command.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.alert.AlertEvent.AlertFired;
import io.vigil.kernel.alert.AlertEvent.AlertResolved;
import io.vigil.kernel.alert.AlertMetric;
import io.vigil.kernel.alert.AlertSettingsCommand;

/**
 * Turns each fired and resolved alert into one delivery per notification channel of the organisation,
 * queued for {@link NotificationWorker}. Deliveries are keyed {@code <alert>:<fired|resolved>:<channel>},
 * so an event handled twice queues once. Starts at the head of the stream and never acts in a replay:
 * rebuilding views must not send old alerts again.
 */
@Component
@ProcessingGroup(NotificationDispatcher.PROCESSING_GROUP)
public class NotificationDispatcher {

    public static final String PROCESSING_GROUP = "alert-notifications";
    public static final String DELIVERIES = "notification_deliveries";
    public static final String QUEUE = "notification_queue";

    private final MongoCollection<Document> channels;
    private final MongoCollection<Document> deliveries;
    private final MongoCollection<Document> queue;

    public NotificationDispatcher(MongoTemplate mongo) {
        this.channels = mongo.getCollection(NotificationChannelController.COLLECTION);
        this.deliveries = mongo.getCollection(DELIVERIES);
        this.queue = mongo.getCollection(QUEUE);
    }

    @EventHandler
    @DisallowReplay
    void on(AlertFired event, @Timestamp Instant at) {
        String subject = "[Vigil] FIRING: " + event.message();
        queue(event.alertId(), "fired", event.targetId(), subject, text("FIRING", event.message(), event.metric(),
                event.value(), event.threshold(), event.firedAt()), at);
    }

    @EventHandler
    @DisallowReplay
    void on(AlertResolved event, @Timestamp Instant at) {
        String subject = "[Vigil] RESOLVED: " + event.message();
        queue(event.alertId(), "resolved", event.targetId(), subject, text("RESOLVED", event.message(),
                event.metric(), event.value(), event.threshold(), event.resolvedAt()), at);
    }

    private static String text(String state, String message, AlertMetric metric, Double value, Double threshold,
                               Instant at) {
        StringBuilder text = new StringBuilder(state).append(": ").append(message).append(" (").append(at).append(")");
        if (value != null && threshold != null) {
            text.append(String.format(Locale.ROOT, "\n%s value %.1f %%, threshold %.1f %%", metric, value, threshold));
        }
        return text.toString();
    }

    private void queue(String alertId, String phase, String targetId, String subject, String text, Instant at) {
        List<Document> targets = channels.find(Filters.eq("organisation", AlertSettingsCommand.VENDOR))
                .into(new ArrayList<>());
        for (Document channel : targets) {
            String id = alertId + ":" + phase + ":" + channel.getString("_id");
            Document delivery = new Document("_id", id).append("alertId", alertId).append("phase", phase)
                    .append("targetId", targetId).append("channelId", channel.getString("_id"))
                    .append("channelType", channel.getString("type"))
                    .append("recipient", "EMAIL".equals(channel.getString("type"))
                            ? channel.getString("to") : channel.getString("url"))
                    .append("subject", subject).append("text", text).append("status", "PENDING")
                    .append("createdAt", Date.from(at)).append("attempts", new ArrayList<>());
            try {
                deliveries.insertOne(delivery);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                // handled before; queue it only if that run stopped between the two writes
                Document existing = deliveries.find(Filters.eq("_id", id)).first();
                if (existing == null || !"PENDING".equals(existing.getString("status"))) {
                    continue;
                }
            }
            // "order" keeps deliveries due at the same time in the order of their events
            queue.updateOne(Filters.eq("_id", id), Updates.combine(Updates.setOnInsert("due", Date.from(at)),
                    Updates.setOnInsert("order", new org.bson.types.ObjectId())), new UpdateOptions().upsert(true));
        }
    }
}
