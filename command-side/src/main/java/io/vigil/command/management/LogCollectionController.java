package io.vigil.command.management;

import java.security.Principal;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.vigil.command.agent.AgentDirectory;
import io.vigil.kernel.deployment.DeploymentCommand.DisableLogCollection;
import io.vigil.kernel.deployment.DeploymentCommand.EnableLogCollection;
import io.vigil.platform.web.ApiProblem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * {@code PUT /api/v1/deployments/{id}/log-collection} (DESIGN §4b): switch a deployment's container log
 * collection. A PUT is idempotent by nature: switching on what is on records nothing. The agent learns
 * the switch from its next heartbeat answer (the agent directory is written inside the command).
 */
@RestController
@RequestMapping("/api/v1")
public class LogCollectionController {

    private final CommandGateway commands;
    private final AgentDirectory directory;

    public LogCollectionController(CommandGateway commands, AgentDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    public record LogCollectionRequest(@NotNull Boolean enabled) {}

    public record LogCollectionState(String deploymentId, boolean logCollectionEnabled) {}

    @PutMapping("/deployments/{deploymentId}/log-collection")
    public LogCollectionState switchLogCollection(@PathVariable String deploymentId,
            @Valid @RequestBody LogCollectionRequest request, Principal who) {
        if (directory.targetOfDeployment(deploymentId) == null) {
            throw ApiProblem.notFound("Deployment", deploymentId);
        }
        commands.sendAndWait(request.enabled()
                ? new EnableLogCollection(deploymentId, who.getName())
                : new DisableLogCollection(deploymentId, who.getName()));
        return new LogCollectionState(deploymentId, request.enabled());
    }
}
