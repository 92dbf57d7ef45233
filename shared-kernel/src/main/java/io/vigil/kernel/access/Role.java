package io.vigil.kernel.access;

/**
 * What a person may do. Vendor roles see every target; customer roles see only their organisation's.
 * Read-only roles change nothing.
 */
public enum Role {
    ADMIN(true, true), READ_ONLY(true, false), CUSTOMER_ADMIN(false, true), CUSTOMER_READ_ONLY(false, false);

    private final boolean vendor;
    private final boolean mayAct;

    Role(boolean vendor, boolean mayAct) {
        this.vendor = vendor;
        this.mayAct = mayAct;
    }

    /** A vendor role: belongs to the vendor organisation and sees every target. */
    public boolean vendor() {
        return vendor;
    }

    /** May change something (within the targets it sees); read-only roles may not. */
    public boolean mayAct() {
        return mayAct;
    }

    /** @return the role of that name, or null for a name that is not a role */
    public static Role of(String name) {
        for (Role role : values()) {
            if (role.name().equals(name)) {
                return role;
            }
        }
        return null;
    }
}
