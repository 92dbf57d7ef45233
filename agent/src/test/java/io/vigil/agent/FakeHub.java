package io.vigil.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.vigil.kernel.protocol.AgentProtocol.DeploymentReport;
import io.vigil.kernel.protocol.AgentProtocol.DesiredDeployment;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatRequest;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatResponse;
import io.vigil.kernel.protocol.AgentProtocol.LogBatch;
import io.vigil.kernel.protocol.AgentProtocol.RevisionSpec;
import io.vigil.kernel.protocol.AgentProtocol.LogRecord;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;
import io.vigil.kernel.protocol.BinaryLogBatch;

/**
 * A real HTTP server speaking the hub's side of agent protocol v1 for logs and metrics, scripted by the
 * test: it can answer 200, 503, 401 or drop the connection, and it stores a {@code batchId} once, as the
 * hub promises. Login checks HTTP Basic; tokens can be revoked.
 */
public final class FakeHub implements AutoCloseable {

    public enum Mode { OK, UNAVAILABLE, DROP_AFTER_STORING, DROP_BEFORE_STORING, NOT_FOUND, BAD_REQUEST }

    public static final String TARGET = "target-1";
    public static final String SECRET = "s3cret";

    private HttpServer server;
    private final int port;
    /** What the heartbeat answer asks for: deployment id → desired state. */
    public final Map<String, Desired> desired = Collections.synchronizedMap(new LinkedHashMap<>());
    public final List<HeartbeatRequest> heartbeats = new CopyOnWriteArrayList<>();
    public volatile boolean metricsEnabled;

    /** A deployment as the hub wants it, with its revision's Compose file (null: none). */
    public record Desired(String revisionId, boolean logCollectionEnabled, String composeFile) {}
    private volatile Mode logsMode = Mode.OK;
    private volatile boolean rejectAllTokens;
    private final List<String> validTokens = new CopyOnWriteArrayList<>();
    private final Map<String, LogBatch> stored = Collections.synchronizedMap(new LinkedHashMap<>());
    public final List<String> attempts = new CopyOnWriteArrayList<>();
    /** The form of each log batch received: "binary" or "json". */
    public final List<String> formats = new CopyOnWriteArrayList<>();
    /** False: answer 415 to the binary form of log batches, as a hub from before it did. */
    public volatile boolean acceptsBinaryLogs = true;
    public final List<MetricsSample> metrics = new CopyOnWriteArrayList<>();
    public final AtomicInteger logins = new AtomicInteger();

    public FakeHub() throws IOException {
        server = serve(0);
        port = server.getAddress().getPort();
    }

    private HttpServer serve(int onPort) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.createContext("/api/agent/v1/login", this::login);
        http.createContext("/api/agent/v1/logs", this::logs);
        http.createContext("/api/agent/v1/metrics", this::metrics);
        http.createContext("/api/agent/v1/heartbeat", this::heartbeat);
        http.createContext("/api/agent/v1/deployments/", this::revision);
        http.start();
        return http;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The hub goes away: connections are refused until {@link #resume()}. */
    public synchronized void stopServing() {
        if (server == null) {
            return;
        }
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        server = null;
    }

    /** The hub is back on the same port, with everything it had stored. */
    public synchronized void resume() throws IOException {
        server = serve(port);
    }

    /** The newest report of a deployment, or null. */
    public DeploymentReport latest(String deploymentId) {
        for (int i = heartbeats.size() - 1; i >= 0; i--) {
            for (DeploymentReport r : heartbeats.get(i).deployments()) {
                if (r.deploymentId().equals(deploymentId)) {
                    return r;
                }
            }
        }
        return null;
    }

    private void heartbeat(HttpExchange exchange) throws IOException {
        byte[] body = readAll(exchange.getRequestBody());
        if (!authorized(exchange)) {
            return;
        }
        heartbeats.add(Json.MAPPER.readValue(body, HeartbeatRequest.class));
        List<DesiredDeployment> deployments = new ArrayList<>();
        synchronized (desired) {
            desired.forEach((id, d) -> deployments.add(new DesiredDeployment(id, d.revisionId(), d.logCollectionEnabled())));
        }
        answer(exchange, 200, Json.MAPPER.writeValueAsString(new HeartbeatResponse(1, metricsEnabled, 1, deployments)));
    }

    private void revision(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        String[] parts = exchange.getRequestURI().getPath().split("/"); // /api/agent/v1/deployments/{d}/revisions/{r}
        Desired d = desired.get(parts[5]);
        if (d == null || !d.revisionId().equals(parts[7])) {
            answer(exchange, 404, "{\"title\":\"Not Found\"}");
            return;
        }
        answer(exchange, 200, Json.MAPPER.writeValueAsString(new RevisionSpec(parts[5], parts[7], d.composeFile())));
    }

    public void logsMode(Mode mode) {
        this.logsMode = mode;
    }

    /** Every token issued so far stops working (as after a hub-side expiry); logging in again helps. */
    public void expireTokens() {
        validTokens.clear();
    }

    /** The secret was rotated: login fails too. */
    public void rejectCredentials(boolean reject) {
        rejectAllTokens = reject;
        validTokens.clear();
    }

    /** Records stored, each batch once, in arrival order. */
    public List<LogRecord> records() {
        synchronized (stored) {
            List<LogRecord> all = new ArrayList<>();
            stored.values().forEach(b -> all.addAll(b.records()));
            return all;
        }
    }

    public List<String> storedBatchIds() {
        synchronized (stored) {
            return List.copyOf(stored.keySet());
        }
    }

    private void login(HttpExchange exchange) throws IOException {
        logins.incrementAndGet();
        String expected = "Basic " + Base64.getEncoder().encodeToString((TARGET + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        if (rejectAllTokens || !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"title\":\"Unauthorized\"}");
            return;
        }
        String token = UUID.randomUUID().toString();
        validTokens.add(token);
        answer(exchange, 200, "{\"token\":\"" + token + "\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}");
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ") || !validTokens.contains(header.substring(7))) {
            answer(exchange, 401, "{\"title\":\"Unauthorized\"}");
            return false;
        }
        return true;
    }

    private void logs(HttpExchange exchange) throws IOException {
        byte[] body = readAll(exchange.getRequestBody());
        if (!authorized(exchange)) {
            return;
        }
        boolean binary = BinaryLogBatch.CONTENT_TYPE.equals(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (binary && !acceptsBinaryLogs) {
            answer(exchange, 415, "{\"title\":\"Unsupported Media Type\"}");
            return;
        }
        LogBatch batch = binary ? BinaryLogBatch.decode(body) : Json.MAPPER.readValue(body, LogBatch.class);
        attempts.add(batch.batchId());
        formats.add(binary ? "binary" : "json");
        switch (logsMode) {
            case UNAVAILABLE -> answer(exchange, 503, "{\"title\":\"Service Unavailable\"}");
            case NOT_FOUND -> answer(exchange, 404, "{\"title\":\"Not Found\"}");
            case BAD_REQUEST -> answer(exchange, 400, "{\"title\":\"Bad Request\"}");
            case DROP_BEFORE_STORING -> exchange.close();
            case DROP_AFTER_STORING -> {
                stored.putIfAbsent(batch.batchId(), batch);
                exchange.close();
            }
            case OK -> {
                boolean fresh = stored.putIfAbsent(batch.batchId(), batch) == null;
                answer(exchange, 200, "{\"accepted\":" + (fresh ? batch.records().size() : 0) + ",\"rejected\":[]}");
            }
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        byte[] body = readAll(exchange.getRequestBody());
        if (!authorized(exchange)) {
            return;
        }
        metrics.add(Json.MAPPER.readValue(body, MetricsSample.class));
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        stopServing();
    }
}
