package io.vigil.command.agent;

import java.io.IOException;

import org.springframework.core.Ordered;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import io.vigil.command.agent.AgentAuthentication.AgentPrincipal;
import io.vigil.platform.web.BodySizeLimit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves one agent endpoint with the highest precedence among the servlet filters (tied with the body
 * limit and the character-encoding filter), so its calls skip the machinery they do not use: the HTTP
 * observation, Spring Security's filter chain (the agent API's chain writes headers and runs the request
 * firewall, which the one exact path taken here always passes; authentication is Vigil's own) and Spring
 * MVC's handler lookup, argument resolution and content negotiation. On the hot endpoints those were a
 * quarter (log batches) to a third (heartbeats) of the request threads' samples (docs/PERFORMANCE.md).
 *
 * <p>What it keeps, in the order the framework path had it: the body limit, the bearer token checked
 * against the target's current secret generation ({@link AgentAuthentication#bearer}, so a Reconnect stops
 * the old credentials at once on every node), then the endpoint; an exception is answered by the same
 * handlers as any MVC request (the {@code handlerExceptionResolver}), and the two headers of Spring
 * Security's writer that matter for JSON are set. It takes only POST to that exact path with a request it
 * can answer exactly as MVC would ({@link #takes}); anything else goes down the chain, where MVC answers
 * it (405, 415, 406) through the same controller mapping, which also stays the endpoint's API description.
 */
public abstract class AgentFastPath extends OncePerRequestFilter implements Ordered {

    private final String path;
    private final AgentAuthentication authentication;
    private final HandlerExceptionResolver errors;

    protected AgentFastPath(String path, AgentAuthentication authentication, HandlerExceptionResolver errors) {
        this.path = path;
        this.authentication = authentication;
        this.errors = errors;
    }

    /** Ahead of the HTTP observation (highest precedence + 1) and the security filters. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** Whether this request's content type (and what it accepts) are ones the endpoint answers as MVC would. */
    protected abstract boolean takes(HttpServletRequest request);

    /** Reads, handles and answers the request of an authenticated agent. */
    protected abstract void serve(AgentPrincipal agent, HttpServletRequest request, HttpServletResponse response)
            throws IOException;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !request.getRequestURI().equals(request.getContextPath() + path)
                || !takes(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest limited = BodySizeLimit.limit(request, response);
        if (limited == null) {
            return; // the 413 is written
        }
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        try {
            serve(authentication.bearer(limited), limited, response);
        } catch (IOException | RuntimeException e) {
            if (!answered(limited, response, e)) {
                throw e;
            }
        } catch (Error e) { // as DispatcherServlet does: an OutOfMemoryError too is logged and answered as a 500
            if (!answered(limited, response, new ServletException("Handler dispatch failed: " + e, e))) {
                throw e;
            }
        }
    }

    /** Whether the MVC exception handlers wrote the answer to this failure. */
    private boolean answered(HttpServletRequest request, HttpServletResponse response, Exception e) {
        if (response.isCommitted()) {
            return false;
        }
        response.resetBuffer();
        return errors.resolveException(request, response, null, e) != null;
    }

    /** A content type as MVC parses it; null when absent or unparsable (MVC answers those with 415). */
    protected static MediaType mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        try {
            return MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }
}
