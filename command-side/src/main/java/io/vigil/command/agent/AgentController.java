package io.vigil.command.agent;

import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.vigil.command.agent.AgentAuthentication.AgentPrincipal;
import io.vigil.command.agent.AgentDirectory.TargetEntry;
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
    private final HeartbeatIngestion ingestion;
    private final AgentDirectory directory;
    private final VigilProperties properties;

    public AgentController(AgentTokens tokens, HeartbeatIngestion ingestion, AgentDirectory directory,
                           VigilProperties properties) {
        this.tokens = tokens;
        this.ingestion = ingestion;
        this.directory = directory;
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
        Document before = ingestion.record(agent.targetId(), agent.secretGeneration(), request);
        if (before == null) {
            throw refusal(agent, request);
        }
        TargetEntry target = AgentDirectory.entry(before);
        return new HeartbeatResponse(seconds(properties.agent().heartbeatInterval()), target.metricsEnabled(),
                seconds(properties.metrics().interval()),
                target.deployments().values().stream()
                        .map(d -> new DesiredDeployment(d.deploymentId(), d.revisionId(), d.logCollectionEnabled()))
                        .toList());
    }

    /** Why the presence update refused a heartbeat: rotated credentials, or deployments not of this target. */
    private ApiProblem refusal(AgentPrincipal agent, HeartbeatRequest request) {
        TargetEntry target = directory.target(agent.targetId());
        if (target == null || target.secretGeneration() != agent.secretGeneration()) {
            return AgentAuthentication.rotatedCredentials();
        }
        List<String> ownership = HeartbeatValidation.ownershipProblems(request, target);
        if (ownership.isEmpty()) {
            // the directory changed between the update and this read (e.g. a deployment was just created)
            return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "Try again",
                    "The target's deployments changed while this heartbeat was recorded; send it again.");
        }
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Unknown deployment", String.join("; ", ownership));
    }

    private static int seconds(Duration duration) {
        return (int) Math.max(1, duration.toSeconds());
    }
}
