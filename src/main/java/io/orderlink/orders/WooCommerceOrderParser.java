package io.orderlink.orders;

import io.orderlink.stores.Platform;

import java.time.Instant;
import java.util.Set;

/**
 * WooCommerce order webhooks ({@code order.created|updated|restored|deleted}; {@link #deletion} tells a
 * deletion from an order). Times come only from the {@code *_gmt} fields, read as UTC: the site-local ones carry
 * no zone and the server's zone is never a substitute.
 */
public final class WooCommerceOrderParser {

    /**
     * WooCommerce's own paid statuses ({@code wc_get_is_paid_statuses()}: processing, completed), plus "refunded",
     * an order that was paid and whose refunds subtract separately. "on-hold" awaits a bank transfer or cheque:
     * it is not revenue until the store moves it to a paid status.
     */
    private static final Set<String> PAID_STATUSES = Set.of("processing", "completed", "refunded");
    private static final Set<String> CANCELLED_STATUSES = Set.of("cancelled");
    private static final String TRASH = "trash";
    private static final String DELETED_TOPIC = "order.deleted";

    private final String chatSessionKey;
    private final TimeRange times;

    /** What {@link #parse} reads; the rest of the body is only scanned. */
    private static final Fields.Needed ORDER = Fields.Needed.of("id", "status", "currency", "date_created_gmt",
                    "date_created", "date_modified_gmt", "number", "total", "refunds", "meta_data")
            .with("billing", Fields.Needed.of("email"))
            .with("line_items", Fields.Needed.of("product_id", "variation_id", "name", "sku", "quantity", "price", "total"));

    /**
     * @param chatSessionKey the {@code meta_data} key that carries the chat session id
     * @param times          the range every order time must lie in
     */
    public WooCommerceOrderParser(String chatSessionKey, TimeRange times) {
        this.chatSessionKey = Fields.nonBlank(chatSessionKey, "chatSessionKey");
        this.times = times;
    }

    /** Totals and line amounts must be sane non-negative decimals: anything else is a dead letter, never revenue. */
    public NormalizedOrder parse(byte[] body) throws OrderParseException {
        Fields order = Fields.parse(body, times, ORDER);
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
                order.nonNegativeAmount("total"),
                status,
                Fields.oneOf(status, PAID_STATUSES),
                Fields.oneOf(status, CANCELLED_STATUSES),
                false,
                TRASH.equalsIgnoreCase(status),
                createdAt,
                updatedAt,
                order.list("line_items", WooCommerceOrderParser::lineItem),
                order.list("refunds", refund -> refund(refund, id, currency, updatedAt)),
                order.attribute("meta_data", "key", chatSessionKey, "value"));
    }

    /**
     * The order id when the delivery is a deletion, null when it carries an order. Only the body is signed, so
     * the topic header alone decides nothing: WooCommerce sends a deletion as {@code {"id": N}} and nothing else
     * ({@code WC_Webhook::build_payload}), every other order event as the whole order. A full order under
     * {@code order.deleted} is read as the order it is; a bare id under another topic is refused.
     */
    public static String deletion(String topic, byte[] body) throws OrderParseException {
        Fields delivery = Fields.parse(body, TimeRange.DEFAULT);
        boolean bareId = delivery.fieldNames().equals(Set.of("id"));
        if (bareId && !DELETED_TOPIC.equals(topic)) {
            throw new OrderParseException("A body with only an id is a deletion, not " + topic);
        }
        return bareId ? delivery.id("id") : null;
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
                item.optionalNonNegativeAmount("price"),
                item.nonNegativeAmount("total"));
    }

    /**
     * An embedded refund ({@code {id, reason, total: "-5.00"}}) has no time of its own: it is stamped with the
     * order's modification time, which is when a refund first appears (creating one fires order.updated).
     */
    private static Refund refund(Fields refund, String orderId, String currency, Instant modifiedAt)
            throws OrderParseException {
        return new Refund(refund.id("id"), orderId, refund.amount("total").abs(), currency, modifiedAt);
    }
}
