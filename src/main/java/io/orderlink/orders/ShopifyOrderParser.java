package io.orderlink.orders;

import io.orderlink.stores.Platform;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shopify order webhooks ({@code orders/create|updated|paid|cancelled}) and {@code refunds/create}. Money is
 * the shop-currency amount; a missing or redacted email is not an error (it just cannot match a chat).
 */
public final class ShopifyOrderParser {

    private static final Set<String> PAID_STATUSES = Set.of("paid", "partially_paid", "partially_refunded", "refunded");
    private static final Pattern GID = Pattern.compile("gid://shopify/(\\w+)/(\\d+)");

    private final String chatSessionKey;

    /** @param chatSessionKey the {@code note_attributes} name that carries the chat session id */
    public ShopifyOrderParser(String chatSessionKey) {
        this.chatSessionKey = Fields.nonBlank(chatSessionKey, "chatSessionKey");
    }

    public NormalizedOrder parseOrder(byte[] body) throws OrderParseException {
        Fields order = Fields.parse(body);
        String id = shopifyId(order, "Order");
        Money total = shopMoney(order, "total_price_set", "total_price", "currency");
        String currency = total.currency() != null ? total.currency() : order.currency("currency");
        String financialStatus = order.text("financial_status");
        Instant createdAt = order.instant("created_at", false);
        return new NormalizedOrder(
                Platform.SHOPIFY,
                id,
                Fields.firstNonNull(order.text("name"), order.text("order_number"), id),
                Emails.normalize(Fields.firstNonNull(
                        order.text("email"), order.text("contact_email"), order.object("customer").text("email"))),
                currency,
                total.amount(),
                financialStatus,
                Fields.oneOf(financialStatus, PAID_STATUSES),
                order.has("cancelled_at"),
                order.flag("test"),
                createdAt,
                order.has("updated_at") ? order.instant("updated_at", false) : createdAt,
                order.list("line_items", ShopifyOrderParser::lineItem),
                order.list("refunds", refund -> refund(refund, id)),
                order.attribute("note_attributes", "name", chatSessionKey, "value"));
    }

    public Refund parseRefund(byte[] body) throws OrderParseException {
        Fields refund = Fields.parse(body);
        return refund(refund, refund.id("order_id"));
    }

    /**
     * The id from the {@code gid://shopify/<type>/<n>} string when there is one, else the numeric {@code id}:
     * a string cannot lose precision the way a 64-bit number re-serialized by a JavaScript hop can.
     */
    private static String shopifyId(Fields node, String type) throws OrderParseException {
        String gid = node.text("admin_graphql_api_id");
        Matcher matcher = GID.matcher(gid == null ? "" : gid);
        String fromGid = matcher.matches() && matcher.group(1).equals(type) ? Fields.positiveId(matcher.group(2)) : null;
        return fromGid != null ? fromGid : node.id("id");
    }

    private static LineItem lineItem(Fields item) throws OrderParseException {
        BigDecimal price = shopMoney(item, "price_set", "price", null).amount();
        int quantity = item.integer("quantity");
        return new LineItem(
                item.optionalId("product_id"),
                item.optionalId("variant_id"),
                Fields.firstNonNull(item.text("name"), item.text("title")),
                item.text("sku"),
                quantity,
                price,
                price.multiply(BigDecimal.valueOf(quantity)));
    }

    /**
     * The money that went back: its successful refund transactions. A refund without any (a restock) returned
     * no money, whatever its line items are worth.
     */
    private static Refund refund(Fields refund, String orderId) throws OrderParseException {
        List<Money> parts = refundedMoney(refund.array("transactions"));
        BigDecimal amount = parts.stream().map(Money::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        String id = shopifyId(refund, "Refund");
        if (amount.signum() < 0) {
            throw new OrderParseException("Invalid refund amount in refund " + id + ": " + amount.toPlainString());
        }
        return new Refund(id, orderId, amount, currency(refund, id, parts), refund.instant("created_at", false));
    }

    private static List<Money> refundedMoney(List<Fields> transactions) throws OrderParseException {
        List<Money> parts = new ArrayList<>();
        for (Fields transaction : transactions) {
            if ("refund".equals(transaction.text("kind")) && "success".equals(transaction.text("status"))) {
                parts.add(shopMoney(transaction, "amount_set", "amount", "currency"));
            }
        }
        return parts;
    }

    /** The one currency of the amounts summed; else the shop currency named elsewhere in the refund; else null. */
    private static String currency(Fields refund, String id, List<Money> parts) throws OrderParseException {
        List<String> currencies = parts.stream().map(Money::currency).filter(Objects::nonNull).distinct().sorted().toList();
        if (currencies.size() > 1) {
            throw new OrderParseException("Mixed currencies in refund " + id + ": " + currencies);
        }
        if (currencies.size() == 1) {
            return currencies.get(0);
        }
        for (Fields item : refund.array("refund_line_items")) {
            String code = item.object("subtotal_set").object("shop_money").optionalCurrency("currency_code");
            if (code != null) {
                return code;
            }
        }
        return refund.object("total_duties_set").object("shop_money").optionalCurrency("currency_code");
    }

    /**
     * {@code <setField>.shop_money} when present (the shop's currency even for orders paid in another), else the
     * plain amount field with its currency field ({@code currencyField} may be null: currency unknown here).
     */
    private static Money shopMoney(Fields node, String setField, String amountField, String currencyField)
            throws OrderParseException {
        Fields shop = node.object(setField).object("shop_money");
        if (shop.has("amount")) {
            return new Money(shop.decimal("amount"), shop.optionalCurrency("currency_code"));
        }
        return new Money(node.decimal(amountField), currencyField == null ? null : node.optionalCurrency(currencyField));
    }

    private record Money(BigDecimal amount, String currency) {
    }
}
