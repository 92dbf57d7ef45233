package io.vigil.command.alert;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

import io.vigil.command.notification.NotificationDispatcher;

/**
 * Alert wiring: the alert state is written inside the command (a failure fails the command, as for the agent
 * directory); the processors that act on events (deployment alerts, notifications) start at the head of the
 * stream when first run, so switching Vigil to this version does not alert on old history.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertingProperties.class)
public class AlertingConfiguration {

    @Autowired
    void alertStateFailsItsCommand(EventProcessingConfigurer configurer) {
        configurer.registerListenerInvocationErrorHandler(AlertRuleStore.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
        for (String group : new String[] {DeploymentAlertTrigger.PROCESSING_GROUP,
                NotificationDispatcher.PROCESSING_GROUP}) {
            configurer.registerTrackingEventProcessor(group, org.axonframework.config.Configuration::eventStore,
                    configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                            .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
        }
    }
}
