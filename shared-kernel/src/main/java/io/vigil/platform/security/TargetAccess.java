package io.vigil.platform.security;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import io.vigil.platform.web.ApiProblem;

/**
 * The one answer to "may the caller read / act on this target?" and "which targets may the caller list?",
 * for every endpoint of API v1. Vendor users see every target (read-only ones change nothing); customer
 * users see only their organisation's targets, and a target of another organisation is answered exactly
 * like a target that does not exist (404), so its existence does not leak.
 *
 * <p>Use it at the top of a controller method, before anything else is read or written:
 * {@code access.requireRead(targetId)}, {@code access.requireAct(targetId)},
 * {@code access.requireReadDeployment(deploymentId)}, or {@code access.listScope()} for a listing.
 * Vendor callers cost nothing; a customer caller costs one {@code _id} read.
 */
@Component
public class TargetAccess {

    private final TargetScopes scopes;

    public TargetAccess(TargetScopes scopes) {
        this.scopes = scopes;
    }

    /** The signed-in person; 401 when nobody is, 403 when the stored role is not one Vigil knows. */
    public Person caller() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof Person person)) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Unauthorized", "Sign in first.");
        }
        if (person.role() == null || (!person.vendor() && person.organisationId() == null)) {
            throw forbidden();
        }
        return person;
    }

    /** Vendor users only, administrators or read-only (organisation-wide settings). */
    public Person requireVendor() {
        Person caller = caller();
        if (!caller.vendor()) {
            throw forbidden();
        }
        return caller;
    }

    /** Vendor administrators only (organisations, users, registering and assigning targets). */
    public Person requireVendorAdmin() {
        Person caller = caller();
        if (!caller.vendor() || !caller.role().mayAct()) {
            throw forbidden();
        }
        return caller;
    }

    /** 404 unless the caller may see the target. */
    public Person requireRead(String targetId) {
        Person caller = caller();
        if (!caller.vendor()) {
            TargetScopes.Owner owner = scopes.ownerOf(targetId);
            if (!owner.known() || !Objects.equals(owner.organisationId(), caller.organisationId())) {
                throw ApiProblem.notFound("Target", targetId);
            }
        }
        return caller;
    }

    /** 404 unless the caller may see the target, 403 if it may only read. */
    public Person requireAct(String targetId) {
        Person caller = requireRead(targetId);
        if (!caller.role().mayAct()) {
            throw forbidden();
        }
        return caller;
    }

    /** 404 unless the caller may see the deployment's target. */
    public Person requireReadDeployment(String deploymentId) {
        Person caller = caller();
        if (!caller.vendor()) {
            String targetId = scopes.targetOfDeployment(deploymentId);
            if (targetId == null || !visibleTo(caller, targetId)) {
                throw ApiProblem.notFound("Deployment", deploymentId);
            }
        }
        return caller;
    }

    /** 404 unless the caller may see the deployment's target, 403 if it may only read. */
    public Person requireActDeployment(String deploymentId) {
        Person caller = requireReadDeployment(deploymentId);
        if (!caller.role().mayAct()) {
            throw forbidden();
        }
        return caller;
    }

    /** For listings: empty when the caller may see every target, otherwise its organisation's id. */
    public Optional<String> listScope() {
        Person caller = caller();
        return caller.vendor() ? Optional.empty() : Optional.of(caller.organisationId());
    }

    /** For listings that walk target ids: empty when the caller may see every target. */
    public Optional<Set<String>> listableTargets() {
        return listScope().map(scopes::targetsOf);
    }

    private boolean visibleTo(Person caller, String targetId) {
        TargetScopes.Owner owner = scopes.ownerOf(targetId);
        return owner.known() && Objects.equals(owner.organisationId(), caller.organisationId());
    }

    private static ApiProblem forbidden() {
        return new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", "Your role does not allow this operation.");
    }
}
