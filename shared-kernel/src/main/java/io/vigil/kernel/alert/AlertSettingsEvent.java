package io.vigil.kernel.alert;

/** Facts about an organisation's alert settings. */
public sealed interface AlertSettingsEvent {

    String settingsId();

    record AlertDefaultsChanged(String settingsId, AlertRules rules, String actor) implements AlertSettingsEvent {}
}
