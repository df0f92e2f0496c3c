package io.orderlink.inbox;

import io.orderlink.stores.Platform;

import java.util.List;

/**
 * The one list of delivery topics the gateway processes; any other topic from a known store is stored as
 * ignored. Registration subscribes to {@link #registrable}, metrics label by {@link #all}.
 */
public final class WebhookTopics {

    public static final String ORDERS_CREATE = "orders/create";
    public static final String ORDERS_UPDATED = "orders/updated";
    public static final String ORDERS_PAID = "orders/paid";
    public static final String ORDERS_CANCELLED = "orders/cancelled";
    public static final String REFUNDS_CREATE = "refunds/create";
    public static final String CUSTOMERS_DATA_REQUEST = "customers/data_request";
    public static final String CUSTOMERS_REDACT = "customers/redact";
    public static final String SHOP_REDACT = "shop/redact";
    public static final String ORDER_CREATED = "order.created";
    public static final String ORDER_UPDATED = "order.updated";
    public static final String ORDER_DELETED = "order.deleted";
    public static final String ORDER_RESTORED = "order.restored";

    /** Shopify's registrable order topics. */
    private static final List<String> SHOPIFY_ORDERS = List.of(
            ORDERS_CREATE, ORDERS_UPDATED, ORDERS_PAID, ORDERS_CANCELLED, REFUNDS_CREATE);
    /** Shopify's mandatory compliance topics: declared in the app configuration, never registered by API. */
    private static final List<String> SHOPIFY_COMPLIANCE = List.of(CUSTOMERS_DATA_REQUEST, CUSTOMERS_REDACT, SHOP_REDACT);
    private static final List<String> SHOPIFY = java.util.stream.Stream.concat(SHOPIFY_ORDERS.stream(),
            SHOPIFY_COMPLIANCE.stream()).toList();
    private static final List<String> WOOCOMMERCE = List.of(ORDER_CREATED, ORDER_UPDATED, ORDER_DELETED, ORDER_RESTORED);

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
