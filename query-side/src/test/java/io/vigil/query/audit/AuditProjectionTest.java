package io.vigil.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vigil.kernel.alert.AlertRules;
import io.vigil.kernel.listing.Window;
import io.vigil.kernel.query.AuditQueries.AuditEntry;
import io.vigil.kernel.query.AuditQueries.FetchAuditTrail;
import io.vigil.kernel.target.TargetEvent.AlertRulesChanged;
import io.vigil.kernel.target.TargetEvent.TargetRegistered;
import io.vigil.kernel.target.TargetType;
import io.vigil.testing.MongoForTests;

class AuditProjectionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private MongoForTests mongo;
    private AuditProjection projection;

    @BeforeEach
    void setUp() {
        mongo = new MongoForTests();
        projection = new AuditProjection(mongo.template());
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    private void on(Object event, Instant at) {
        projection.on(event, GenericEventMessage.asEventMessage(event), at);
    }

    private AuditEntry newest(String targetId) {
        return projection.handle(new FetchAuditTrail(targetId, null, null, new Window(null, null, null, false, false, 10, null)))
                .items().get(0);
    }

    @Test
    void aChangeOfAlertRulesRecordsTheRulesThatWereSetWithoutTheUnsetOnes() {
        on(new TargetRegistered("t1", "edge", TargetType.DOCKER, null, "hash", 1, "admin"), T0);
        on(new AlertRulesChanged("t1", new AlertRules(80.0, null, null, 30L, null), "admin"), T0.plusSeconds(1));

        AuditEntry entry = newest("t1");
        assertThat(entry.action()).isEqualTo("AlertRulesChanged");
        assertThat(entry.details()).containsOnlyKeys("rules");
        @SuppressWarnings("unchecked")
        Map<String, Object> rules = (Map<String, Object>) entry.details().get("rules");
        assertThat(rules).containsExactlyInAnyOrderEntriesOf(Map.of("diskThresholdPercent", 80.0, "forSeconds", 30L));
    }

    @Test
    void secretsStayOutOfTheTrail() {
        on(new TargetRegistered("t1", "edge", TargetType.DOCKER, null, "hash", 1, "admin"), T0);

        assertThat(newest("t1").details()).containsOnlyKeys("name", "type", "secretGeneration");
    }
}
