package io.vigil.command.alert;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import io.vigil.kernel.alert.AlertRules;
import io.vigil.kernel.alert.AlertSettingsCommand.ChangeAlertDefaults;
import io.vigil.kernel.alert.AlertSettingsEvent.AlertDefaultsChanged;

/**
 * An organisation's alert settings (today: the default rules). One aggregate per organisation, created by
 * its first change; until then {@link AlertRules#BUILT_IN} applies.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class AlertSettings {

    @AggregateIdentifier
    private String settingsId;
    private AlertRules defaults = AlertRules.BUILT_IN;

    protected AlertSettings() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChangeAlertDefaults command) {
        if (settingsId == null || !Objects.equals(defaults, command.rules())) {
            apply(new AlertDefaultsChanged(command.settingsId(), command.rules(), command.actor()));
        }
    }

    @EventSourcingHandler
    void on(AlertDefaultsChanged event) {
        settingsId = event.settingsId();
        defaults = event.rules();
    }
}
