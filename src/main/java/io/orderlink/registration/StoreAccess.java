package io.orderlink.registration;

import io.orderlink.stores.Platform;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A connected store as the registration worker needs it, credentials opened; {@code proven} once its platform
 * accepted them for its domain ({@link Ownership}). The string form names the store only: credentials must never
 * reach a log line.
 */
record StoreAccess(long id, String orgId, Platform platform, String domain, String url, JsonObject credentials,
                   Instant connectedAt, Instant lastDeliveryAt, Instant lastCheckAt, String status, int consecutiveFailures,
                   boolean proven) {

    /** A store not saved yet (id 0): a claim whose ownership is to be proven before it is connected. */
    static StoreAccess claim(String orgId, Platform platform, String domain, String url, JsonObject credentials) {
        return new StoreAccess(0, orgId, platform, domain, url, credentials, null, null, null, "missing", 0, false);
    }

    /** Where reconciliation starts by default: the last delivery received, or the connection when there is none. */
    Instant lastEventAt() {
        return lastDeliveryAt != null ? lastDeliveryAt : connectedAt;
    }

    @Override
    public String toString() {
        return (id == 0 ? "a claim on" : "store " + id) + " (" + platform.id() + " " + domain + ")";
    }
}
