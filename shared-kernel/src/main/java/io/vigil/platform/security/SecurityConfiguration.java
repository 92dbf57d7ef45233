package io.vigil.platform.security;

import java.io.IOException;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import io.vigil.platform.VigilProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Who may call what. The agent API authenticates targets itself (secret or bearer token checked
 * against the secret generation on every request), so its chain only keeps sessions and CSRF out.
 * Everything under /api/v1 needs a person ({@link PersonAuthentication}: Basic, personal access token or
 * session); changes need the vendor ADMIN role unless a rule here hands the decision to {@link TargetAccess}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder(VigilProperties properties) {
        // bcrypt for new hashes; the {id} prefix keeps hashes of another algorithm verifiable later
        return new DelegatingPasswordEncoder("bcrypt",
                Map.of("bcrypt", new BCryptPasswordEncoder(properties.security().bcryptStrength())));
    }

    /**
     * No Micrometer observation around each security filter: on the agent API's hot path the wrappers cost
     * about as much as the filters themselves (docs/PERFORMANCE.md). The HTTP server's request metrics stay.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @Order(1)
    SecurityFilterChain agentApi(HttpSecurity http) throws Exception {
        // the hot path (every heartbeat, sample and log batch): only the filters that still do something here —
        // security headers; no session, CSRF, logout, request cache, anonymous user or authorisation filter.
        // A path pattern, not the MVC matcher a bare string gets: that one asks Spring MVC's handler mappings
        // on every request, and every request meets this chain's matcher first (docs/PERFORMANCE.md)
        return http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/api/agent/**"))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .anonymous(anonymous -> anonymous.disable())
                .exceptionHandling(e -> e.disable())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain managementApi(HttpSecurity http, Accounts accounts, SignInThrottle throttle) throws Exception {
        return http
                .addFilterBefore(new PersonAuthentication(accounts, throttle), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // a streamed answer (export, live tail) ends on an async dispatch of a request that was
                        // authorised on its first dispatch; the error page likewise
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/", "/index.html", "/favicon.ico", "/actuator/health/**",
                                "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        // the web UI's page and assets; every datum it shows comes from the API, checked there
                        .requestMatchers(HttpMethod.GET, "/assets/**", "/targets/*/logs", "/targets/*/metrics",
                                "/alerts", "/audit").permitAll()
                        .requestMatchers("/api/v1/session").permitAll()
                        .requestMatchers("/api/v1/admin/**").hasRole("ADMIN")
                        // checked per target by TargetAccess: vendor admins and the target's customer admins
                        .requestMatchers(HttpMethod.POST, "/api/v1/targets/*/reconnect").authenticated()
                        .requestMatchers("/api/v1/me/**").authenticated()
                        .requestMatchers(HttpMethod.GET, "/api/v1/**").authenticated()
                        .requestMatchers("/api/v1/**").hasRole("ADMIN")
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e.authenticationEntryPoint(problemEntryPoint())
                        .accessDeniedHandler(problemAccessDenied()))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .build();
    }

    static AuthenticationEntryPoint problemEntryPoint() {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", PersonAuthentication.challenge(request));
            writeProblem(response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "Sign in: HTTP Basic with a Vigil user, or a valid session.");
        };
    }

    static AccessDeniedHandler problemAccessDenied() {
        return (request, response, e) -> writeProblem(response, HttpStatus.FORBIDDEN, "Forbidden",
                "Your role does not allow this operation.");
    }

    static void writeProblem(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail + "\"}");
    }
}
