package io.vigil.ui;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.kernel.protocol.AgentProtocol.LogBatch;
import io.vigil.kernel.protocol.AgentProtocol.LogRecord;
import io.vigil.kernel.protocol.BinaryLogBatch;
import io.vigil.ui.VigilInstance.Answer;

/** An agent speaking protocol v1 over HTTP, scripted by a test. */
public final class ScriptedAgent {

    private final VigilInstance vigil;
    private final String targetId;
    private String secret;
    private String token;
    private String agentVersion = "1.0.0";

    public ScriptedAgent(VigilInstance vigil, String targetId, String secret) {
        this.vigil = vigil;
        this.targetId = targetId;
        this.secret = secret;
    }

    public record Report(String deploymentId, String revisionId, String status, String message) {}

    public Answer login() {
        Answer answer = vigil.send(vigil.request("/api/agent/v1/login").POST(VigilInstance.body("")),
                VigilInstance.basic(targetId, secret));
        if (answer.status() == 200) {
            token = answer.json().get("token").asText();
        }
        return answer;
    }

    public ScriptedAgent version(String version) {
        this.agentVersion = version;
        return this;
    }

    public String token() {
        return token;
    }

    public Answer heartbeat(Report... reports) {
        List<Map<String, Object>> deployments = new ArrayList<>();
        for (Report report : reports) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("deploymentId", report.deploymentId());
            entry.put("revisionId", report.revisionId());
            entry.put("status", report.status());
            entry.put("message", report.message());
            deployments.add(entry);
        }
        return send("/api/agent/v1/heartbeat", VigilInstance.json(Map.of("agentVersion", agentVersion,
                "deployments", deployments)));
    }

    /** One metrics sample; {@code disks} are {device, mountPath, fsType, totalBytes, usedBytes} maps. */
    public Answer metrics(java.time.Instant collectedAt, double cpuUsage, double memoryUsage,
                          List<Map<String, Object>> disks) {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("collectedAt", collectedAt.toString());
        sample.put("cpuCores", 4);
        sample.put("cpuUsage", cpuUsage);
        sample.put("memoryBytes", 8L << 30);
        sample.put("memoryUsage", memoryUsage);
        sample.put("disks", disks);
        return send("/api/agent/v1/metrics", VigilInstance.json(sample));
    }

    /** A disk entry for {@link #metrics}: {@code usedPercent} of 100 GB used. */
    public static Map<String, Object> disk(String device, String mountPath, double usedPercent) {
        long total = 100_000_000_000L;
        Map<String, Object> disk = new LinkedHashMap<>();
        disk.put("device", device);
        disk.put("mountPath", mountPath);
        disk.put("fsType", "ext4");
        disk.put("totalBytes", total);
        disk.put("usedBytes", Math.round(total * usedPercent / 100));
        return disk;
    }

    /** One log line; {@code deploymentId} null means the agent's own log. */
    public record Line(String deploymentId, String revisionId, String resource, String timestamp, String severity,
                       String body) {
        public static Line agent(java.time.Instant at, String body) {
            return new Line(null, null, null, at.toString(), "INFO", body);
        }

        public static Line container(String deploymentId, String revisionId, String resource, java.time.Instant at,
                                     String body) {
            return new Line(deploymentId, revisionId, resource, at.toString(), "INFO", body);
        }
    }

    /** {@code POST /logs}: a batch of lines under {@code batchId} (absent fields are left out). */
    public Answer logs(String batchId, List<Line> lines) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Line line : lines) {
            Map<String, Object> record = new LinkedHashMap<>();
            if (line.deploymentId() != null) {
                record.put("deploymentId", line.deploymentId());
            }
            if (line.revisionId() != null) {
                record.put("revisionId", line.revisionId());
            }
            if (line.resource() != null) {
                record.put("resource", line.resource());
            }
            record.put("timestamp", line.timestamp());
            record.put("severity", line.severity());
            record.put("body", line.body());
            records.add(record);
        }
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("batchId", batchId);
        batch.put("records", records);
        return send("/api/agent/v1/logs", VigilInstance.json(batch));
    }

    /** The same batch in the binary form Vigil's agent sends ({@link BinaryLogBatch}). */
    public Answer binaryLogs(String batchId, List<Line> lines) {
        List<LogRecord> records = lines.stream().map(line -> new LogRecord(line.deploymentId(), line.revisionId(),
                line.resource(), line.timestamp() == null ? null : Instant.parse(line.timestamp()), line.severity(),
                line.body())).toList();
        return send("/api/agent/v1/logs", BinaryLogBatch.CONTENT_TYPE,
                BinaryLogBatch.encode(new LogBatch(batchId, records)));
    }

    public Answer send(String path, String contentType, byte[] body) {
        return vigil.send(vigil.request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType), token == null ? null : "Bearer " + token);
    }

    public Answer send(String path, String json) {
        return vigil.send(vigil.request(path).POST(VigilInstance.body(json)).header("Content-Type", "application/json"),
                token == null ? null : "Bearer " + token);
    }
}
