package io.vigil.command.management;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.vigil.command.agent.AgentDirectory;
import io.vigil.command.agent.TargetSecrets;
import io.vigil.kernel.target.TargetCommand.RotateTargetSecret;
import io.vigil.kernel.target.TargetType;
import io.vigil.platform.VigilProperties;
import io.vigil.platform.security.Person;
import io.vigil.platform.security.TargetAccess;
import io.vigil.platform.web.ApiProblem;
import io.vigil.platform.web.IdempotentRequests;

/**
 * Reconnect (DESIGN §4b): a new secret for the target, shown once with its connect command. The agent
 * directory is written inside the command, so when this answer is sent the old secret and every token
 * issued under it already get 401 on every node. Vendor admins and the target's customer admins may do it.
 */
@RestController
@RequestMapping("/api/v1")
public class ReconnectController {

    private final CommandGateway commands;
    private final AgentDirectory directory;
    private final TargetAccess access;
    private final VigilProperties properties;
    private final IdempotentRequests idempotency;

    public ReconnectController(CommandGateway commands, AgentDirectory directory, TargetAccess access,
                               VigilProperties properties, IdempotentRequests idempotency) {
        this.commands = commands;
        this.directory = directory;
        this.access = access;
        this.properties = properties;
        this.idempotency = idempotency;
    }

    public record Reconnected(String targetId, long secretGeneration, String targetSecret, String connectCommand) {}

    @PostMapping("/targets/{targetId}/reconnect")
    public ResponseEntity<Reconnected> reconnect(@PathVariable String targetId,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        Person who = access.requireAct(targetId);
        // a retried request (same key) rotates once; its replay has no secret, which was shown once
        return idempotency.once(key, who.getName(), "reconnect " + targetId, targetId, Reconnected.class,
                () -> rotate(targetId, who),
                done -> new Reconnected(done.targetId(), done.secretGeneration(), null, null));
    }

    private ResponseEntity<Reconnected> rotate(String targetId, Person who) {
        TargetType type = directory.type(targetId);
        if (type == null) {
            throw ApiProblem.notFound("Target", targetId);
        }
        String secret = TargetSecrets.generate();
        commands.sendAndWait(new RotateTargetSecret(targetId, TargetSecrets.hash(secret), who.getName()));
        long generation = directory.target(targetId).secretGeneration();
        return ResponseEntity.ok(new Reconnected(targetId, generation, secret,
                ConnectCommands.forTarget(type, properties.publicUrl(), targetId, secret)));
    }
}
