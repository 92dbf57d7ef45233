package io.vigil.command.agent;

import java.io.IOException;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.command.agent.AgentAuthentication.AgentPrincipal;
import io.vigil.kernel.protocol.AgentProtocol;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /api/agent/v1/heartbeat} ahead of the framework ({@link AgentFastPath}): every agent's call
 * every 5 s, where the framework's filters and MVC's dispatch and content negotiation were a third of the
 * request threads' samples at 2,000 heartbeats/s (docs/PERFORMANCE.md, Heartbeats). The body is bound by the
 * same {@link ObjectMapper} MVC's converter uses, and a body it cannot read fails as it did there (an
 * {@link HttpMessageNotReadableException}, answered with the same problem document); the work itself is
 * {@link AgentController#heartbeat}'s.
 */
@Component
public class HeartbeatFilter extends AgentFastPath {

    private final AgentController controller;
    private final ObjectMapper json;

    public HeartbeatFilter(AgentAuthentication authentication, AgentController controller, ObjectMapper json,
                           @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        super(AgentProtocol.BASE_PATH + "/heartbeat", authentication, errors);
        this.controller = controller;
        this.json = json;
    }

    /**
     * JSON in UTF-8 (Jackson's own detection, as MVC's converter reads it; another charset is left to MVC), and
     * an answer in JSON acceptable (no Accept header, or one that admits JSON; otherwise MVC answers 406).
     */
    @Override
    protected boolean takes(HttpServletRequest request) {
        MediaType type = mediaType(request.getContentType());
        if (type == null || !MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
                || (type.getCharset() != null && !StandardCharsets.UTF_8.equals(type.getCharset()))) {
            return false;
        }
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return true;
        }
        try {
            List<MediaType> accepted = MediaType.parseMediaTypes(accept);
            return accepted.stream().anyMatch(a -> a.includes(MediaType.APPLICATION_JSON) && a.getQualityValue() > 0);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    @Override
    protected void serve(AgentPrincipal agent, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        byte[] answer = json.writeValueAsBytes(controller.heartbeat(agent, read(request)));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    /** The body as MVC's Jackson converter binds it, failing with the exceptions it fails with. */
    private HeartbeatRequest read(HttpServletRequest request) {
        ServletServerHttpRequest message = new ServletServerHttpRequest(request);
        try {
            PushbackInputStream body = new PushbackInputStream(request.getInputStream());
            int first = body.read();
            if (first < 0) {
                throw new HttpMessageNotReadableException("Required request body is missing", message);
            }
            body.unread(first);
            HeartbeatRequest heartbeat = json.readValue(body, HeartbeatRequest.class);
            if (heartbeat == null) { // a JSON null: to MVC a required body that is missing
                throw new HttpMessageNotReadableException("Required request body is missing", message);
            }
            return heartbeat;
        } catch (JsonProcessingException e) {
            throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e, message);
        } catch (IOException e) {
            throw new HttpMessageNotReadableException("I/O error while reading input message", e, message);
        }
    }
}
