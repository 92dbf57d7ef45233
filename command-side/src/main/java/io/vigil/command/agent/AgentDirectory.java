package io.vigil.command.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.vigil.kernel.alert.AlertEvent.AlertFired;
import io.vigil.kernel.alert.AlertMetric;
import io.vigil.kernel.alert.AlertRules;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentRevisionCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentStatusChanged;
import io.vigil.kernel.deployment.DeploymentEvent.LogCollectionDisabled;
import io.vigil.kernel.deployment.DeploymentEvent.LogCollectionEnabled;
import io.vigil.kernel.deployment.DeploymentStatus;
import io.vigil.kernel.target.ConnectionStatus;
import io.vigil.kernel.target.TargetEvent.AlertRulesChanged;
import io.vigil.kernel.target.TargetEvent.HeartbeatReceived;
import io.vigil.kernel.target.TargetEvent.MetricsCollectionDisabled;
import io.vigil.kernel.target.TargetEvent.MetricsCollectionEnabled;
import io.vigil.kernel.target.TargetEvent.TargetRegistered;
import io.vigil.kernel.target.TargetEvent.TargetSecretRotated;
import io.vigil.kernel.target.TargetEvent.TargetWentStale;
import io.vigil.kernel.target.TargetType;

/**
 * What the agent API needs to know about a target in one primary-key read: its secret hash and
 * generation, its deployments with their current revision and log-collection switch, and what the
 * aggregates recorded of its connection and each deployment's reported status — so a heartbeat that
 * repeats what is known needs no command and no other read — and its alert rules and watch flag, so that a
 * metrics sample below every threshold needs no alert-state read either.
 *
 * <p>A subscribing processing group over tables next to the event store (migration V2): it is written
 * in the command's own transaction, so when a command returns every node sees its outcome (new
 * credentials, a recorded status), and a command that fails to commit leaves no trace here either.
 */
@Component
@ProcessingGroup(AgentDirectory.PROCESSING_GROUP)
public class AgentDirectory {

    public static final String PROCESSING_GROUP = "agent-directory";

    private static final String READ_TARGET = """
            SELECT t.secret_hash, t.secret_generation, t.metrics_enabled, t.status AS target_status,
                   t.agent_version, t.contact_generation, t.alert_disk, t.alert_cpu, t.alert_memory,
                   t.alert_for_seconds, t.alert_hysteresis, t.alert_watch, t.alert_generation,
                   d.deployment_id, d.revision_id,
                   d.log_collection_enabled, d.reported_revision_id, d.status, d.message
            FROM agent_target t LEFT JOIN agent_deployment d ON d.target_id = t.target_id
            WHERE t.target_id = ? ORDER BY d.deployment_id""";

    private final JdbcTemplate jdbc;

    public AgentDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A deployment as the agent API sees it: the revision to run, the log switch, and the last status
     * the aggregate recorded ({@code reportedRevisionId}, {@code status}, {@code message}).
     */
    public record DeploymentEntry(String deploymentId, String revisionId, boolean logCollectionEnabled,
                                  String reportedRevisionId, DeploymentStatus status, String message) {}

    /**
     * A target as the agent API sees it; {@code status}, {@code agentVersion} and {@code contactGeneration}
     * are what the aggregate recorded of the agent's last contact that changed something.
     */
    public record TargetEntry(String targetId, String secretHash, long secretGeneration, boolean metricsEnabled,
                              ConnectionStatus status, String agentVersion, long contactGeneration,
                              Map<String, DeploymentEntry> deployments, AlertWatch alerts) {}

    /**
     * What metric alert evaluation needs before it reads anything else: the target's own rules, whether a
     * metric alert is open or a threshold is waiting out its duration ({@code watching}), and the generation
     * that every {@link #watchAlerts} increments.
     */
    public record AlertWatch(AlertRules rules, boolean watching, long generation) {
        public static final AlertWatch NONE = new AlertWatch(AlertRules.NONE, false, 0);
    }

    @EventHandler
    void on(TargetRegistered event) {
        jdbc.update("INSERT INTO agent_target (target_id, target_type, secret_hash, secret_generation, metrics_enabled,"
                        + " status, contact_generation) VALUES (?, ?, ?, ?, FALSE, ?, 0)",
                event.targetId(), event.type().name(), event.secretHash(), event.secretGeneration(),
                ConnectionStatus.NOT_CONNECTED.name());
    }

    @EventHandler
    void on(HeartbeatReceived event) {
        jdbc.update("UPDATE agent_target SET status = ?, agent_version = ?, contact_generation = ? WHERE target_id = ?",
                ConnectionStatus.CONNECTED.name(), event.agentVersion(), event.secretGeneration(), event.targetId());
    }

    /** Written inside the rotation's unit of work: the old generation's tokens fail from the next request on. */
    @EventHandler
    void on(TargetSecretRotated event) {
        jdbc.update("UPDATE agent_target SET secret_hash = ?, secret_generation = ?, status = ? WHERE target_id = ?",
                event.secretHash(), event.secretGeneration(), ConnectionStatus.NOT_CONNECTED.name(), event.targetId());
    }

    @EventHandler
    void on(TargetWentStale event) {
        jdbc.update("UPDATE agent_target SET status = ? WHERE target_id = ?", ConnectionStatus.STALE.name(),
                event.targetId());
    }

    @EventHandler
    void on(MetricsCollectionEnabled event) {
        jdbc.update("UPDATE agent_target SET metrics_enabled = TRUE WHERE target_id = ?", event.targetId());
    }

    @EventHandler
    void on(MetricsCollectionDisabled event) {
        jdbc.update("UPDATE agent_target SET metrics_enabled = FALSE WHERE target_id = ?", event.targetId());
    }

    @EventHandler
    void on(AlertRulesChanged event) {
        AlertRules rules = event.rules() == null ? AlertRules.NONE : event.rules();
        jdbc.update("UPDATE agent_target SET alert_disk = ?, alert_cpu = ?, alert_memory = ?, alert_for_seconds = ?,"
                        + " alert_hysteresis = ? WHERE target_id = ?", rules.diskThresholdPercent(),
                rules.cpuThresholdPercent(), rules.memoryThresholdPercent(), rules.forSeconds(),
                rules.hysteresisPercent(), event.targetId());
    }

    /** An open metric alert is watched until an evaluation finds it resolved (deployment alerts are not evaluated per sample). */
    @EventHandler
    void on(AlertFired event) {
        if (event.metric() != AlertMetric.DEPLOYMENT_STATUS) {
            watchAlerts(event.targetId());
        }
    }

    /** From now on every sample of this target is evaluated against its stored alert state. */
    public void watchAlerts(String targetId) {
        jdbc.update("UPDATE agent_target SET alert_watch = TRUE, alert_generation = alert_generation + 1"
                + " WHERE target_id = ?", targetId);
    }

    /**
     * Samples below every threshold need no stored state again — unless someone watched the target since
     * {@code generation} was read (then the flag stays, and the next evaluation decides).
     */
    public void unwatchAlerts(String targetId, long generation) {
        jdbc.update("UPDATE agent_target SET alert_watch = FALSE WHERE target_id = ? AND alert_generation = ?",
                targetId, generation);
    }

    @EventHandler
    void on(DeploymentCreated event) {
        jdbc.update("INSERT INTO agent_deployment (deployment_id, target_id, log_collection_enabled, status)"
                        + " VALUES (?, ?, ?, ?)",
                event.deploymentId(), event.targetId(), event.logCollectionEnabled(), DeploymentStatus.NO_STATUS.name());
    }

    @EventHandler
    void on(DeploymentRevisionCreated event) {
        jdbc.update("UPDATE agent_deployment SET revision_id = ? WHERE deployment_id = ?", event.revisionId(),
                event.deploymentId());
        jdbc.update("INSERT INTO agent_revision (deployment_id, revision_id, compose_file) VALUES (?, ?, ?)",
                event.deploymentId(), event.revisionId(), event.composeFile());
    }

    @EventHandler
    void on(DeploymentStatusChanged event) {
        jdbc.update("UPDATE agent_deployment SET reported_revision_id = ?, status = ?, message = ? WHERE deployment_id = ?",
                event.revisionId(), event.status().name(), event.message(), event.deploymentId());
    }

    @EventHandler
    void on(LogCollectionEnabled event) {
        logCollection(event.deploymentId(), true);
    }

    @EventHandler
    void on(LogCollectionDisabled event) {
        logCollection(event.deploymentId(), false);
    }

    private void logCollection(String deploymentId, boolean enabled) {
        jdbc.update("UPDATE agent_deployment SET log_collection_enabled = ? WHERE deployment_id = ?", enabled,
                deploymentId);
    }

    /** @return the target with its deployments, or null for an unknown target */
    public TargetEntry target(String targetId) {
        return jdbc.query(READ_TARGET, rows -> {
            if (!rows.next()) {
                return null;
            }
            String secretHash = rows.getString("secret_hash");
            long secretGeneration = rows.getLong("secret_generation");
            boolean metricsEnabled = rows.getBoolean("metrics_enabled");
            ConnectionStatus status = ConnectionStatus.valueOf(rows.getString("target_status"));
            String agentVersion = rows.getString("agent_version");
            long contactGeneration = rows.getLong("contact_generation");
            AlertWatch alerts = new AlertWatch(new AlertRules(number(rows, "alert_disk"), number(rows, "alert_cpu"),
                    number(rows, "alert_memory"), rows.getObject("alert_for_seconds", Long.class),
                    number(rows, "alert_hysteresis")), rows.getBoolean("alert_watch"), rows.getLong("alert_generation"));
            Map<String, DeploymentEntry> deployments = new LinkedHashMap<>();
            do {
                String deploymentId = rows.getString("deployment_id");
                if (deploymentId != null) {
                    deployments.put(deploymentId, new DeploymentEntry(deploymentId, rows.getString("revision_id"),
                            rows.getBoolean("log_collection_enabled"), rows.getString("reported_revision_id"),
                            DeploymentStatus.valueOf(rows.getString("status")), rows.getString("message")));
                }
            } while (rows.next());
            return new TargetEntry(targetId, secretHash, secretGeneration, metricsEnabled, status, agentVersion,
                    contactGeneration, deployments, alerts);
        }, targetId);
    }

    private static Double number(ResultSet rows, String column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }

    /** Whether a revision belongs to a deployment: the current or last reported one without a lookup. */
    public boolean hasRevision(DeploymentEntry deployment, String revisionId) {
        return revisionId.equals(deployment.revisionId()) || revisionId.equals(deployment.reportedRevisionId())
                || isRevision(deployment.deploymentId(), revisionId);
    }

    /** Whether a revision belongs to a deployment (any revision it ever had, not only the current one). */
    public boolean isRevision(String deploymentId, String revisionId) {
        Integer count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM agent_revision WHERE deployment_id = ? AND revision_id = ?", Integer.class,
                deploymentId, revisionId);
        return count != null && count > 0;
    }

    /** @return the target's type, or null for an unknown target */
    public TargetType type(String targetId) {
        return jdbc.query("SELECT target_type FROM agent_target WHERE target_id = ?",
                rows -> rows.next() ? TargetType.valueOf(rows.getString(1)) : null, targetId);
    }

    /** What an agent applies for a revision: its Compose file, null when it has none. */
    public record RevisionEntry(String deploymentId, String revisionId, String composeFile) {}

    /** @return the revision of that deployment, or null when the deployment has no such revision */
    public RevisionEntry revision(String deploymentId, String revisionId) {
        return jdbc.query("SELECT compose_file FROM agent_revision WHERE deployment_id = ? AND revision_id = ?",
                rows -> rows.next() ? new RevisionEntry(deploymentId, revisionId, rows.getString(1)) : null,
                deploymentId, revisionId);
    }

    /** @return the target a deployment belongs to, or null for an unknown deployment */
    public String targetOfDeployment(String deploymentId) {
        return jdbc.query("SELECT target_id FROM agent_deployment WHERE deployment_id = ?",
                rows -> rows.next() ? rows.getString(1) : null, deploymentId);
    }
}
