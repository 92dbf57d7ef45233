package io.vigil.platform.security;

import java.security.Principal;

import io.vigil.kernel.access.Role;

/**
 * A signed-in person: name, role (null when the stored role is unknown: such a person may do nothing)
 * and organisation (null: the vendor organisation).
 */
public record Person(String name, Role role, String organisationId) implements Principal {

    @Override
    public String getName() {
        return name;
    }

    public boolean vendor() {
        return role != null && role.vendor();
    }
}
