package io.vigil.kernel.alert;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Organisation-wide alert settings. Until organisations exist there is one, {@link #VENDOR}; the aggregate
 * id is {@code alert-settings/<organisation>} so a later per-organisation split only adds ids.
 */
public sealed interface AlertSettingsCommand {

    String VENDOR = "vendor";

    String settingsId();

    static String settingsId(String organisation) {
        return "alert-settings/" + organisation;
    }

    /** The default rules every target uses where it has none of its own; every part must be set but CPU and memory. */
    record ChangeAlertDefaults(@TargetAggregateIdentifier String settingsId, AlertRules rules, String actor)
            implements AlertSettingsCommand {}
}
