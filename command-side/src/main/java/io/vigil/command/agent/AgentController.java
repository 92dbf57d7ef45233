package io.vigil.command.agent;

import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.vigil.command.agent.AgentAuthentication.AgentPrincipal;
import io.vigil.command.presence.HeartbeatIngestion;
import io.vigil.kernel.protocol.AgentProtocol;
import io.vigil.kernel.protocol.AgentProtocol.DesiredDeployment;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatRequest;
import io.vigil.kernel.protocol.AgentProtocol.HeartbeatResponse;
import io.vigil.kernel.protocol.AgentProtocol.LoginResponse;
import io.vigil.platform.VigilProperties;
import io.vigil.platform.web.ApiProblem;

/** Agent protocol v1 (DESIGN §4): login and heartbeat. Authentication happens in {@link AgentAuthentication}. */
@RestController
@RequestMapping(AgentProtocol.BASE_PATH)
public class AgentController {

    private final AgentTokens tokens;
    private final AgentDirectory directory;
    private final HeartbeatIngestion ingestion;
    private final VigilProperties properties;

    public AgentController(AgentTokens tokens, AgentDirectory directory, HeartbeatIngestion ingestion,
                           VigilProperties properties) {
        this.tokens = tokens;
        this.directory = directory;
        this.ingestion = ingestion;
        this.properties = properties;
    }

    @PostMapping("/login")
    public LoginResponse login(@RequestAttribute(AgentAuthentication.ATTRIBUTE) AgentPrincipal agent) {
        AgentTokens.Issued issued = tokens.issue(agent.targetId(), agent.secretGeneration());
        return new LoginResponse(issued.token(), issued.expiresAt());
    }

    @PostMapping("/heartbeat")
    public HeartbeatResponse heartbeat(@RequestAttribute(AgentAuthentication.ATTRIBUTE) AgentPrincipal agent,
                                       @RequestBody HeartbeatRequest request) {
        List<String> shape = HeartbeatValidation.shapeProblems(request);
        if (!shape.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid heartbeat", String.join("; ", shape));
        }
        List<String> ownership = HeartbeatValidation.ownershipProblems(request, agent.target(), directory::isRevision);
        if (!ownership.isEmpty()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Unknown deployment", String.join("; ", ownership));
        }
        ingestion.record(agent.target(), agent.secretGeneration(), request);
        return new HeartbeatResponse(seconds(properties.agent().heartbeatInterval()), agent.target().metricsEnabled(),
                seconds(properties.metrics().interval()),
                agent.target().deployments().values().stream()
                        .map(d -> new DesiredDeployment(d.deploymentId(), d.revisionId(), d.logCollectionEnabled()))
                        .toList());
    }

    private static int seconds(Duration duration) {
        return (int) Math.max(1, duration.toSeconds());
    }
}
