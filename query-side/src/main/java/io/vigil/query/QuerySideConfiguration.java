package io.vigil.query;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

import io.vigil.kernel.deployment.DeploymentEvent;
import io.vigil.kernel.target.TargetEvent;
import io.vigil.query.history.DeploymentStatusHistoryProjection;
import io.vigil.query.target.TargetStatusProjection;

/**
 * Projections run in two segments so that several query nodes share the work. The target view is one
 * document per target updated by both target and deployment events, so its events are sequenced by
 * target (a deployment's first event must not overtake its target's registration).
 */
@Configuration(proxyBeanMethods = false)
public class QuerySideConfiguration {

    static final SequencingPolicy<EventMessage<?>> BY_TARGET = event -> {
        Object payload = event.getPayload();
        if (payload instanceof TargetEvent target) {
            return target.targetId();
        }
        if (payload instanceof DeploymentEvent deployment) {
            return deployment.targetId();
        }
        return null; // no ordering needed
    };

    @Autowired
    void sequenceTargetViewByTarget(EventProcessingConfigurer configurer) {
        configurer.registerSequencingPolicy(TargetStatusProjection.PROCESSING_GROUP, configuration -> BY_TARGET);
        // the history labels each deployment with its target's organisation: assignment before creation order
        configurer.registerSequencingPolicy(DeploymentStatusHistoryProjection.PROCESSING_GROUP,
                configuration -> BY_TARGET);
    }
}
