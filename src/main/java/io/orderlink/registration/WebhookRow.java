package io.orderlink.registration;

import io.vertx.core.json.JsonObject;

/**
 * Orderlink's record of one wanted webhook (a {@code store_webhooks} row), secrets opened. {@code secret} is
 * the one the platform signs with; {@code pendingSecret} one being set there, accepted by ingest until the
 * platform confirms it. The string form leaves both out.
 */
record WebhookRow(String topic, String remoteId, String address, String status, String message, String secret,
                  String pendingSecret) {

    /** The platform no longer has the webhook: nothing signs with its secret any more. */
    WebhookRow gone() {
        return new WebhookRow(topic, remoteId, address, status, message, null, pendingSecret);
    }

    WebhookRow withPending(String pending) {
        return new WebhookRow(topic, remoteId, address, status, message, secret, pending);
    }

    /** The platform confirmed {@code remote}, signing with {@code signing} (null for Shopify). */
    WebhookRow confirmed(RemoteWebhook remote, String signing) {
        return new WebhookRow(topic, remote.id(), remote.address(), remote.status(), null, signing, null);
    }

    WebhookRow observed(RemoteWebhook remote, String observedStatus, String note) {
        return new WebhookRow(topic, remote.id(), remote.address(), observedStatus, note, secret, pendingSecret);
    }

    WebhookRow failed(String status, String note) {
        return new WebhookRow(topic, remoteId, address, status, note, secret, pendingSecret);
    }

    JsonObject toJson() {
        return new JsonObject().put("topic", topic).put("id", remoteId).put("address", address)
                .put("status", status).put("message", message);
    }

    @Override
    public String toString() {
        return "webhook " + topic + " (" + remoteId + ", " + status + ")";
    }
}
