package io.vigil.command.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.vigil.command.agent.AgentAuthentication;
import io.vigil.command.agent.AgentAuthentication.AgentPrincipal;
import io.vigil.command.alert.AlertEvaluator;
import io.vigil.kernel.metrics.MetricsValidation;
import io.vigil.kernel.protocol.AgentProtocol;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;
import io.vigil.platform.VigilProperties;
import io.vigil.platform.web.ApiProblem;

/**
 * {@code POST /api/agent/v1/metrics} (DESIGN §4): validate, refuse while metrics are off for the target
 * (409), store once per {@code collectedAt}, then evaluate the threshold alerts on a new sample.
 * Answers 202 with {@code accepted} 1, or 0 for a sample already stored.
 */
@RestController
@RequestMapping(AgentProtocol.BASE_PATH)
public class MetricsController {

    // the only two answers, encoded once (no serialiser per request on the hottest agent call)
    private static final byte[] ACCEPTED_ONE = "{\"accepted\":1}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACCEPTED_NONE = "{\"accepted\":0}".getBytes(StandardCharsets.US_ASCII);

    private final MetricsWriter writer;
    private final AlertEvaluator alerts;
    private final Clock clock;
    private final VigilProperties properties;

    public MetricsController(MetricsWriter writer, AlertEvaluator alerts, Clock clock, VigilProperties properties) {
        this.writer = writer;
        this.alerts = alerts;
        this.clock = clock;
        this.properties = properties;
    }

    @PostMapping("/metrics")
    public ResponseEntity<byte[]> metrics(
            @RequestAttribute(AgentAuthentication.ATTRIBUTE) AgentPrincipal agent, @RequestBody MetricsSample sample) {
        Instant now = clock.instant();
        List<String> problems = MetricsValidation.problems(sample, now, now.minus(properties.metrics().retention()));
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid metrics sample", String.join("; ", problems));
        }
        if (!agent.target().metricsEnabled()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "Metrics collection is off",
                    "Metrics collection is switched off for target " + agent.targetId()
                            + "; the heartbeat answer says when to send samples (metricsEnabled).");
        }
        boolean stored = writer.write(agent.targetId(), sample);
        if (stored) {
            alerts.evaluate(agent.target(), sample, now);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON)
                .body(stored ? ACCEPTED_ONE : ACCEPTED_NONE);
    }
}
