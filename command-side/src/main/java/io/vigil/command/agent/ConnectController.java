package io.vigil.command.agent;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.vigil.command.agent.AgentDirectory.TargetEntry;
import io.vigil.kernel.protocol.AgentProtocol;
import io.vigil.kernel.target.TargetType;
import io.vigil.platform.VigilProperties;
import io.vigil.platform.security.Throttle;
import io.vigil.platform.security.Throttles;
import io.vigil.platform.web.ApiProblem;

/**
 * {@code GET /api/agent/v1/connect?targetId&targetSecret}: what the connect command pipes into
 * {@code docker compose} or {@code kubectl} — the agent's installation with its credentials. Limited to
 * {@code vigil.agent.connect-requests} per {@code vigil.agent.connect-window} per target (across all nodes),
 * counted before the secret is checked, so it is no way to guess secrets either.
 */
@RestController
@RequestMapping(AgentProtocol.BASE_PATH)
public class ConnectController {

    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    private static final String DUMMY_HASH = TargetSecrets.hash("no-such-target");

    private final AgentDirectory directory;
    private final VigilProperties properties;
    private final Throttle requests;

    public ConnectController(AgentDirectory directory, VigilProperties properties, Throttles throttles,
                             @Value("${vigil.agent.connect-requests:5}") int perWindow,
                             @Value("${vigil.agent.connect-window:1m}") Duration window) {
        this.directory = directory;
        this.properties = properties;
        this.requests = throttles.throttle("connect", perWindow, window);
    }

    @GetMapping("/connect")
    public ResponseEntity<String> connect(@RequestParam String targetId, @RequestParam String targetSecret) {
        if (targetId.length() > 100 || targetSecret.length() > 200) {
            throw ApiProblem.badRequest("targetId and targetSecret are the values of the connect command");
        }
        long blocked = requests.take(targetId);
        if (blocked > 0) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(blocked))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body("{\"type\":\"about:blank\",\"title\":\"Too many requests\",\"status\":429,"
                            + "\"detail\":\"The connect command of this target was fetched too often; try again in "
                            + blocked + " s.\"}");
        }
        TargetEntry target = directory.target(targetId);
        boolean matches = TargetSecrets.matches(targetSecret, target == null ? DUMMY_HASH : target.secretHash());
        TargetType type = target == null ? null : directory.type(targetId);
        if (target == null || !matches || type == null) {
            throw ApiProblem.unauthorized("Basic realm=\"Vigil agent\"",
                    "Unknown target or wrong secret. If the target was reconnected, use the new connect command.");
        }
        return ResponseEntity.ok().contentType(YAML).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(AgentInstallation.forTarget(type, properties.publicUrl(), targetId, targetSecret,
                        properties.agent().image()));
    }
}
