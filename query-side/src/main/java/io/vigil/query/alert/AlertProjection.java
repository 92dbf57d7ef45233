package io.vigil.query.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.alert.AlertEvent.AlertFired;
import io.vigil.kernel.alert.AlertEvent.AlertResolved;
import io.vigil.kernel.alert.AlertMetric;

/**
 * The alerts view: one document per alert ({@code _id} = alert id), open until resolved, built only from
 * AlertFired / AlertResolved so a replay rebuilds it exactly; each update is a {@code $set}, so handling an
 * event twice changes nothing. Alerts are few (they fire on changes), so the listing filters in the store.
 */
@Component
@ProcessingGroup(AlertProjection.PROCESSING_GROUP)
public class AlertProjection {

    public static final String PROCESSING_GROUP = "alerts";

    private final MongoCollection<Document> alerts;

    public AlertProjection(MongoTemplate mongo) {
        this.alerts = mongo.getCollection("alerts");
    }

    public record AlertView(String id, String targetId, AlertMetric metric, String device, String mountPath,
                            String deploymentId, Double value, Double threshold, String message, boolean open,
                            Instant firedAt, Instant resolvedAt, Double resolvedValue, String resolvedMessage) {}

    @EventHandler
    void on(AlertFired event) {
        alerts.updateOne(Filters.eq("_id", event.alertId()), Updates.combine(
                Updates.set("targetId", event.targetId()), Updates.set("key", event.key()),
                Updates.set("metric", event.metric().name()), Updates.set("device", event.device()),
                Updates.set("mountPath", event.mountPath()), Updates.set("deploymentId", event.deploymentId()),
                Updates.set("value", event.value()), Updates.set("threshold", event.threshold()),
                Updates.set("message", event.message()), Updates.set("firedAt", Date.from(event.firedAt())),
                Updates.setOnInsert("open", true)), new UpdateOptions().upsert(true));
    }

    @EventHandler
    void on(AlertResolved event) {
        alerts.updateOne(Filters.eq("_id", event.alertId()), Updates.combine(
                Updates.set("open", false), Updates.set("resolvedAt", Date.from(event.resolvedAt())),
                Updates.set("resolvedValue", event.value()), Updates.set("resolvedMessage", event.message())),
                new UpdateOptions().upsert(true));
    }

    @ResetHandler
    void reset() {
        alerts.deleteMany(new Document());
    }

    /** Newest first; {@code state}: open, resolved or all. Fetches {@code limit + 1} to tell if more follow. */
    /** @param visibleTargets the caller's targets, or null when the caller may see every target */
    public List<AlertView> list(String targetId, java.util.Set<String> visibleTargets, String state, int offset,
                                int limit) {
        List<Bson> filters = new ArrayList<>();
        if (targetId != null) {
            filters.add(Filters.eq("targetId", targetId));
        }
        if (visibleTargets != null) {
            filters.add(Filters.in("targetId", visibleTargets));
        }
        if ("open".equals(state)) {
            filters.add(Filters.eq("open", true));
        } else if ("resolved".equals(state)) {
            filters.add(Filters.eq("open", false));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        List<AlertView> out = new ArrayList<>();
        for (Document d : alerts.find(filter).sort(Sorts.orderBy(Sorts.descending("firedAt"), Sorts.ascending("_id")))
                .skip(offset).limit(limit + 1)) {
            out.add(new AlertView(d.getString("_id"), d.getString("targetId"),
                    d.getString("metric") == null ? null : AlertMetric.valueOf(d.getString("metric")),
                    d.getString("device"), d.getString("mountPath"), d.getString("deploymentId"),
                    number(d, "value"), number(d, "threshold"), d.getString("message"), d.getBoolean("open", false),
                    instant(d.getDate("firedAt")), instant(d.getDate("resolvedAt")), number(d, "resolvedValue"),
                    d.getString("resolvedMessage")));
        }
        return out;
    }

    private static Double number(Document d, String field) {
        Number n = d.get(field, Number.class);
        return n == null ? null : n.doubleValue();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
