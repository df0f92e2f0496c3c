package io.orderlink.registration;

import io.orderlink.stores.Platform;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A connected store as the registration worker needs it, credentials opened. The string form names the
 * store only: credentials must never reach a log line.
 */
record StoreAccess(long id, String orgId, Platform platform, String domain, String url, JsonObject credentials,
                   Instant connectedAt, Instant lastDeliveryAt, Instant lastCheckAt, String status, int consecutiveFailures) {

    /** Where reconciliation starts by default: the last delivery received, or the connection when there is none. */
    Instant lastEventAt() {
        return lastDeliveryAt != null ? lastDeliveryAt : connectedAt;
    }

    @Override
    public String toString() {
        return "store " + id + " (" + platform.id() + " " + domain + ")";
    }
}
