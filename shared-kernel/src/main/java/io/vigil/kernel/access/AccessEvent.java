package io.vigil.kernel.access;

import java.time.Instant;

/**
 * What people did to organisations, users and personal access tokens. The state itself (password
 * hashes, token hashes) lives in the account store; these events are the audit trail and carry no secret.
 * {@code organisationId} null means the vendor organisation.
 */
public sealed interface AccessEvent {

    String actor();

    record OrganisationCreated(String organisationId, String name, String actor) implements AccessEvent {}

    record UserCreated(String userName, String organisationId, Role role, String actor) implements AccessEvent {}

    record UserRemoved(String userName, String organisationId, String actor) implements AccessEvent {}

    record AccessTokenCreated(String tokenId, String userName, String organisationId, String name, Instant expiresAt,
                              String actor) implements AccessEvent {}

    record AccessTokenRevoked(String tokenId, String userName, String organisationId, String actor)
            implements AccessEvent {}
}
