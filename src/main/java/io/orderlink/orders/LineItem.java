package io.orderlink.orders;

import java.math.BigDecimal;

/**
 * One order line. {@code total} is the exact line total: price × quantity for Shopify, the line's
 * {@code total} (after discounts) for WooCommerce. Ids and sku may be null, and so may a WooCommerce
 * {@code price} the payload omitted.
 */
public record LineItem(
        String productId,
        String variantId,
        String name,
        String sku,
        int quantity,
        BigDecimal price,
        BigDecimal total) {
}
