package io.vigil.command.management;

import java.security.Principal;
import java.util.List;
import java.util.Set;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.command.agent.AgentDirectory;
import io.vigil.command.alert.AlertRuleStore;
import io.vigil.kernel.alert.AlertRules;
import io.vigil.kernel.alert.AlertSettingsCommand;
import io.vigil.kernel.alert.AlertSettingsCommand.ChangeAlertDefaults;
import io.vigil.kernel.target.TargetCommand.ChangeAlertRules;
import io.vigil.kernel.target.TargetCommand.DisableMetricsCollection;
import io.vigil.kernel.target.TargetCommand.EnableMetricsCollection;
import io.vigil.platform.web.ApiProblem;

/**
 * Editing a target ({@code PATCH /targets/{id}}: the metrics switch and the target's own alert rules) and the
 * organisation's default alert rules ({@code PUT /alert-rules}). Every change is an event naming who made it.
 * In a patch an absent field stays as it is; a rule field set to {@code null} falls back to the default.
 */
@RestController
@RequestMapping("/api/v1")
public class TargetSettingsController {

    static final Set<String> PATCH_FIELDS = Set.of("metricsEnabled", "diskAlertThresholdPercent",
            "cpuAlertThresholdPercent", "memoryAlertThresholdPercent", "alertForSeconds", "alertHysteresisPercent");
    static final Set<String> DEFAULT_FIELDS = Set.of("diskThresholdPercent", "cpuThresholdPercent",
            "memoryThresholdPercent", "forSeconds", "hysteresisPercent");

    private final CommandGateway commands;
    private final AgentDirectory directory;
    private final AlertRuleStore rules;
    private final java.time.Clock clock;

    public TargetSettingsController(CommandGateway commands, AgentDirectory directory, AlertRuleStore rules,
                                    java.time.Clock clock) {
        this.commands = commands;
        this.directory = directory;
        this.rules = rules;
        this.clock = clock;
    }

    public record TargetSettings(String id, boolean metricsEnabled, AlertRules alertRules, AlertRules effectiveAlertRules) {}

    @PatchMapping("/targets/{targetId}")
    public TargetSettings patch(@PathVariable String targetId, @RequestBody JsonNode body, Principal who) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("The body must be a JSON object with any of " + PATCH_FIELDS);
        }
        List<String> problems = AlertRuleRequests.newList();
        AlertRuleRequests.rejectUnknown(body, PATCH_FIELDS, problems);
        JsonNode metrics = body.get("metricsEnabled");
        if (metrics != null && !metrics.isBoolean()) {
            problems.add("metricsEnabled must be true or false");
        }
        Double disk = AlertRuleRequests.percent(body, "diskAlertThresholdPercent", problems);
        Double cpu = AlertRuleRequests.percent(body, "cpuAlertThresholdPercent", problems);
        Double memory = AlertRuleRequests.percent(body, "memoryAlertThresholdPercent", problems);
        Long forSeconds = AlertRuleRequests.seconds(body, "alertForSeconds", problems);
        Double hysteresis = AlertRuleRequests.hysteresis(body, "alertHysteresisPercent", problems);
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid target settings", String.join("; ", problems));
        }
        AgentDirectory.TargetEntry target = directory.target(targetId);
        if (target == null) {
            throw ApiProblem.notFound("Target", targetId);
        }
        if (metrics != null) {
            commands.sendAndWait(metrics.booleanValue()
                    ? new EnableMetricsCollection(targetId, who.getName())
                    : new DisableMetricsCollection(targetId, who.getName(), clock.instant()));
        }
        AlertRules current = rules.targetRules(targetId);
        AlertRules changed = new AlertRules(
                body.has("diskAlertThresholdPercent") ? disk : current.diskThresholdPercent(),
                body.has("cpuAlertThresholdPercent") ? cpu : current.cpuThresholdPercent(),
                body.has("memoryAlertThresholdPercent") ? memory : current.memoryThresholdPercent(),
                body.has("alertForSeconds") ? forSeconds : current.forSeconds(),
                body.has("alertHysteresisPercent") ? hysteresis : current.hysteresisPercent());
        if (!changed.equals(current)) {
            commands.sendAndWait(new ChangeAlertRules(targetId, changed, who.getName()));
        }
        boolean enabled = metrics != null ? metrics.booleanValue() : target.metricsEnabled();
        return new TargetSettings(targetId, enabled, changed, changed.over(rules.defaults()));
    }

    @PutMapping("/alert-rules")
    public ResponseEntity<AlertRules> putDefaults(@RequestBody JsonNode body, Principal who) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("The body must be a JSON object with " + DEFAULT_FIELDS);
        }
        List<String> problems = AlertRuleRequests.newList();
        AlertRuleRequests.rejectUnknown(body, DEFAULT_FIELDS, problems);
        Double disk = AlertRuleRequests.percent(body, "diskThresholdPercent", problems);
        Double cpu = AlertRuleRequests.percent(body, "cpuThresholdPercent", problems);
        Double memory = AlertRuleRequests.percent(body, "memoryThresholdPercent", problems);
        Long forSeconds = AlertRuleRequests.seconds(body, "forSeconds", problems);
        Double hysteresis = AlertRuleRequests.hysteresis(body, "hysteresisPercent", problems);
        if (disk == null && !body.has("diskThresholdPercent") || body.has("diskThresholdPercent") && body.get("diskThresholdPercent").isNull()) {
            problems.add("diskThresholdPercent is required (the disk alert cannot be switched off)");
        }
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid alert rules", String.join("; ", problems));
        }
        AlertRules defaults = new AlertRules(disk, cpu, memory,
                forSeconds == null ? AlertRules.BUILT_IN.forSeconds() : forSeconds,
                hysteresis == null ? AlertRules.BUILT_IN.hysteresisPercent() : hysteresis);
        commands.sendAndWait(new ChangeAlertDefaults(AlertSettingsCommand.settingsId(AlertSettingsCommand.VENDOR),
                defaults, who.getName()));
        return ResponseEntity.ok(defaults);
    }
}
