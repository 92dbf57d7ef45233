package io.vigil.platform.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Who is asking, for API v1: HTTP Basic (user name and password), a bearer personal access token
 * ({@code vgp_…}), or the web UI's session cookie. Cookie-authenticated changes must carry the session's
 * CSRF token in {@code X-CSRF-Token} (Basic and bearer credentials are never sent by a browser on its own,
 * so they need none). Failed passwords are throttled per user name. Credentials that are present but wrong
 * are refused here (401); no credentials leave the request anonymous for the authorization rules.
 */
public final class PersonAuthentication extends OncePerRequestFilter {

    public static final String SESSION_COOKIE = "VIGIL_SESSION";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Accounts accounts;
    private final SignInThrottle throttle;

    public PersonAuthentication(Accounts accounts, SignInThrottle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Person person;
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] credentials = basic(header.substring(6).trim());
            if (credentials == null) {
                unauthorized(request, response, "The Basic credentials are not valid base64 of name:password.");
                return;
            }
            long blocked = throttle.blockedForSeconds(credentials[0]);
            if (blocked > 0) {
                tooMany(response, blocked);
                return;
            }
            person = accounts.authenticate(credentials[0], credentials[1]);
            if (person == null) {
                throttle.failed(credentials[0]);
                unauthorized(request, response, "Unknown user or wrong password.");
                return;
            }
        } else if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            person = token.startsWith(Accounts.TOKEN_PREFIX) ? accounts.byToken(token) : null;
            if (person == null) {
                unauthorized(request, response, "The token is not a valid personal access token (revoked, expired or unknown).");
                return;
            }
        } else if (header != null) {
            unauthorized(request, response, "Use HTTP Basic, a Bearer personal access token, or sign in.");
            return;
        } else {
            String sessionId = sessionCookie(request);
            Accounts.SessionOwner owner = sessionId == null ? null : accounts.bySession(sessionId);
            if (owner != null && !SAFE_METHODS.contains(request.getMethod())
                    && !request.getRequestURI().equals("/api/v1/session")
                    && !Accounts.sameHash(request.getHeader(CSRF_HEADER), owner.csrfHash())) {
                SecurityConfiguration.writeProblem(response, HttpStatus.FORBIDDEN, "Forbidden",
                        "A change from a signed-in session must carry its CSRF token in the " + CSRF_HEADER + " header.");
                return;
            }
            person = owner == null ? null : owner.person();
        }
        if (person != null) {
            List<SimpleGrantedAuthority> authorities = person.role() == null ? List.of()
                    : List.of(new SimpleGrantedAuthority("ROLE_" + person.role().name()));
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(person, null, authorities));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }

    /**
     * The challenge of a 401: Basic for scripts; for the web UI (it sends {@code X-Requested-With}) a scheme
     * browsers do not know, so a failed or expired session shows the sign-in page instead of the browser's
     * own password prompt.
     */
    static String challenge(HttpServletRequest request) {
        return "XMLHttpRequest".equals(request.getHeader("X-Requested-With"))
                ? "Session realm=\"Vigil\"" : "Basic realm=\"Vigil\"";
    }

    static String sessionCookie(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie cookie : request.getCookies()) {
            if (SESSION_COOKIE.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static String[] basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        response.setHeader("WWW-Authenticate", challenge(request));
        SecurityConfiguration.writeProblem(response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
    }

    static void tooMany(HttpServletResponse response, long seconds) throws IOException {
        response.setHeader("Retry-After", String.valueOf(seconds));
        SecurityConfiguration.writeProblem(response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins",
                "Too many failed sign-ins for this user; try again in " + seconds + " s.");
    }
}
