package io.vigil.agent.hub;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.vigil.agent.Json;
import io.vigil.kernel.protocol.AgentProtocol;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatRequest;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatResponse;
import io.vigil.kernel.protocol.AgentProtocol.LogBatch;
import io.vigil.kernel.protocol.AgentProtocol.LogBatchResponse;
import io.vigil.kernel.protocol.AgentProtocol.LoginResponse;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;
import io.vigil.kernel.protocol.AgentProtocol.RevisionSpec;
import io.vigil.kernel.protocol.BinaryLogBatch;

/**
 * Agent protocol v1 over HTTP (DESIGN §4). Logs in lazily with the target's id and secret, sends the
 * bearer token, and logs in again once when a call answers 401 (token expired, hub restarted with a
 * new key); a second 401 means the credentials themselves were rejected. Thread-safe.
 */
public final class HubClient {

    private final URI base;
    private final String basic;
    private final HttpClient http;
    private volatile String token;
    private volatile boolean binaryLogs = true;

    /** A body already encoded, with its content type. */
    private record Body(String contentType, byte[] bytes) {}

    public HubClient(String hubUrl, String targetId, String targetSecret) {
        String url = hubUrl.endsWith("/") ? hubUrl.substring(0, hubUrl.length() - 1) : hubUrl;
        this.base = URI.create(url + AgentProtocol.BASE_PATH + "/");
        this.basic = "Basic " + Base64.getEncoder().encodeToString(
                (targetId + ":" + targetSecret).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public LoginResponse login() throws HubException {
        HttpResponse<String> answer = exchange(request("login").POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", basic));
        if (answer.statusCode() == 401) {
            token = null;
            throw new HubException.CredentialsRejected("the hub rejected the target id and secret (HTTP 401): "
                    + "the target was reconnected (its secret rotated) or the credentials are wrong");
        }
        LoginResponse login = read(check(answer, "login"), LoginResponse.class);
        token = login.token();
        return login;
    }

    public HeartbeatResponse heartbeat(HeartbeatRequest request) throws HubException {
        return read(call("heartbeat", "POST", request), HeartbeatResponse.class);
    }

    /**
     * Sends the batch in the binary form (docs/DECISIONS.md: a third fewer bytes than JSON for a batch of one
     * resource, read without a parser); a hub from before that form answers 415, and then gets JSON, now and
     * from then on.
     */
    public LogBatchResponse logs(LogBatch batch) throws HubException {
        if (binaryLogs) {
            try {
                return read(call("logs", "POST", new Body(BinaryLogBatch.CONTENT_TYPE, BinaryLogBatch.encode(batch))),
                        LogBatchResponse.class);
            } catch (HubException.Refused e) {
                if (e.status() != 415) {
                    throw e;
                }
                binaryLogs = false;
            }
        }
        return read(call("logs", "POST", batch), LogBatchResponse.class);
    }

    public void metrics(MetricsSample sample) throws HubException {
        call("metrics", "POST", sample);
    }

    /** @return the revision's spec; an older hub without the call answers 404, read as "no Compose file" */
    public RevisionSpec revision(String deploymentId, String revisionId) throws HubException {
        try {
            return read(call("deployments/" + encode(deploymentId) + "/revisions/" + encode(revisionId), "GET", null),
                    RevisionSpec.class);
        } catch (HubException.Refused e) {
            if (e.status() == 404) {
                return new RevisionSpec(deploymentId, revisionId, null);
            }
            throw e;
        }
    }

    private String call(String path, String method, Object body) throws HubException {
        if (token == null) {
            login();
        }
        HttpResponse<String> answer = exchange(withBody(request(path), method, body).header("Authorization",
                "Bearer " + token));
        if (answer.statusCode() == 401) {
            login();
            answer = exchange(withBody(request(path), method, body).header("Authorization", "Bearer " + token));
            if (answer.statusCode() == 401) {
                token = null;
                throw new HubException.CredentialsRejected("the hub rejected a fresh token (HTTP 401)");
            }
        }
        return check(answer, path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
    }

    private static HttpRequest.Builder withBody(HttpRequest.Builder request, String method, Object body)
            throws HubException {
        if (body == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (body instanceof Body encoded) {
            return request.header("Content-Type", encoded.contentType()).method(method,
                    HttpRequest.BodyPublishers.ofByteArray(encoded.bytes()));
        }
        try {
            return request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new HubException.Refused(0, "cannot encode " + body.getClass().getSimpleName() + ": " + e);
        }
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) throws HubException {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HubException.Unavailable("hub unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException.Unavailable("interrupted", e);
        }
    }

    private static String check(HttpResponse<String> answer, String what) throws HubException {
        int status = answer.statusCode();
        if (status >= 200 && status < 300) {
            return answer.body();
        }
        String detail = what + ": HTTP " + status + " " + abbreviate(answer.body());
        if (status >= 500 || status == 429 || status == 408) {
            throw new HubException.Unavailable(detail, null);
        }
        throw new HubException.Refused(status, detail);
    }

    private static <T> T read(String body, Class<T> type) throws HubException {
        if (type == null || body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new HubException.Unavailable("unreadable answer from the hub: " + e.getMessage(), e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String body) {
        String b = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return b.length() > 500 ? b.substring(0, 500) + "…" : b;
    }
}
