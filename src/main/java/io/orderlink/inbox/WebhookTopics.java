package io.orderlink.inbox;

import io.orderlink.stores.Platform;

import java.util.Set;

/** The delivery topics the gateway processes; any other topic from a known store is stored as ignored. */
public final class WebhookTopics {

    private static final Set<String> SHOPIFY = Set.of(
            "orders/create", "orders/updated", "orders/paid", "orders/cancelled", "refunds/create",
            "customers/data_request", "customers/redact", "shop/redact");
    private static final Set<String> WOOCOMMERCE = Set.of(
            "order.created", "order.updated", "order.deleted", "order.restored");

    private WebhookTopics() {
    }

    /** Exact, case-sensitive: platforms send topics in lower case, anything else is not one of ours. */
    public static boolean isSupported(Platform platform, String topic) {
        if (topic == null) {
            return false;
        }
        return (platform == Platform.SHOPIFY ? SHOPIFY : WOOCOMMERCE).contains(topic);
    }
}
