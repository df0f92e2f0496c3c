package io.orderlink.tenancy;

/** The organization and role a verified token speaks for. */
public record Tenant(String orgId, Role role, String subject) {

    public boolean mayActAs(Role... allowed) {
        for (Role required : allowed) {
            if (role.mayActAs(required)) {
                return true;
            }
        }
        return false;
    }
}
