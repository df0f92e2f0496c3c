package io.orderlink.tenancy;

import java.util.Locale;

/** What a token may do: {@code admin} everything, {@code viewer} read, {@code service} record conversations. */
public enum Role {
    ADMIN, VIEWER, SERVICE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a claim names, or null. */
    public static Role parse(String claim) {
        if (claim == null) {
            return null;
        }
        for (Role role : values()) {
            if (role.id().equals(claim)) {
                return role;
            }
        }
        return null;
    }

    /** Admin may act as any role; the others only as themselves. */
    public boolean mayActAs(Role required) {
        return this == ADMIN || this == required;
    }
}
