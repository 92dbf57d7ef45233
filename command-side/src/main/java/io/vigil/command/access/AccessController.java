package io.vigil.command.access;

import java.net.URI;
import java.time.Duration;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.vigil.command.agent.AgentDirectory;
import io.vigil.kernel.access.AccessEvent.AccessTokenCreated;
import io.vigil.kernel.access.AccessEvent.AccessTokenRevoked;
import io.vigil.kernel.access.AccessEvent.OrganisationCreated;
import io.vigil.kernel.access.AccessEvent.UserCreated;
import io.vigil.kernel.access.AccessEvent.UserRemoved;
import io.vigil.kernel.access.Role;
import io.vigil.kernel.target.TargetCommand.AssignTarget;
import io.vigil.platform.security.Accounts;
import io.vigil.platform.security.Accounts.IssuedToken;
import io.vigil.platform.security.Accounts.Organisation;
import io.vigil.platform.security.Person;
import io.vigil.platform.security.TargetAccess;
import io.vigil.platform.security.UserAccounts;
import io.vigil.platform.web.ApiProblem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Changes to organisations, users, target assignment (vendor admins) and each person's own personal access
 * tokens. Every change publishes an event carrying the actor (the audit trail); no event carries a secret.
 * The reads are on the query side ({@code AccessQueryController}), where the proxy sends GETs.
 */
@RestController
@RequestMapping("/api/v1")
public class AccessController {

    private static final String PRINTABLE = "^[^\\p{Cntrl}]*$";

    private final Accounts accounts;
    private final TargetAccess access;
    private final EventGateway events;
    private final CommandGateway commands;
    private final AgentDirectory directory;

    public AccessController(Accounts accounts, TargetAccess access, EventGateway events, CommandGateway commands,
                            AgentDirectory directory) {
        this.accounts = accounts;
        this.access = access;
        this.events = events;
        this.commands = commands;
        this.directory = directory;
    }

    public record CreateOrganisationRequest(@NotBlank @Size(max = 100) @Pattern(regexp = PRINTABLE) String name) {}

    public record CreateUserRequest(@NotBlank @Size(max = 64) @Pattern(regexp = "^[A-Za-z0-9._@-]+$") String name,
                                    @NotNull @Size(min = 12, max = 200) String password,
                                    @NotNull Role role, String organisationId) {}

    public record UserView(String name, Role role, String organisationId) {}

    public record AssignRequest(String organisationId) {}

    public record CreateTokenRequest(@NotBlank @Size(max = 100) @Pattern(regexp = PRINTABLE) String name,
                                     @Min(1) @Max(3650) Integer expiresInDays) {}

    // --- organisations ---------------------------------------------------------------------------

    @PostMapping("/organisations")
    public ResponseEntity<Organisation> createOrganisation(@Valid @RequestBody CreateOrganisationRequest request) {
        Person who = access.requireVendorAdmin();
        Organisation created = accounts.createOrganisation(request.name().strip());
        events.publish(new OrganisationCreated(created.id(), created.name(), who.getName()));
        return ResponseEntity.created(URI.create("/api/v1/organisations/" + created.id())).body(created);
    }

    // --- users -----------------------------------------------------------------------------------

    @PostMapping("/users")
    public ResponseEntity<UserView> createUser(@Valid @RequestBody CreateUserRequest request) {
        Person who = access.requireVendorAdmin();
        String organisation = request.organisationId() == null || request.organisationId().isBlank()
                ? null : request.organisationId();
        if (request.role().vendor() && organisation != null) {
            throw ApiProblem.unprocessable("role " + request.role() + " belongs to the vendor organisation: leave organisationId out");
        }
        if (!request.role().vendor() && organisation == null) {
            throw ApiProblem.unprocessable("role " + request.role() + " needs the organisationId of a customer organisation");
        }
        if (organisation != null && accounts.organisation(organisation) == null) {
            throw ApiProblem.unprocessable("there is no organisation with id '" + organisation + "'");
        }
        if (!accounts.createUser(request.name(), request.password(), request.role(), organisation)) {
            throw new ApiProblem(HttpStatus.CONFLICT, "User exists", "A user named '" + request.name() + "' exists.");
        }
        events.publish(new UserCreated(request.name(), organisation, request.role(), who.getName()));
        return ResponseEntity.created(URI.create("/api/v1/users/" + request.name()))
                .body(new UserView(request.name(), request.role(), organisation));
    }

    @DeleteMapping("/users/{name}")
    public ResponseEntity<Void> removeUser(@PathVariable String name) {
        Person who = access.requireVendorAdmin();
        if (name.equals(who.getName()) || name.equals(UserAccounts.ADMIN)) {
            throw ApiProblem.unprocessable("the first admin and yourself cannot be removed");
        }
        Person removed = accounts.person(name);
        if (removed == null || !accounts.removeUser(name)) {
            throw ApiProblem.notFound("User", name);
        }
        events.publish(new UserRemoved(name, removed.organisationId(), who.getName()));
        return ResponseEntity.noContent().build();
    }

    // --- assigning targets -----------------------------------------------------------------------

    @PutMapping("/targets/{targetId}/organisation")
    public Assignment assign(@PathVariable String targetId, @RequestBody AssignRequest request) {
        Person who = access.requireVendorAdmin();
        if (directory.type(targetId) == null) {
            throw ApiProblem.notFound("Target", targetId);
        }
        String organisation = request.organisationId() == null || request.organisationId().isBlank()
                ? null : request.organisationId();
        if (organisation != null && accounts.organisation(organisation) == null) {
            throw ApiProblem.unprocessable("there is no organisation with id '" + organisation + "'");
        }
        commands.sendAndWait(new AssignTarget(targetId, organisation, who.getName()));
        return new Assignment(targetId, organisation);
    }

    public record Assignment(String targetId, String organisationId) {}

    // --- the caller and its personal access tokens -------------------------------------------------

    @PostMapping("/me/tokens")
    public ResponseEntity<IssuedToken> createToken(@Valid @RequestBody CreateTokenRequest request) {
        Person who = access.caller();
        IssuedToken issued = accounts.issueToken(who.getName(), request.name().strip(),
                request.expiresInDays() == null ? null : Duration.ofDays(request.expiresInDays()));
        events.publish(new AccessTokenCreated(issued.id(), who.getName(), who.organisationId(), issued.name(),
                issued.expiresAt(), who.getName()));
        return ResponseEntity.created(URI.create("/api/v1/me/tokens/" + issued.id())).body(issued);
    }

    @DeleteMapping("/me/tokens/{tokenId}")
    public ResponseEntity<Void> revokeToken(@PathVariable String tokenId) {
        Person who = access.caller();
        if (!accounts.revokeToken(who.getName(), tokenId)) {
            throw ApiProblem.notFound("Token", tokenId);
        }
        events.publish(new AccessTokenRevoked(tokenId, who.getName(), who.organisationId(), who.getName()));
        return ResponseEntity.noContent().build();
    }

}
