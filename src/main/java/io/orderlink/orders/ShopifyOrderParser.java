package io.orderlink.orders;

import io.orderlink.stores.Platform;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shopify order webhooks ({@code orders/create|updated|paid|cancelled}) and {@code refunds/create}. Money is
 * the shop-currency amount (refunds in the buyer's currency converted with their money sets); a missing or redacted email is not an error (it just cannot match a chat).
 */
public final class ShopifyOrderParser {

    private static final Set<String> PAID_STATUSES = Set.of("paid", "partially_paid", "partially_refunded", "refunded");
    private static final Pattern GID = Pattern.compile("gid://shopify/(\\w+)/(\\d+)");

    /** What {@link #parseOrder} reads; the rest of the body (most of it) is only scanned. */
    private static final Fields.Needed ORDER = Fields.Needed.of("admin_graphql_api_id", "id", "total_price_set", "total_price",
                    "currency", "financial_status", "created_at", "name", "order_number", "email", "contact_email",
                    "cancelled_at", "test", "updated_at", "refunds", "note_attributes")
            .with("customer", Fields.Needed.of("email"))
            .with("line_items", Fields.Needed.of("price_set", "price", "quantity", "product_id", "variant_id", "name",
                    "title", "sku"));

    private final String chatSessionKey;
    private final TimeRange times;

    /**
     * @param chatSessionKey the {@code note_attributes} name that carries the chat session id
     * @param times          the range every order and refund time must lie in
     */
    public ShopifyOrderParser(String chatSessionKey, TimeRange times) {
        this.chatSessionKey = Fields.nonBlank(chatSessionKey, "chatSessionKey");
        this.times = times;
    }

    /** Every amount must be a sane non-negative decimal: anything else is a dead letter, never revenue. */
    public NormalizedOrder parseOrder(byte[] body) throws OrderParseException {
        Fields order = Fields.parse(body, times, ORDER);
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
                false,
                createdAt,
                order.has("updated_at") ? order.instant("updated_at", false) : createdAt,
                order.list("line_items", ShopifyOrderParser::lineItem),
                order.list("refunds", refund -> refund(refund, id)),
                order.attribute("note_attributes", "name", chatSessionKey, "value"));
    }

    public Refund parseRefund(byte[] body) throws OrderParseException {
        Fields refund = Fields.parse(body, times);
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
     * no money, whatever its line items are worth. Amounts are in the shop's currency, the order's: a transaction
     * in the buyer's (presentment) currency is converted with the refund's own money sets.
     */
    private static Refund refund(Fields refund, String orderId) throws OrderParseException {
        List<Money> parts = refundedMoney(refund.array("transactions"));
        String id = shopifyId(refund, "Refund");
        Money refunded = inShopMoney(id, sum(id, parts), moneySets(refund));
        if (refunded.amount().signum() < 0) {
            throw new OrderParseException("Invalid refund amount in refund " + id + ": " + refunded.amount().toPlainString());
        }
        return new Refund(id, orderId, refunded.amount(), refunded.currency(), refund.instant("created_at", false));
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

    /** The transactions' total in their one currency (null when none says). */
    private static Money sum(String id, List<Money> parts) throws OrderParseException {
        List<String> currencies = parts.stream().map(Money::currency).filter(Objects::nonNull).distinct().sorted().toList();
        if (currencies.size() > 1) {
            throw new OrderParseException("Mixed currencies in refund " + id + ": " + currencies);
        }
        BigDecimal amount = parts.stream().map(Money::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Money(amount, currencies.isEmpty() ? null : currencies.get(0));
    }

    /**
     * What the refund's money sets ({@code shop_money} and {@code presentment_money} of the same amounts) say the
     * refunded items, shipping, adjustments and duties were worth in each currency.
     */
    private static List<MoneySet> moneySets(Fields refund) throws OrderParseException {
        List<MoneySet> sets = new ArrayList<>();
        for (Fields item : refund.array("refund_line_items")) {
            addSet(sets, item.object("subtotal_set"));
            addSet(sets, item.object("total_tax_set"));
        }
        for (Fields shipping : refund.array("refund_shipping_lines")) {
            addSet(sets, shipping.object("subtotal_amount_set"));
        }
        for (Fields adjustment : refund.array("order_adjustments")) {
            addSet(sets, adjustment.object("amount_set"));
            addSet(sets, adjustment.object("tax_amount_set"));
        }
        addSet(sets, refund.object("total_duties_set"));
        return sets;
    }

    private static void addSet(List<MoneySet> sets, Fields set) throws OrderParseException {
        Fields shop = set.object("shop_money");
        Fields presentment = set.object("presentment_money");
        if (shop.has("amount")) {
            sets.add(new MoneySet(new Money(shop.amount("amount"), shop.optionalCurrency("currency_code")),
                    presentment.has("amount")
                            ? new Money(presentment.amount("amount"), presentment.optionalCurrency("currency_code")) : null));
        }
    }

    /**
     * The refunded money in the shop's currency (named by the money sets). A presentment-currency total equal to
     * what the sets list in that currency is exactly their shop amount; otherwise it is converted at the sets'
     * own rate, to the shop amounts' precision. With no sets to convert by, it stays in its currency (and is not
     * subtracted from the order until a later delivery or reconciliation brings the shop amount).
     */
    private static Money inShopMoney(String id, Money refunded, List<MoneySet> sets) {
        String shopCurrency = sets.stream().map(s -> s.shop().currency()).filter(Objects::nonNull).findFirst().orElse(null);
        if (refunded.currency() == null || shopCurrency == null || refunded.currency().equals(shopCurrency)) {
            return new Money(refunded.amount(), refunded.currency() != null ? refunded.currency() : shopCurrency);
        }
        BigDecimal shop = BigDecimal.ZERO;
        BigDecimal presentment = BigDecimal.ZERO;
        int scale = 2;
        for (MoneySet set : sets) {
            if (set.presentment() != null && refunded.currency().equals(set.presentment().currency())) {
                shop = shop.add(set.shop().amount());
                presentment = presentment.add(set.presentment().amount());
                scale = Math.max(scale, set.shop().amount().scale());
            }
        }
        if (presentment.signum() == 0) {
            return refunded;
        }
        if (presentment.compareTo(refunded.amount()) == 0) {
            return new Money(shop, shopCurrency);
        }
        return new Money(refunded.amount().multiply(shop).divide(presentment, scale, RoundingMode.HALF_EVEN), shopCurrency);
    }

    /**
     * {@code <setField>.shop_money} when present (the shop's currency even for orders paid in another), else the
     * plain amount field with its currency field ({@code currencyField} may be null: currency unknown here).
     */
    private static Money shopMoney(Fields node, String setField, String amountField, String currencyField)
            throws OrderParseException {
        Fields shop = node.object(setField).object("shop_money");
        if (shop.has("amount")) {
            return new Money(shop.nonNegativeAmount("amount"), shop.optionalCurrency("currency_code"));
        }
        return new Money(node.nonNegativeAmount(amountField), currencyField == null ? null : node.optionalCurrency(currencyField));
    }

    private record Money(BigDecimal amount, String currency) {
    }

    /** One amount in the shop's currency and in the buyer's ({@code presentment} may be null). */
    private record MoneySet(Money shop, Money presentment) {
    }
}
