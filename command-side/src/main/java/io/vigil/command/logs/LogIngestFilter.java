package io.vigil.command.logs;

import java.io.IOException;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

import io.vigil.command.agent.AgentAuthentication;
import io.vigil.command.agent.AgentAuthentication.AgentPrincipal;
import io.vigil.command.agent.AgentFastPath;
import io.vigil.kernel.protocol.AgentProtocol;
import io.vigil.kernel.protocol.BinaryLogBatch;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /api/agent/v1/logs} ahead of the framework ({@link AgentFastPath}): a JSON or binary batch goes
 * straight to {@link AgentLogController}. At full ingest this took hub CPU per line from 13.5 to
 * 10.5–12.0 µs (docs/PERFORMANCE.md, Logs).
 */
@Component
public class LogIngestFilter extends AgentFastPath {

    private static final MediaType BINARY = MediaType.parseMediaType(BinaryLogBatch.CONTENT_TYPE);

    private final AgentLogController controller;

    public LogIngestFilter(AgentAuthentication authentication, AgentLogController controller,
                           @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        super(AgentProtocol.BASE_PATH + "/logs", authentication, errors);
        this.controller = controller;
    }

    /** JSON or the binary form, with any parameters MVC can parse; what the controller mapping consumes. */
    @Override
    protected boolean takes(HttpServletRequest request) {
        MediaType type = mediaType(request.getContentType());
        return type != null && (MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type) || BINARY.equalsTypeAndSubtype(type));
    }

    @Override
    protected void serve(AgentPrincipal agent, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        controller.receive(agent, request, response);
    }
}
