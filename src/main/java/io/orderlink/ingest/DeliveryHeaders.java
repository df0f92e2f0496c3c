package io.orderlink.ingest;

import io.orderlink.stores.Platform;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

import java.util.function.UnaryOperator;

/**
 * What a delivery's headers say, read once per request. Header lookups are case-insensitive
 * ({@link MultiMap}), as HTTP/2 lower-cases names. {@code domains} turns the store header into the store's
 * normalized domain ({@code StoreDomain.normalize}, or a memo of it).
 */
record DeliveryHeaders(String storeDomain, String topic, String signature, String deliveryId, String eventId,
                       JsonObject kept) {

    static DeliveryHeaders of(Platform platform, MultiMap headers, UnaryOperator<String> domains) {
        return platform == Platform.SHOPIFY ? shopify(headers, domains) : wooCommerce(headers, domains);
    }

    /** Shopify's classic {@code X-Shopify-*} names, and the un-prefixed names its newer Events product also sends. */
    private static DeliveryHeaders shopify(MultiMap h, UnaryOperator<String> domains) {
        String domain = first(h, "X-Shopify-Shop-Domain", "shopify-shop-domain");
        String topic = first(h, "X-Shopify-Topic", "shopify-topic");
        String webhookId = first(h, "X-Shopify-Webhook-Id", "shopify-webhook-id");
        String eventId = first(h, "X-Shopify-Event-Id", "shopify-event-id");
        JsonObject kept = new JsonObject();
        putIfPresent(kept, "shopDomain", domain);
        putIfPresent(kept, "topic", topic);
        putIfPresent(kept, "webhookId", webhookId);
        putIfPresent(kept, "apiVersion", first(h, "X-Shopify-API-Version", "shopify-api-version"));
        putIfPresent(kept, "triggeredAt", first(h, "X-Shopify-Triggered-At", "shopify-triggered-at"));
        putIfPresent(kept, "eventId", eventId);
        return new DeliveryHeaders(domains.apply(domain), topic,
                first(h, "X-Shopify-Hmac-Sha256", "shopify-hmac-sha256"), webhookId, eventId, kept);
    }

    private static DeliveryHeaders wooCommerce(MultiMap h, UnaryOperator<String> domains) {
        String source = h.get("X-WC-Webhook-Source");
        String topic = h.get("X-WC-Webhook-Topic");
        String deliveryId = h.get("X-WC-Webhook-Delivery-ID");
        String webhookId = h.get("X-WC-Webhook-ID");
        JsonObject kept = new JsonObject();
        putIfPresent(kept, "source", source);
        putIfPresent(kept, "topic", topic);
        putIfPresent(kept, "webhookId", webhookId);
        putIfPresent(kept, "deliveryId", deliveryId);
        return new DeliveryHeaders(domains.apply(source), topic, h.get("X-WC-Webhook-Signature"),
                deliveryId, null, kept);
    }

    private static String first(MultiMap h, String name, String alternative) {
        String value = h.get(name);
        return value != null ? value : h.get(alternative);
    }

    private static void putIfPresent(JsonObject json, String key, String value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
