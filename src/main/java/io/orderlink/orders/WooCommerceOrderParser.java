package io.orderlink.orders;

import io.orderlink.stores.Platform;

import java.time.Instant;
import java.util.Set;

/**
 * WooCommerce order webhooks ({@code order.created|updated|restored}; {@link #deletedOrderId} for
 * {@code order.deleted}). Times come only from the {@code *_gmt} fields, read as UTC: the site-local ones carry
 * no zone and the server's zone is never a substitute.
 */
public final class WooCommerceOrderParser {

    /** Statuses in which the shop has the money ("refunded" too: its refunds subtract separately). */
    private static final Set<String> PAID_STATUSES = Set.of("processing", "completed", "on-hold", "refunded");
    private static final Set<String> CANCELLED_STATUSES = Set.of("cancelled");

    private final String chatSessionKey;

    /** @param chatSessionKey the {@code meta_data} key that carries the chat session id */
    public WooCommerceOrderParser(String chatSessionKey) {
        this.chatSessionKey = Fields.nonBlank(chatSessionKey, "chatSessionKey");
    }

    public NormalizedOrder parse(byte[] body) throws OrderParseException {
        Fields order = Fields.parse(body);
        String id = order.id("id");
        String status = order.requiredText("status");
        String currency = order.currency("currency");
        Instant createdAt = createdAt(order);
        Instant updatedAt = order.has("date_modified_gmt") ? order.instant("date_modified_gmt", true) : createdAt;
        return new NormalizedOrder(
                Platform.WOOCOMMERCE,
                id,
                Fields.firstNonNull(order.text("number"), id),
                Emails.normalize(order.object("billing").text("email")),
                currency,
                order.decimal("total"),
                status,
                Fields.oneOf(status, PAID_STATUSES),
                Fields.oneOf(status, CANCELLED_STATUSES),
                false,
                createdAt,
                updatedAt,
                order.list("line_items", WooCommerceOrderParser::lineItem),
                order.list("refunds", refund -> refund(refund, id, currency, updatedAt)),
                order.attribute("meta_data", "key", chatSessionKey, "value"));
    }

    /** The order id of an {@code order.deleted} body ({@code {"id": N}}). */
    public static String deletedOrderId(byte[] body) throws OrderParseException {
        return Fields.parse(body).id("id");
    }

    private static Instant createdAt(Fields order) throws OrderParseException {
        if (!order.has("date_created_gmt") && order.has("date_created")) {
            throw new OrderParseException(
                    "Missing required field: date_created_gmt (date_created is site-local time without a zone)");
        }
        return order.instant("date_created_gmt", true);
    }

    /** {@code price} is optional: it is informational, and older payloads (and the original's tests) omit it. */
    private static LineItem lineItem(Fields item) throws OrderParseException {
        return new LineItem(
                item.optionalId("product_id"),
                item.optionalId("variation_id"),
                item.text("name"),
                item.text("sku"),
                item.integer("quantity"),
                item.optionalDecimal("price"),
                item.decimal("total"));
    }

    /**
     * An embedded refund ({@code {id, reason, total: "-5.00"}}) has no time of its own: it is stamped with the
     * order's modification time, which is when a refund first appears (creating one fires order.updated).
     */
    private static Refund refund(Fields refund, String orderId, String currency, Instant modifiedAt)
            throws OrderParseException {
        return new Refund(refund.id("id"), orderId, refund.decimal("total").abs(), currency, modifiedAt);
    }
}
