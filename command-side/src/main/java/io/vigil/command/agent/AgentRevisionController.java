package io.vigil.command.agent;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.vigil.command.agent.AgentAuthentication.AgentPrincipal;
import io.vigil.command.agent.AgentDirectory.DeploymentEntry;
import io.vigil.command.agent.AgentDirectory.RevisionEntry;
import io.vigil.kernel.protocol.AgentProtocol;
import io.vigil.kernel.protocol.AgentProtocol.RevisionSpec;
import io.vigil.platform.web.ApiProblem;

/**
 * What an agent applies for a revision (its Compose file). Fetched once per new revision named in the
 * heartbeat answer, so heartbeats stay small. An agent sees only its own target's revisions: any
 * other id is answered 404, exactly like an id that does not exist.
 */
@RestController
@RequestMapping(AgentProtocol.BASE_PATH)
public class AgentRevisionController {

    private final AgentDirectory directory;

    public AgentRevisionController(AgentDirectory directory) {
        this.directory = directory;
    }

    @GetMapping("/deployments/{deploymentId}/revisions/{revisionId}")
    public RevisionSpec revision(@RequestAttribute(AgentAuthentication.ATTRIBUTE) AgentPrincipal agent,
                                 @PathVariable String deploymentId, @PathVariable String revisionId) {
        DeploymentEntry deployment = agent.target().deployments().get(deploymentId);
        RevisionEntry entry = deployment == null ? null : directory.revision(deploymentId, revisionId);
        if (entry == null) {
            throw ApiProblem.notFound("Revision", revisionId);
        }
        return new RevisionSpec(deploymentId, revisionId, entry.composeFile());
    }
}
