package io.orderlink.inbox;

import io.orderlink.stores.Platform;

import java.util.List;

/**
 * The one list of delivery topics the gateway processes; any other topic from a known store is stored as
 * ignored. Registration subscribes to {@link #registrable}, metrics label by {@link #all}.
 */
public final class WebhookTopics {

    /** Shopify's registrable order topics. */
    private static final List<String> SHOPIFY_ORDERS = List.of(
            "orders/create", "orders/updated", "orders/paid", "orders/cancelled", "refunds/create");
    /** Shopify's mandatory compliance topics: declared in the app configuration, never registered by API. */
    private static final List<String> SHOPIFY_COMPLIANCE = List.of(
            "customers/data_request", "customers/redact", "shop/redact");
    private static final List<String> SHOPIFY = java.util.stream.Stream.concat(SHOPIFY_ORDERS.stream(),
            SHOPIFY_COMPLIANCE.stream()).toList();
    private static final List<String> WOOCOMMERCE = List.of(
            "order.created", "order.updated", "order.deleted", "order.restored");

    private WebhookTopics() {
    }

    /** Every topic processed for the platform. */
    public static List<String> all(Platform platform) {
        return platform == Platform.SHOPIFY ? SHOPIFY : WOOCOMMERCE;
    }

    /** The topics Orderlink subscribes to through the platform's API. */
    public static List<String> registrable(Platform platform) {
        return platform == Platform.SHOPIFY ? SHOPIFY_ORDERS : WOOCOMMERCE;
    }

    /** Exact, case-sensitive: platforms send topics in lower case, anything else is not one of ours. */
    public static boolean isSupported(Platform platform, String topic) {
        if (topic == null) {
            return false;
        }
        return all(platform).contains(topic);
    }
}
