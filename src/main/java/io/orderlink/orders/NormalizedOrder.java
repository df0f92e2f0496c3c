package io.orderlink.orders;

import io.orderlink.stores.Platform;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An order from either platform in one shape. {@code total} is the gross order total in {@code currency}
 * (refunds are carried separately and subtract later); {@code email} is normalized and null when absent
 * or redacted.
 */
public record NormalizedOrder(
        Platform platform,
        String platformOrderId,
        String orderNumber,
        String email,
        String currency,
        BigDecimal total,
        String status,
        boolean paid,
        boolean cancelled,
        boolean test,
        Instant createdAt,
        Instant updatedAt,
        List<LineItem> lineItems,
        List<Refund> refunds,
        String chatSessionId) {

    /** The order attribute (Shopify note attribute, WooCommerce meta key) that carries the chat session id. */
    public static final String DEFAULT_CHAT_SESSION_KEY = "chat_session_id";

    public NormalizedOrder {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(platformOrderId, "platformOrderId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        lineItems = List.copyOf(lineItems);
        refunds = List.copyOf(refunds);
    }

    /** Paid, not cancelled and not a test order: the orders whose money is revenue. */
    public boolean countsAsRevenue() {
        return paid && !cancelled && !test;
    }
}
