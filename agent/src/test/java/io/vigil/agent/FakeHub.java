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

import io.vigil.kernel.protocol.AgentProtocol.LogBatch;
import io.vigil.kernel.protocol.AgentProtocol.LogRecord;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;

/**
 * A real HTTP server speaking the hub's side of agent protocol v1 for logs and metrics, scripted by the
 * test: it can answer 200, 503, 401 or drop the connection, and it stores a {@code batchId} once, as the
 * hub promises. Login checks HTTP Basic; tokens can be revoked.
 */
public final class FakeHub implements AutoCloseable {

    public enum Mode { OK, UNAVAILABLE, DROP_AFTER_STORING, DROP_BEFORE_STORING, NOT_FOUND, BAD_REQUEST }

    public static final String TARGET = "target-1";
    public static final String SECRET = "s3cret";

    private final HttpServer server;
    private volatile Mode logsMode = Mode.OK;
    private volatile boolean rejectAllTokens;
    private final List<String> validTokens = new CopyOnWriteArrayList<>();
    private final Map<String, LogBatch> stored = Collections.synchronizedMap(new LinkedHashMap<>());
    public final List<String> attempts = new CopyOnWriteArrayList<>();
    public final List<MetricsSample> metrics = new CopyOnWriteArrayList<>();
    public final AtomicInteger logins = new AtomicInteger();

    public FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/agent/v1/login", this::login);
        server.createContext("/api/agent/v1/logs", this::logs);
        server.createContext("/api/agent/v1/metrics", this::metrics);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
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
        LogBatch batch = Json.MAPPER.readValue(body, LogBatch.class);
        attempts.add(batch.batchId());
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
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
