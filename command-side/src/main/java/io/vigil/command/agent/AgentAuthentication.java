package io.vigil.command.agent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import io.vigil.command.agent.AgentDirectory.TargetEntry;
import io.vigil.platform.security.Throttle;
import io.vigil.platform.security.Throttles;
import io.vigil.platform.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates agent calls before their body is read: HTTP Basic {@code targetId:targetSecret} for
 * login, a bearer token for everything else. The token's secret generation is compared with the
 * directory on every request (an {@code _id} read, no cache), so a rotated secret's tokens die at once.
 * Failed logins are throttled per target id ({@code vigil.agent.login-failures} per
 * {@code vigil.agent.login-failure-window}, across all nodes): then even the right secret gets 429 until it refills.
 */
@Component
public class AgentAuthentication implements HandlerInterceptor {

    public static final String ATTRIBUTE = "io.vigil.agentPrincipal";
    private static final String DUMMY_HASH = TargetSecrets.hash("no-such-target");
    private static final String BASIC = "Basic realm=\"Vigil agent\"";
    private static final String BEARER = "Bearer realm=\"Vigil agent\"";

    private final AgentDirectory directory;
    private final AgentTokens tokens;
    private final Throttle failedLogins;

    public AgentAuthentication(AgentDirectory directory, AgentTokens tokens, Throttles throttles,
                               @Value("${vigil.agent.login-failures:5}") int loginFailures,
                               @Value("${vigil.agent.login-failure-window:1m}") Duration window) {
        this.directory = directory;
        this.tokens = tokens;
        this.failedLogins = throttles.throttle("agent-login", loginFailures, window);
    }

    /** The authenticated target of an agent request. */
    public record AgentPrincipal(String targetId, long secretGeneration, TargetEntry target) {}

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getRequestURI().endsWith("/connect")) {
            return true; // authenticated by its query parameters, see ConnectController
        }
        boolean login = request.getRequestURI().endsWith("/login");
        request.setAttribute(ATTRIBUTE, login ? basic(request.getHeader("Authorization"), response) : bearer(request));
        return true;
    }

    /**
     * The target of a call that carries a bearer token (every agent call but login and connect).
     *
     * @throws ApiProblem 401 when the token is missing, invalid, expired or of rotated credentials
     */
    public AgentPrincipal bearer(HttpServletRequest request) {
        return bearer(request.getHeader("Authorization"));
    }

    private AgentPrincipal basic(String header, HttpServletResponse response) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw ApiProblem.unauthorized(BASIC, "Log in with HTTP Basic: the target id as user name, the target secret as password.");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.unauthorized(BASIC, "The Basic credentials are not valid base64.");
        }
        int colon = decoded.indexOf(':');
        String targetId = colon < 0 ? decoded : decoded.substring(0, colon);
        String secret = colon < 0 ? "" : decoded.substring(colon + 1);
        long blocked = failedLogins.blockedForSeconds(targetId);
        if (blocked > 0) {
            response.setHeader("Retry-After", String.valueOf(blocked));
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins",
                    "Too many failed logins for this target; try again in " + blocked + " s.");
        }
        TargetEntry target = directory.target(targetId);
        // compare against a dummy hash for unknown targets too, so timing does not reveal which ids exist
        boolean matches = TargetSecrets.matches(secret, target == null ? DUMMY_HASH : target.secretHash());
        if (target == null || !matches) {
            failedLogins.count(targetId);
            throw ApiProblem.unauthorized(BASIC, "Unknown target or wrong secret. If the target was reconnected, use the new secret.");
        }
        return new AgentPrincipal(targetId, target.secretGeneration(), target);
    }

    private AgentPrincipal bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiProblem.unauthorized(BEARER, "Send the token from POST /api/agent/v1/login as a Bearer token.");
        }
        AgentTokens.Claims claims = tokens.verify(header.substring(7).trim());
        if (claims == null) {
            throw ApiProblem.unauthorized(BEARER, "The token is invalid or expired; log in again.");
        }
        TargetEntry target = directory.target(claims.targetId());
        if (target == null || target.secretGeneration() != claims.generation()) {
            throw ApiProblem.unauthorized(BEARER, "The token was issued under credentials that are no longer valid; log in with the current secret.");
        }
        return new AgentPrincipal(claims.targetId(), claims.generation(), target);
    }
}
