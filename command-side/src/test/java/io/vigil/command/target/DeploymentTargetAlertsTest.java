package io.vigil.command.target;

import java.time.Instant;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vigil.kernel.alert.AlertCommand.FireAlert;
import io.vigil.kernel.alert.AlertCommand.ResolveAlert;
import io.vigil.kernel.alert.AlertEvent.AlertFired;
import io.vigil.kernel.alert.AlertEvent.AlertResolved;
import io.vigil.kernel.alert.AlertMetric;
import io.vigil.kernel.alert.AlertRules;
import io.vigil.kernel.target.TargetCommand.ChangeAlertRules;
import io.vigil.kernel.target.TargetCommand.DisableMetricsCollection;
import io.vigil.kernel.target.TargetCommand.EnableMetricsCollection;
import io.vigil.kernel.target.TargetEvent.AlertRulesChanged;
import io.vigil.kernel.target.TargetEvent.MetricsCollectionDisabled;
import io.vigil.kernel.target.TargetEvent.MetricsCollectionEnabled;
import io.vigil.kernel.target.TargetEvent.TargetRegistered;
import io.vigil.kernel.target.TargetType;

/** The metrics switch, the target's alert rules and its open alerts are facts with who or what decided them. */
class DeploymentTargetAlertsTest {

    private static final String TARGET = "target-1";
    private static final Instant T1 = Instant.parse("2026-01-31T12:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-31T12:05:00Z");
    private static final String KEY = "disk-L2Rldi92ZGEx";

    private FixtureConfiguration<DeploymentTarget> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DeploymentTarget.class);
    }

    private static TargetRegistered registered() {
        return new TargetRegistered(TARGET, "shop", TargetType.DOCKER, null, "hash", 1, "alice");
    }

    private static FireAlert fire(String alertId, double value) {
        return new FireAlert(TARGET, alertId, KEY, AlertMetric.DISK, "/dev/vda1", "/", null, value, 90.0, "disk", T1);
    }

    private static AlertFired fired(String alertId, double value) {
        return new AlertFired(TARGET, alertId, KEY, AlertMetric.DISK, "/dev/vda1", "/", null, value, 90.0, "disk", T1);
    }

    @Test
    void enablingMetricsRecordsWhoAndEnablingTwiceRecordsNothing() {
        fixture.given(registered()).when(new EnableMetricsCollection(TARGET, "alice"))
                .expectEvents(new MetricsCollectionEnabled(TARGET, "alice"));
        fixture.given(registered(), new MetricsCollectionEnabled(TARGET, "alice"))
                .when(new EnableMetricsCollection(TARGET, "bob")).expectNoEvents();
        fixture.given(registered(), new MetricsCollectionEnabled(TARGET, "alice"))
                .when(new DisableMetricsCollection(TARGET, "bob", T2))
                .expectEvents(new MetricsCollectionDisabled(TARGET, "bob"));
        fixture.given(registered()).when(new DisableMetricsCollection(TARGET, "bob", T2)).expectNoEvents();
    }

    @Test
    void switchingMetricsOffResolvesOpenMetricAlertsButNotDeploymentAlerts() {
        AlertFired deployment = new AlertFired(TARGET, "d1", "deployment-ZDE", AlertMetric.DEPLOYMENT_STATUS, null, null,
                "dep-1", null, null, "ERROR", T1);
        fixture.given(registered(), new MetricsCollectionEnabled(TARGET, "alice"), fired("a1", 91), deployment)
                .when(new DisableMetricsCollection(TARGET, "bob", T2))
                .expectEvents(new MetricsCollectionDisabled(TARGET, "bob"),
                        new AlertResolved(TARGET, "a1", KEY, AlertMetric.DISK, "/dev/vda1", "/", null, null, 90.0,
                                "metrics collection switched off by bob", T2));
    }

    @Test
    void changedRulesAreRecordedOnceWithTheActor() {
        AlertRules rules = new AlertRules(80.0, null, null, null, null);
        fixture.given(registered()).when(new ChangeAlertRules(TARGET, rules, "alice"))
                .expectEvents(new AlertRulesChanged(TARGET, rules, "alice"));
        fixture.given(registered(), new AlertRulesChanged(TARGET, rules, "alice"))
                .when(new ChangeAlertRules(TARGET, rules, "bob")).expectNoEvents();
    }

    @Test
    void anAlertFiresOnceUntilResolved() {
        fixture.given(registered()).when(fire("a1", 91)).expectEvents(fired("a1", 91));
        fixture.given(registered(), fired("a1", 91)).when(fire("a2", 95)).expectNoEvents();
    }

    @Test
    void resolvingNamesTheOpenAlertAndOnlyOnce() {
        fixture.given(registered(), fired("a1", 91)).when(new ResolveAlert(TARGET, KEY, 84.0, "back", T2))
                .expectEvents(new AlertResolved(TARGET, "a1", KEY, AlertMetric.DISK, "/dev/vda1", "/", null, 84.0, 90.0,
                        "back", T2));
        fixture.given(registered(), fired("a1", 91),
                new AlertResolved(TARGET, "a1", KEY, AlertMetric.DISK, "/dev/vda1", "/", null, 84.0, 90.0, "back", T2))
                .when(new ResolveAlert(TARGET, KEY, 80.0, "again", T2)).expectNoEvents();
        fixture.given(registered(), fired("a1", 91),
                new AlertResolved(TARGET, "a1", KEY, AlertMetric.DISK, "/dev/vda1", "/", null, 84.0, 90.0, "back", T2))
                .when(fire("a3", 92)).expectEvents(fired("a3", 92));
    }
}
