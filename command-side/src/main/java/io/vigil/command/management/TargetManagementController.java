package io.vigil.command.management;

import java.net.URI;
import java.security.Principal;
import java.util.UUID;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.vigil.command.agent.AgentDirectory;
import io.vigil.command.agent.TargetSecrets;
import io.vigil.kernel.deployment.DeploymentCommand.CreateDeployment;
import io.vigil.kernel.deployment.DeploymentCommand.CreateDeploymentRevision;
import io.vigil.kernel.target.TargetCommand.RegisterTarget;
import io.vigil.kernel.target.TargetType;
import io.vigil.platform.VigilProperties;
import io.vigil.platform.security.Accounts;
import io.vigil.platform.web.ApiProblem;
import io.vigil.platform.web.IdempotentRequests;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Management commands of API v1 (DESIGN §4b): register targets, create deployments and revisions.
 * Each create honours an {@code Idempotency-Key} header, so a retried request writes once.
 */
@RestController
@RequestMapping("/api/v1")
public class TargetManagementController {

    /** Names are shown in the UI and in shells: printable, no control characters. */
    private static final String PRINTABLE = "^[^\\p{Cntrl}]*$";
    /** A Compose file is text: tabs and line breaks, no other control characters. */
    private static final String TEXT_FILE = "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*$";
    /** Compose files travel in events and to agents: 256 KiB of text is plenty. */
    private static final int COMPOSE_FILE_MAX = 256 * 1024;

    private final CommandGateway commands;
    private final AgentDirectory directory;
    private final VigilProperties properties;
    private final IdempotentRequests idempotency;
    private final Accounts accounts;

    public TargetManagementController(CommandGateway commands, AgentDirectory directory, VigilProperties properties,
                                      IdempotentRequests idempotency, Accounts accounts) {
        this.accounts = accounts;
        this.commands = commands;
        this.directory = directory;
        this.properties = properties;
        this.idempotency = idempotency;
    }

    public record CreateTargetRequest(@NotBlank @Size(max = 100) @Pattern(regexp = PRINTABLE) String name,
                                      @NotNull TargetType type,
                                      @Size(max = 100) @Pattern(regexp = PRINTABLE) String customer,
                                      @Size(max = 100) String organisationId) {}

    public record CreatedTarget(String id, String name, TargetType type, String targetSecret, String connectCommand) {}

    public record CreateDeploymentRequest(@NotBlank @Size(max = 100) @Pattern(regexp = PRINTABLE) String application,
                                          @NotBlank @Size(max = 100) @Pattern(regexp = PRINTABLE) String version,
                                          Boolean logCollectionEnabled,
                                          @Size(max = COMPOSE_FILE_MAX) @Pattern(regexp = TEXT_FILE) String composeFile) {}

    public record CreatedDeployment(String id, String revisionId) {}

    public record CreateRevisionRequest(@NotBlank @Size(max = 100) @Pattern(regexp = PRINTABLE) String version,
                                        @Size(max = COMPOSE_FILE_MAX) @Pattern(regexp = TEXT_FILE) String composeFile) {}

    public record CreatedRevision(String revisionId) {}

    @PostMapping("/targets")
    public ResponseEntity<CreatedTarget> createTarget(@Valid @RequestBody CreateTargetRequest request, Principal who,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        // a replay answers the same target without its secret: it is shown once (Reconnect issues a new one)
        return idempotency.once(key, who.getName(), "create-target", request, CreatedTarget.class,
                () -> registerTarget(request, who),
                created -> new CreatedTarget(created.id(), created.name(), created.type(), null, null));
    }

    private ResponseEntity<CreatedTarget> registerTarget(CreateTargetRequest request, Principal who) {
        String organisation = blankToNull(request.organisationId());
        if (organisation != null && accounts.organisation(organisation) == null) {
            throw ApiProblem.unprocessable("there is no organisation with id '" + organisation + "'");
        }
        String id = UUID.randomUUID().toString();
        String secret = TargetSecrets.generate();
        commands.sendAndWait(new RegisterTarget(id, request.name().strip(), request.type(),
                blankToNull(request.customer()), TargetSecrets.hash(secret), who.getName(), organisation));
        String connect = ConnectCommands.forTarget(request.type(), properties.publicUrl(), id, secret);
        return ResponseEntity.created(URI.create("/api/v1/targets/" + id))
                .body(new CreatedTarget(id, request.name().strip(), request.type(), secret, connect));
    }

    @PostMapping("/targets/{targetId}/deployments")
    public ResponseEntity<CreatedDeployment> createDeployment(@PathVariable String targetId,
            @Valid @RequestBody CreateDeploymentRequest request, Principal who,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        return idempotency.once(key, who.getName(), "create-deployment " + targetId, request,
                CreatedDeployment.class, () -> createDeployment(targetId, request, who), created -> created);
    }

    private ResponseEntity<CreatedDeployment> createDeployment(String targetId, CreateDeploymentRequest request,
                                                               Principal who) {
        if (directory.target(targetId) == null) {
            throw ApiProblem.notFound("Target", targetId);
        }
        String id = UUID.randomUUID().toString();
        String revisionId = UUID.randomUUID().toString();
        boolean logs = request.logCollectionEnabled() == null || request.logCollectionEnabled();
        commands.sendAndWait(new CreateDeployment(id, targetId, request.application().strip(), request.version().strip(),
                revisionId, logs, who.getName(), textOrNull(request.composeFile())));
        return ResponseEntity.created(URI.create("/api/v1/deployments/" + id))
                .body(new CreatedDeployment(id, revisionId));
    }

    @PostMapping("/deployments/{deploymentId}/revisions")
    public ResponseEntity<CreatedRevision> createRevision(@PathVariable String deploymentId,
            @Valid @RequestBody CreateRevisionRequest request, Principal who,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key) {
        return idempotency.once(key, who.getName(), "create-revision " + deploymentId, request,
                CreatedRevision.class, () -> createRevision(deploymentId, request, who), created -> created);
    }

    private ResponseEntity<CreatedRevision> createRevision(String deploymentId, CreateRevisionRequest request,
                                                           Principal who) {
        if (directory.targetOfDeployment(deploymentId) == null) {
            throw ApiProblem.notFound("Deployment", deploymentId);
        }
        String revisionId = UUID.randomUUID().toString();
        commands.sendAndWait(new CreateDeploymentRevision(deploymentId, revisionId, request.version().strip(),
                who.getName(), textOrNull(request.composeFile())));
        return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedRevision(revisionId));
    }

    private static String textOrNull(String file) {
        return file == null || file.isBlank() ? null : file;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
