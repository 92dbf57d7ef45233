package io.vigil.command.alert;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.vigil.kernel.alert.AlertEvent.AlertFired;
import io.vigil.kernel.alert.AlertEvent.AlertResolved;
import io.vigil.kernel.alert.AlertRules;
import io.vigil.kernel.alert.AlertSettingsCommand;
import io.vigil.kernel.alert.AlertSettingsEvent.AlertDefaultsChanged;
import io.vigil.kernel.target.TargetEvent.AlertRulesChanged;
import io.vigil.kernel.target.TargetEvent.TargetRegistered;

/**
 * What alert evaluation needs about a target in one {@code _id} read ({@code alert_state}): its own rules,
 * its open alerts (as the aggregate recorded them) and the thresholds crossed but still waiting out their
 * {@code for} duration. The organisation defaults ({@code alert_settings}) are cached for a few seconds.
 *
 * <p>A subscribing processing group, written inside the command's unit of work, so evaluation never sees
 * an alert as closed that the aggregate has open.
 */
@Component
@ProcessingGroup(AlertRuleStore.PROCESSING_GROUP)
public class AlertRuleStore {

    public static final String PROCESSING_GROUP = "alert-state";
    private static final long DEFAULTS_CACHE_NANOS = 2_000_000_000L;

    private final MongoCollection<Document> states;
    private final MongoCollection<Document> settings;
    private volatile AlertRules cachedDefaults;
    private volatile long cachedAt;

    public AlertRuleStore(MongoTemplate mongo) {
        this.states = mongo.getCollection("alert_state");
        this.settings = mongo.getCollection("alert_settings");
    }

    /** One target's evaluation state. {@code open}: key → alert id; {@code pending}: key → above since. */
    public record TargetAlertState(String targetId, String targetName, AlertRules rules, Map<String, String> open,
                                   Map<String, Instant> pending) {}

    @EventHandler
    void on(TargetRegistered event) {
        states.updateOne(Filters.eq("_id", event.targetId()), Updates.set("name", event.name()),
                new UpdateOptions().upsert(true));
    }

    @EventHandler
    void on(AlertRulesChanged event) {
        states.updateOne(Filters.eq("_id", event.targetId()), Updates.set("rules", rules(event.rules())),
                new UpdateOptions().upsert(true));
    }

    @EventHandler
    void on(AlertDefaultsChanged event) {
        settings.updateOne(Filters.eq("_id", event.settingsId()), Updates.set("defaults", rules(event.rules())),
                new UpdateOptions().upsert(true));
        cachedDefaults = null;
    }

    @EventHandler
    void on(AlertFired event) {
        states.updateOne(Filters.eq("_id", event.targetId()), Updates.combine(
                Updates.set("open." + event.key(), event.alertId()),
                Updates.unset("pending." + event.key())), new UpdateOptions().upsert(true));
    }

    @EventHandler
    void on(AlertResolved event) {
        states.updateOne(Filters.eq("_id", event.targetId()), Updates.unset("open." + event.key()));
    }

    public TargetAlertState state(String targetId) {
        Document doc = states.find(Filters.eq("_id", targetId)).first();
        Map<String, String> open = new HashMap<>();
        Map<String, Instant> pending = new HashMap<>();
        if (doc == null) {
            return new TargetAlertState(targetId, null, AlertRules.NONE, open, pending);
        }
        Document o = doc.get("open", Document.class);
        if (o != null) {
            o.forEach((key, id) -> open.put(key, (String) id));
        }
        Document p = doc.get("pending", Document.class);
        if (p != null) {
            p.forEach((key, since) -> pending.put(key, ((Date) since).toInstant()));
        }
        return new TargetAlertState(targetId, doc.getString("name"), rules(doc.get("rules", Document.class)), open,
                pending);
    }

    public AlertRules targetRules(String targetId) {
        return state(targetId).rules();
    }

    /** Records which thresholds started (instant) or stopped (null) waiting out their {@code for} duration. */
    public void updatePending(String targetId, Map<String, Instant> changes) {
        if (changes.isEmpty()) {
            return;
        }
        states.updateOne(Filters.eq("_id", targetId), Updates.combine(changes.entrySet().stream()
                .map(e -> e.getValue() == null ? Updates.unset("pending." + e.getKey())
                        : Updates.set("pending." + e.getKey(), Date.from(e.getValue())))
                .toList()), new UpdateOptions().upsert(true));
    }

    /** The organisation-wide default rules (built in until someone changes them). */
    public AlertRules defaults() {
        AlertRules cached = cachedDefaults;
        if (cached != null && System.nanoTime() - cachedAt < DEFAULTS_CACHE_NANOS) {
            return cached;
        }
        Document doc = settings.find(Filters.eq("_id",
                AlertSettingsCommand.settingsId(AlertSettingsCommand.VENDOR))).first();
        AlertRules defaults = doc == null ? AlertRules.BUILT_IN : rules(doc.get("defaults", Document.class));
        cachedDefaults = defaults;
        cachedAt = System.nanoTime();
        return defaults;
    }

    static Document rules(AlertRules rules) {
        return new Document("disk", rules.diskThresholdPercent()).append("cpu", rules.cpuThresholdPercent())
                .append("memory", rules.memoryThresholdPercent()).append("forSeconds", rules.forSeconds())
                .append("hysteresis", rules.hysteresisPercent());
    }

    static AlertRules rules(Document doc) {
        if (doc == null) {
            return AlertRules.NONE;
        }
        Number forSeconds = doc.get("forSeconds", Number.class);
        return new AlertRules(number(doc, "disk"), number(doc, "cpu"), number(doc, "memory"),
                forSeconds == null ? null : forSeconds.longValue(), number(doc, "hysteresis"));
    }

    private static Double number(Document doc, String field) {
        Number n = doc.get(field, Number.class);
        return n == null ? null : n.doubleValue();
    }
}
