package io.vigil.command.logs;

import java.io.IOException;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import io.vigil.command.agent.AgentAuthentication;
import io.vigil.kernel.protocol.AgentProtocol;
import io.vigil.kernel.protocol.BinaryLogBatch;
import io.vigil.platform.web.BodySizeLimit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves {@code POST /api/agent/v1/logs} first among the servlet filters, so a log batch passes none of the
 * machinery the endpoint does not use: the HTTP observation, Spring Security's filter chain (the agent API's
 * chain only writes headers; this endpoint authenticates itself, below) and Spring MVC's handler lookup,
 * argument resolution and return handling. Together they were a quarter of the request threads' samples at
 * full ingest (docs/PERFORMANCE.md, Logs). What it still does, in the same order as before: the body limit,
 * the agent's bearer token checked against the current secret generation ({@link AgentAuthentication}),
 * then {@link AgentLogController}. Errors are answered by the same exception handlers as any MVC request.
 *
 * <p>It takes only that exact path with one of the two content types; anything else (another method, a
 * content type MVC refuses with 415, a path the firewall should see) goes down the chain as before.
 */
@Component
public class LogIngestFilter extends OncePerRequestFilter implements Ordered {

    static final String PATH = AgentProtocol.BASE_PATH + "/logs";

    private final AgentAuthentication authentication;
    private final AgentLogController controller;
    private final HandlerExceptionResolver errors;

    public LogIngestFilter(AgentAuthentication authentication, AgentLogController controller,
                           @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        this.authentication = authentication;
        this.controller = controller;
        this.errors = errors;
    }

    /** Ahead of the HTTP observation (highest precedence + 1) and the security filters. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !takes(request.getContentType())
                || !request.getRequestURI().equals(request.getContextPath() + PATH);
    }

    /** JSON or the binary form, with or without parameters; what the controller mapping consumes. */
    static boolean takes(String contentType) {
        if (contentType == null) {
            return false;
        }
        if (contentType.indexOf(';') >= 0) {
            try { // parameters MVC cannot parse get its 415
                MediaType type = MediaType.parseMediaType(contentType);
                contentType = type.getType() + "/" + type.getSubtype();
            } catch (InvalidMediaTypeException e) {
                return false;
            }
        }
        String type = contentType.trim();
        return type.equalsIgnoreCase(MediaType.APPLICATION_JSON_VALUE) || type.equalsIgnoreCase(BinaryLogBatch.CONTENT_TYPE);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest limited = BodySizeLimit.limit(request, response);
        if (limited == null) {
            return; // the 413 is written
        }
        // what Spring Security's header writer adds to every agent API answer that matters for JSON
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        try {
            controller.receive(authentication.bearer(limited), limited, response);
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
}
