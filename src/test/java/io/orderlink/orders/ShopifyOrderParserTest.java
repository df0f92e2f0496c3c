package io.orderlink.orders;

import io.orderlink.stores.Platform;

import static io.orderlink.testing.Fixtures.bytes;
import static io.orderlink.testing.Fixtures.json;
import static io.orderlink.testing.Fixtures.sdkOrder;
import static io.orderlink.testing.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShopifyOrderParserTest {

    private final ShopifyOrderParser parser = new ShopifyOrderParser(NormalizedOrder.DEFAULT_CHAT_SESSION_KEY, TimeRange.DEFAULT);

    // --- the documented orders/create sample (2026-01): a voided, cancelled test order ---

    @ParameterizedTest(name = "total {0}")
    @CsvSource({"-5.00, must not be negative", "1e400, an amount of money"})
    void aTotalThatIsNoSaneAmountIsRefused(String amount, String rule) {
        ObjectNode order = json("shopify-orders-create.json");
        ((ObjectNode) order.get("total_price_set").get("shop_money")).put("amount", amount);

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parseOrder(bytes(order)));
        assertTrue(e.getMessage().startsWith("Invalid total_price_set.shop_money.amount value: " + amount), e.getMessage());
        assertTrue(e.getMessage().contains(rule), e.getMessage());
    }

    @Test
    void anOrderDatedBeyondTheSaneRangeIsRefused() {
        OrderParseException e = assertThrows(OrderParseException.class,
                () -> parser.parseOrder(bytes(json("shopify-orders-create.json").put("created_at", "+999999-01-01T00:00:00Z"))));
        assertEquals("Invalid date in field created_at: +999999-01-01T00:00:00Z must be in the years 2000 to 2100 (UTC)", e.getMessage());
    }

    @Test
    void aNegativeRefundTransactionIsRefused() {
        ObjectNode refund = json("shopify-refunds-create.json");
        ((ObjectNode) refund.get("transactions").get(0)).put("amount", "-85.00").remove("amount_set");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parseRefund(bytes(refund)));
        assertTrue(e.getMessage().contains("must not be negative"), e.getMessage());
    }

    @Test
    void ordersCreateSampleIsKeptButIsNotRevenue() throws Exception {
        NormalizedOrder order = parser.parseOrder(bytes("shopify-orders-create.json"));

        assertEquals(Platform.SHOPIFY, order.platform());
        assertEquals("voided", order.status());
        assertFalse(order.paid());
        assertTrue(order.cancelled());
        assertTrue(order.test());
        assertFalse(order.countsAsRevenue());
    }

    @Test
    void ordersCreateSampleIdComesExactFromTheGidNotFromTheDamagedNumber() throws Exception {
        NormalizedOrder order = parser.parseOrder(bytes("shopify-orders-create.json"));

        // the fixture's numeric "id" was rounded to 820982911946154500 by a JavaScript scraper
        assertEquals("820982911946154508", order.platformOrderId());
    }

    @Test
    void ordersCreateSampleFields() throws Exception {
        NormalizedOrder order = parser.parseOrder(bytes("shopify-orders-create.json"));

        assertEquals("#9999", order.orderNumber());
        assertEquals("jon@example.com", order.email());
        assertEquals("USD", order.currency());
        assertEquals(new BigDecimal("404.95"), order.total());
        assertEquals(Instant.parse("2022-01-01T00:00:00Z"), order.createdAt());
        assertEquals(Instant.parse("2022-01-01T00:00:00Z"), order.updatedAt());
        assertEquals(List.of(), order.refunds());
        assertNull(order.chatSessionId());
    }

    @Test
    void ordersCreateSampleLineItems() throws Exception {
        List<LineItem> items = parser.parseOrder(bytes("shopify-orders-create.json")).lineItems();

        assertEquals(5, items.size());
        LineItem first = items.get(0);
        assertEquals("Aviator sunglasses", first.name());
        assertEquals("SKU2006-001", first.sku());
        assertEquals(1, first.quantity());
        assertEquals(new BigDecimal("89.99"), first.price());
        assertEquals(new BigDecimal("89.99"), first.total());
        assertNull(first.variantId());
        assertNull(items.get(1).productId());
        assertEquals(new BigDecimal("414.95"),
                items.stream().map(LineItem::total).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    // --- the SDK's REST order fixture: exact ids, no *_set fields, no gid ---

    @Test
    void sdkFixtureAuthorizedOrderIsNotPaid() throws Exception {
        NormalizedOrder order = parser.parseOrder(bytes(sdkOrder()));

        assertEquals("450789469", order.platformOrderId());
        assertEquals("#1001", order.orderNumber());
        assertEquals("bob.norman@hostmail.com", order.email());
        assertEquals("409.94", order.total().toPlainString());
        assertEquals("USD", order.currency());
        assertEquals("authorized", order.status());
        assertFalse(order.paid());
        assertFalse(order.cancelled());
        assertFalse(order.test());
        assertFalse(order.countsAsRevenue());
        assertEquals(Instant.parse("2008-01-10T16:00:00Z"), order.createdAt());
    }

    @Test
    void sdkFixtureLineItemIdsAreExact() throws Exception {
        LineItem first = parser.parseOrder(bytes(sdkOrder())).lineItems().get(0);

        assertEquals(new LineItem("632910392", "39072856", "IPod Nano - 8gb - green", "IPOD2008GREEN", 1,
                new BigDecimal("199.00"), new BigDecimal("199.00")), first);
    }

    @Test
    void sdkFixtureWithoutChatAttributeHasNoSessionButAConfiguredKeyFindsItsAttribute() throws Exception {
        assertNull(parser.parseOrder(bytes(sdkOrder())).chatSessionId());
        assertEquals("green", new ShopifyOrderParser("colour", TimeRange.DEFAULT).parseOrder(bytes(sdkOrder())).chatSessionId());
    }

    @Test
    void chatSessionIdComesFromNoteAttributes() throws Exception {
        ObjectNode order = sdkOrder();
        ((ArrayNode) order.get("note_attributes")).addObject().put("name", "chat_session_id").put("value", " sess-42 ");

        assertEquals("sess-42", parser.parseOrder(bytes(order)).chatSessionId());
    }

    @ParameterizedTest(name = "financial_status {0} -> paid {1}")
    @CsvSource({
        "paid, true", "partially_paid, true", "partially_refunded, true", "refunded, true",
        "authorized, false", "pending, false", "voided, false", "expired, false", "PAID, true"})
    void paidFollowsFinancialStatus(String status, boolean paid) throws Exception {
        ObjectNode order = sdkOrder().put("financial_status", status);

        NormalizedOrder parsed = parser.parseOrder(bytes(order));

        assertEquals(paid, parsed.paid());
        assertEquals(paid, parsed.countsAsRevenue());
        assertEquals(status, parsed.status());
    }

    @Test
    void paidTestOrderIsNotRevenue() throws Exception {
        NormalizedOrder order = parser.parseOrder(bytes(sdkOrder().put("financial_status", "paid").put("test", true)));

        assertTrue(order.paid());
        assertFalse(order.countsAsRevenue());
    }

    @Test
    void paidCancelledOrderIsNotRevenue() throws Exception {
        ObjectNode body = sdkOrder().put("financial_status", "paid").put("cancelled_at", "2008-01-11T11:00:00-05:00");

        NormalizedOrder order = parser.parseOrder(bytes(body));

        assertTrue(order.cancelled());
        assertFalse(order.countsAsRevenue());
    }

    @Test
    void missingFinancialStatusIsNotPaid() throws Exception {
        ObjectNode order = sdkOrder();
        order.remove("financial_status");

        NormalizedOrder parsed = parser.parseOrder(bytes(order));

        assertNull(parsed.status());
        assertFalse(parsed.paid());
    }

    // --- emails ---

    @Test
    void missingEmailIsNullNotAnError() throws Exception {
        ObjectNode order = sdkOrder();
        order.remove("email");
        order.remove("customer");

        assertNull(parser.parseOrder(bytes(order)).email());
    }

    @Test
    void emailFallsBackToContactEmailThenCustomerEmail() throws Exception {
        ObjectNode order = sdkOrder().put("email", "").put("contact_email", "contact@example.com");
        assertEquals("contact@example.com", parser.parseOrder(bytes(order)).email());

        order.putNull("contact_email");
        assertEquals("bob.norman@hostmail.com", parser.parseOrder(bytes(order)).email());
    }

    @Test
    void emailIsNormalized() throws Exception {
        ObjectNode order = sdkOrder().put("email", "  Bob.Norman@HostMail.COM ");

        assertEquals("bob.norman@hostmail.com", parser.parseOrder(bytes(order)).email());
    }

    // --- ids ---

    @Test
    void missingIdFails() {
        ObjectNode order = sdkOrder();
        order.remove("id");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parseOrder(bytes(order)));
        assertEquals("Missing required field: id", e.getMessage());
    }

    @Test
    void gidOfAnotherTypeIsIgnored() throws Exception {
        ObjectNode order = sdkOrder().put("admin_graphql_api_id", "gid://shopify/Customer/207119551");

        assertEquals("450789469", parser.parseOrder(bytes(order)).platformOrderId());
    }

    @Test
    void numericIdBeyondTwoToThe53StaysExact() throws Exception {
        // written as JSON text so no double is ever involved; 2^53 = 9007199254740992
        String body = new String(bytes(sdkOrder())).replace("\"id\":450789469", "\"id\":820982911946154508");

        assertEquals("820982911946154508", parser.parseOrder(utf8(body)).platformOrderId());
    }

    @Test
    void idBeyond64BitsIsInvalid() {
        String body = new String(bytes(sdkOrder())).replace("\"id\":450789469", "\"id\":18446744073709551616");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parseOrder(utf8(body)));
        assertEquals("Invalid id value: 18446744073709551616", e.getMessage());
    }

    // --- money ---

    @Test
    void badTotalNamesTheField() {
        ObjectNode order = sdkOrder().put("total_price", "12abc");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parseOrder(bytes(order)));
        assertEquals("Invalid total_price value: 12abc", e.getMessage());
    }

    @Test
    void missingTotalFails() {
        ObjectNode order = sdkOrder();
        order.remove("total_price");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parseOrder(bytes(order)));
        assertEquals("Missing required field: total_price", e.getMessage());
    }

    @Test
    void missingCurrencyFailsInsteadOfDefaultingToUsd() {
        ObjectNode order = sdkOrder();
        order.remove("currency");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parseOrder(bytes(order)));
        assertEquals("Missing required field: currency", e.getMessage());
    }

    @Test
    void shopMoneyIsPreferredOverThePlainTotal() throws Exception {
        ObjectNode order = sdkOrder();
        order.putObject("total_price_set").putObject("shop_money").put("amount", "1000.5").put("currency_code", "jpy");

        NormalizedOrder parsed = parser.parseOrder(bytes(order));

        assertEquals(new BigDecimal("1000.5"), parsed.total());
        assertEquals("JPY", parsed.currency());
    }

    @Test
    void lineTotalIsExactPriceTimesQuantity() throws Exception {
        ObjectNode order = sdkOrder();
        ((ObjectNode) order.get("line_items").get(0)).put("price", "10.10").put("quantity", 3);

        LineItem item = parser.parseOrder(bytes(order)).lineItems().get(0);

        // the original computed 30.299999999999997 in doubles
        assertEquals(new BigDecimal("30.30"), item.total());
    }

    @Test
    void badLineItemPriceNamesItsPath() {
        ObjectNode order = sdkOrder();
        ((ObjectNode) order.get("line_items").get(1)).put("price", "n/a");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parseOrder(bytes(order)));
        assertEquals("Invalid line_items[1].price value: n/a", e.getMessage());
    }

    // --- dates and malformed bodies ---

    @Test
    void badCreatedAtFails() {
        ObjectNode order = sdkOrder().put("created_at", "yesterday");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parseOrder(bytes(order)));
        assertEquals("Invalid date in field created_at: yesterday", e.getMessage());
    }

    @Test
    void createdAtWithoutOffsetIsRejectedRatherThanGuessed() {
        ObjectNode order = sdkOrder().put("created_at", "2008-01-10T11:00:00");

        assertThrows(OrderParseException.class, () -> parser.parseOrder(bytes(order)));
    }

    @Test
    void missingCreatedAtFails() {
        ObjectNode order = sdkOrder();
        order.remove("created_at");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parseOrder(bytes(order)));
        assertEquals("Missing required field: created_at", e.getMessage());
    }

    @Test
    void missingUpdatedAtFallsBackToCreatedAt() throws Exception {
        ObjectNode order = sdkOrder();
        order.remove("updated_at");

        NormalizedOrder parsed = parser.parseOrder(bytes(order));

        assertEquals(parsed.createdAt(), parsed.updatedAt());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json         | Body is not valid JSON",
        "[1,2]            | Body is not a JSON object",
        "{\"id\":1} trail | Body is not valid JSON",
        "''               | Body is not a JSON object"})
    void malformedBodiesFailCleanly(String body, String messageStart) {
        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parseOrder(utf8(body)));
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }

    // --- refunds ---

    @Test
    void refundsCreateSampleSumsSuccessfulRefundTransactionsExactly() throws Exception {
        Refund refund = parser.parseRefund(bytes("shopify-refunds-create.json"));

        assertEquals("85.00", refund.amount().toPlainString());
        assertEquals("USD", refund.currency());
        assertEquals("890088186047892319", refund.refundId());
        assertEquals(Instant.parse("2022-01-01T00:00:00Z"), refund.createdAt());
    }

    @Test
    void refundsCreateSampleOrderIdIsTheExactTextOfTheBody() throws Exception {
        // order_id carries no gid; the scraper's rounded value is reproduced digit for digit, not re-rounded
        assertEquals("820982911946154500", parser.parseRefund(bytes("shopify-refunds-create.json")).platformOrderId());
    }

    @Test
    void failedAndNonRefundTransactionsAreNotCounted() throws Exception {
        ObjectNode refund = json("shopify-refunds-create.json");
        ((ObjectNode) refund.get("transactions").get(1)).put("status", "failure");
        ((ArrayNode) refund.get("transactions")).addObject().put("kind", "sale").put("status", "success").put("amount", "999.00");

        assertEquals(new BigDecimal("75.00"), parser.parseRefund(bytes(refund)).amount());
    }

    @Test
    void refundWithoutTransactionsMovedNoMoney() throws Exception {
        // A restock-only refund lists returned items but returns no money: it must not subtract their value.
        ObjectNode refund = json("shopify-refunds-create.json");
        refund.remove("transactions");

        Refund parsed = parser.parseRefund(bytes(refund));

        assertEquals(0, BigDecimal.ZERO.compareTo(parsed.amount()));
        assertEquals("USD", parsed.currency());
    }

    @Test
    void transactionShopMoneyIsPreferredAndNamesTheCurrency() throws Exception {
        ObjectNode refund = json("shopify-refunds-create.json");
        for (var transaction : refund.get("transactions")) {
            ((ObjectNode) transaction).putObject("amount_set").putObject("shop_money")
                    .put("amount", "70.00").put("currency_code", "CAD");
        }

        Refund parsed = parser.parseRefund(bytes(refund));

        assertEquals(new BigDecimal("140.00"), parsed.amount());
        assertEquals("CAD", parsed.currency());
    }

    /**
     * A shop in USD, the buyer paying in EUR: refunds/create transactions carry the presentment amount and
     * currency, the money sets carry both. 40.00 + 10.00 EUR of items and tax are 44.00 + 11.00 USD.
     */
    private static ObjectNode multiCurrencyRefund(String transactionAmount) {
        ObjectNode refund = json("shopify-refunds-create.json");
        ArrayNode items = (ArrayNode) refund.get("refund_line_items");
        items.remove(1);
        ObjectNode item = (ObjectNode) items.get(0);
        item.set("subtotal_set", moneySet("44.00", "40.00"));
        item.set("total_tax_set", moneySet("11.00", "10.00"));
        refund.set("total_duties_set", moneySet("0.00", "0.00"));
        ArrayNode transactions = (ArrayNode) refund.get("transactions");
        transactions.remove(1);
        ((ObjectNode) transactions.get(0)).put("amount", transactionAmount).put("currency", "EUR");
        return refund;
    }

    private static ObjectNode moneySet(String usd, String eur) {
        ObjectNode set = json("shopify-refunds-create.json").objectNode();
        set.putObject("shop_money").put("amount", usd).put("currency_code", "USD");
        set.putObject("presentment_money").put("amount", eur).put("currency_code", "EUR");
        return set;
    }

    @Test
    void aRefundInTheBuyersCurrencyIsTheShopMoneyOfItsMoneySets() throws Exception {
        Refund refund = parser.parseRefund(bytes(multiCurrencyRefund("50.00")));

        assertEquals(new BigDecimal("55.00"), refund.amount(), "exactly the shop money of what the 50.00 EUR refunded");
        assertEquals("USD", refund.currency(), "the order's currency, so it subtracts");
    }

    @Test
    void aPartialBuyerCurrencyRefundIsConvertedAtItsMoneySetsRate() throws Exception {
        Refund refund = parser.parseRefund(bytes(multiCurrencyRefund("25.00")));

        assertEquals(new BigDecimal("27.50"), refund.amount());
        assertEquals("USD", refund.currency());
    }

    @Test
    void mixedTransactionCurrenciesFail() {
        ObjectNode refund = json("shopify-refunds-create.json");
        ((ObjectNode) refund.get("transactions").get(0)).put("currency", "EUR");
        ((ObjectNode) refund.get("transactions").get(1)).put("currency", "USD");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parseRefund(bytes(refund)));
        assertEquals("Mixed currencies in refund 890088186047892319: [EUR, USD]", e.getMessage());
    }

    @Test
    void decimalAmountsSumExactly() throws Exception {
        ObjectNode refund = json("shopify-refunds-create.json");
        ((ObjectNode) refund.get("transactions").get(0)).put("amount", "0.1");
        ((ObjectNode) refund.get("transactions").get(1)).put("amount", "0.2");

        // 0.1 + 0.2 is 0.30000000000000004 in doubles
        assertEquals("0.3", parser.parseRefund(bytes(refund)).amount().toPlainString());
    }

    @Test
    void refundWithoutOrderIdFails() {
        ObjectNode refund = json("shopify-refunds-create.json");
        refund.remove("order_id");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parseRefund(bytes(refund)));
        assertEquals("Missing required field: order_id", e.getMessage());
    }

    @Test
    void refundsEmbeddedInAnOrderBelongToThatOrder() throws Exception {
        ObjectNode order = sdkOrder();
        order.putArray("refunds").add(json("shopify-refunds-create.json"));

        List<Refund> refunds = parser.parseOrder(bytes(order)).refunds();

        assertEquals(1, refunds.size());
        assertEquals("450789469", refunds.get(0).platformOrderId());
        assertEquals(new BigDecimal("85.00"), refunds.get(0).amount());
    }

    @Test
    void blankChatSessionKeyIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ShopifyOrderParser(" ", TimeRange.DEFAULT));
    }
}
