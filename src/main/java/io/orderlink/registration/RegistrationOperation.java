package io.orderlink.registration;

/**
 * What the registration worker does, and the address each operation is served at: the same on both transports
 * (the event bus in one process, {@code RegistrationQueue} across processes). Bodies are {@link RegistrationRequest},
 * replies are a store's webhook outcome (or {@code {checked}} for a sweep), failures a {@link RegistrationFailure}
 * (docs/architecture.md, "Contracts").
 */
public enum RegistrationOperation {
    /**
     * Prove a claim on a store not connected yet ({@link RegistrationRequest#claim}): its platform must accept its
     * credentials for its domain ({@code Ownership}). Replies {@code {proven: true}}.
     */
    PROVE("registration.prove"),
    /** Register or repair every webhook of a store; a store not proven yet is proven first. */
    REGISTER("registration.register"),
    /** Check live on the platform; with {@code repair}, as the periodic check does (repair, then reconcile if needed). */
    CHECK("registration.check"),
    /** Remove the store's remote webhooks. */
    DELETE("registration.delete"),
    /** Remove the remote webhooks, erase credentials, keep history. */
    DISCONNECT("registration.disconnect"),
    /** Fetch orders modified since {@code since} (default the last delivery). */
    RECONCILE("registration.reconcile"),
    /** Check now every store not checked for {@code olderThanSeconds} (default the interval). */
    SWEEP("registration.sweep");

    private final String address;

    RegistrationOperation(String address) {
        this.address = address;
    }

    public String address() {
        return address;
    }
}
