package io.vigil.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.vigil.kernel.access.Role;
import io.vigil.platform.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Session sign-in for the web UI. {@code POST /api/v1/session} with name and password sets the session
 * cookie (HttpOnly, SameSite=Strict, Secure unless {@code vigil.security.secure-cookies=false}) and answers
 * the CSRF token the UI must send as {@code X-CSRF-Token} with every change; {@code DELETE} signs out.
 * Sessions live in MongoDB (hashed ids), so any node serves them. Failed sign-ins are throttled per name.
 */
@RestController
@RequestMapping("/api/v1/session")
public class SessionController {

    private final Accounts accounts;
    private final SignInThrottle throttle;
    private final boolean secureCookies;
    private final Clock clock;

    public SessionController(Accounts accounts, SignInThrottle throttle, Clock clock,
                             @Value("${vigil.security.secure-cookies:true}") boolean secureCookies) {
        this.clock = clock;
        this.accounts = accounts;
        this.throttle = throttle;
        this.secureCookies = secureCookies;
    }

    public record SignIn(@NotNull @Size(max = 64) String name, @NotNull @Size(max = 200) String password) {}

    public record Signed(String name, Role role, String organisationId, String csrfToken, Instant expiresAt) {}

    @PostMapping
    public ResponseEntity<?> signIn(@Valid @RequestBody SignIn request, HttpServletRequest http) {
        long blocked = throttle.blockedForSeconds(request.name());
        if (blocked > 0) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                    "Too many failed sign-ins for this user; try again in " + blocked + " s.");
            problem.setTitle("Too many failed sign-ins");
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(blocked)).body(problem);
        }
        Person person = accounts.authenticate(request.name(), request.password());
        if (person == null) {
            throttle.failed(request.name());
            throw ApiProblem.unauthorized(PersonAuthentication.challenge(http), "Unknown user or wrong password.");
        }
        Accounts.Session session = accounts.openSession(person.getName());
        ResponseCookie cookie = cookie(session.id(), Duration.between(clock.instant(), session.expiresAt()));
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.toString())
                .body(new Signed(person.getName(), person.role(), person.organisationId(), session.csrfToken(),
                        session.expiresAt()));
    }

    @DeleteMapping
    public ResponseEntity<Void> signOut(HttpServletRequest request) {
        String id = PersonAuthentication.sessionCookie(request);
        if (id != null) {
            accounts.closeSession(id);
        }
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO).toString()).build();
    }

    private ResponseCookie cookie(String value, Duration maxAge) {
        return ResponseCookie.from(PersonAuthentication.SESSION_COOKIE, value).httpOnly(true).secure(secureCookies)
                .sameSite("Strict").path("/").maxAge(maxAge.isNegative() ? Duration.ZERO : maxAge).build();
    }
}
