package io.orderlink.orders;

import io.orderlink.stores.Platform;

import static io.orderlink.testing.Fixtures.bytes;
import static io.orderlink.testing.Fixtures.json;
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

class WooCommerceOrderParserTest {

    private final WooCommerceOrderParser parser = new WooCommerceOrderParser(NormalizedOrder.DEFAULT_CHAT_SESSION_KEY, TimeRange.DEFAULT);

    private static ObjectNode order727() {
        return json("woocommerce-order.json");
    }

    @Test
    void fixtureOrder727() throws Exception {
        NormalizedOrder order = parser.parse(bytes("woocommerce-order.json"));

        assertEquals(Platform.WOOCOMMERCE, order.platform());
        assertEquals("727", order.platformOrderId());
        assertEquals("727", order.orderNumber());
        assertEquals("john.doe@example.com", order.email());
        assertEquals("29.35", order.total().toPlainString());
        assertEquals("USD", order.currency());
        assertEquals("processing", order.status());
        assertTrue(order.paid());
        assertFalse(order.cancelled());
        assertFalse(order.test());
        assertTrue(order.countsAsRevenue());
        assertNull(order.chatSessionId());
        assertEquals(List.of(), order.refunds());
    }

    @Test
    void fixtureTimesAreTheGmtFieldsReadAsUtc() throws Exception {
        NormalizedOrder order = parser.parse(bytes("woocommerce-order.json"));

        assertEquals(Instant.parse("2017-03-22T19:28:02Z"), order.createdAt());
        assertEquals(Instant.parse("2017-03-22T19:28:08Z"), order.updatedAt());
    }

    @Test
    void fixtureLineItemsWithNumericPrices() throws Exception {
        List<LineItem> items = parser.parse(bytes("woocommerce-order.json")).lineItems();

        assertEquals(List.of(
                new LineItem("93", null, "Woo Single #1", null, 2, new BigDecimal("3"), new BigDecimal("6.00")),
                new LineItem("22", "23", "Ship Your Idea &ndash; Color: Black, Size: M Test", "Bar3", 1,
                        new BigDecimal("12"), new BigDecimal("12.00"))),
                items);
    }

    @ParameterizedTest(name = "price {0}")
    @CsvSource(delimiter = '|', value = {"3.5 | 3.5", "\"3.50\" | 3.50", "8.333333333333334 | 8.333333333333334"})
    void priceAsNumberOrStringIsExact(String json, String expected) throws Exception {
        String body = new String(bytes("woocommerce-order.json")).replace("\"price\": 3", "\"price\": " + json);

        assertEquals(expected, parser.parse(utf8(body)).lineItems().get(0).price().toPlainString());
    }

    /** A total that is no sane amount of money makes the delivery a dead letter (its error), never revenue. */
    @ParameterizedTest(name = "total {0}")
    @CsvSource(delimiter = '|', value = {
        "1e400 | 1E+400", "\"1e400\" | 1e400", "\"-50.00\" | must not be negative", "-50.00 | must not be negative",
        "1e-999999999 | 1E-999999999", "\"Infinity\" | Infinity"})
    void aTotalThatIsNoSaneAmountIsRefused(String json, String quoted) {
        String body = new String(bytes("woocommerce-order.json")).replace("\"total\": \"29.35\"", "\"total\": " + json);

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parse(utf8(body)));
        assertTrue(e.getMessage().startsWith("Invalid total value: "), e.getMessage());
        assertTrue(e.getMessage().contains(quoted), e.getMessage());
    }

    @Test
    void aLineTotalBelowZeroIsRefusedButARefundTotalIsNegativeByNature() throws Exception {
        String negativeLine = new String(bytes("woocommerce-order.json")).replace("\"total\": \"6.00\"", "\"total\": \"-6.00\"");
        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parse(utf8(negativeLine)));
        assertEquals("Invalid line_items[0].total value: -6.00 (must not be negative)", e.getMessage());

        ObjectNode refunded = order727();
        refunded.putArray("refunds").addObject().put("id", 726).put("total", "-10.00");
        assertEquals("10.00", parser.parse(bytes(refunded)).refunds().get(0).amount().toPlainString());
    }

    @ParameterizedTest(name = "date_created_gmt {0}")
    @CsvSource({"+999999-01-01T00:00:00", "1999-12-31T23:59:59", "2101-01-01T00:00:00"})
    void anOrderTimeOutsideTheSaneRangeIsRefused(String time) {
        OrderParseException e = assertThrows(OrderParseException.class,
                () -> parser.parse(bytes(order727().put("date_created_gmt", time))));
        assertEquals("Invalid date in field date_created_gmt: " + time + " must be in the years 2000 to 2100 (UTC)", e.getMessage());
    }

    @Test
    void theRangeIsTheOneConfigured() throws Exception {
        WooCommerceOrderParser wide = new WooCommerceOrderParser("chat_session_id", new TimeRange(1990, 2200));
        assertEquals(Instant.parse("2150-01-01T00:00:00Z"),
                wide.parse(bytes(order727().put("date_created_gmt", "2150-01-01T00:00:00").put("date_modified_gmt", "2150-01-01T00:00:00"))).createdAt());
    }

    @ParameterizedTest(name = "status {0}: paid {1}, cancelled {2}")
    @CsvSource({
        "processing, true, false", "completed, true, false", "on-hold, false, false", "refunded, true, false",
        "pending, false, false", "failed, false, false", "checkout-draft, false, false", "trash, false, false",
        "cancelled, false, true", "ready-for-pickup, false, false"})
    void statusDecidesPaidAndCancelled(String status, boolean paid, boolean cancelled) throws Exception {
        NormalizedOrder order = parser.parse(bytes(order727().put("status", status)));

        assertEquals(status, order.status());
        assertEquals(paid, order.paid());
        assertEquals(cancelled, order.cancelled());
        assertEquals(paid, order.countsAsRevenue());
    }

    @Test
    void missingStatusFails() {
        ObjectNode order = order727();
        order.remove("status");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parse(bytes(order)));
        assertEquals("Missing required field: status", e.getMessage());
    }

    @ParameterizedTest(name = "id {0}")
    @CsvSource(delimiter = '|', value = {"0", "null", "\"\""})
    void zeroNullOrBlankIdIsMissing(String id) {
        String body = new String(bytes("woocommerce-order.json")).replace("\"id\": 727,", "\"id\": " + id + ",");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parse(utf8(body)));
        assertEquals("Missing required field: id", e.getMessage());
    }

    @Test
    void idBeyondTwoToThe53StaysExact() throws Exception {
        String body = new String(bytes("woocommerce-order.json")).replace("\"id\": 727,", "\"id\": 9007199254740993,");

        assertEquals("9007199254740993", parser.parse(utf8(body)).platformOrderId());
    }

    @Test
    void numberFallsBackToId() throws Exception {
        ObjectNode order = order727();
        order.remove("number");

        assertEquals("727", parser.parse(bytes(order)).orderNumber());
    }

    @Test
    void totalIsNotParsedLeniently() {
        OrderParseException e = assertThrows(OrderParseException.class,
                () -> parser.parse(bytes(order727().put("total", "12abc"))));
        assertEquals("Invalid total value: 12abc", e.getMessage());
    }

    @ParameterizedTest(name = "total \"{0}\"")
    @CsvSource({"''", "'   '"})
    void blankTotalIsMissing(String total) {
        OrderParseException e = assertThrows(OrderParseException.class,
                () -> parser.parse(bytes(order727().put("total", total))));
        assertEquals("Missing required field: total", e.getMessage());
    }

    @Test
    void numericTotalIsExact() throws Exception {
        String body = new String(bytes("woocommerce-order.json")).replace("\"total\": \"29.35\"", "\"total\": 29.35");

        assertEquals("29.35", parser.parse(utf8(body)).total().toPlainString());
    }

    @Test
    void missingCurrencyFails() {
        ObjectNode order = order727();
        order.remove("currency");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parse(bytes(order)));
        assertEquals("Missing required field: currency", e.getMessage());
    }

    @Test
    void invalidCurrencyFails() {
        OrderParseException e = assertThrows(OrderParseException.class,
                () -> parser.parse(bytes(order727().put("currency", "US$"))));
        assertEquals("Invalid currency value: US$", e.getMessage());
    }

    @Test
    void missingBillingEmailIsNull() throws Exception {
        ObjectNode order = order727();
        ((ObjectNode) order.get("billing")).remove("email");
        assertNull(parser.parse(bytes(order)).email());

        order.remove("billing");
        assertNull(parser.parse(bytes(order)).email());
    }

    @Test
    void onlySiteLocalCreationDateFailsInsteadOfUsingTheServerZone() {
        ObjectNode order = order727();
        order.remove("date_created_gmt");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parse(bytes(order)));
        assertTrue(e.getMessage().startsWith("Missing required field: date_created_gmt"), e.getMessage());
        assertTrue(e.getMessage().contains("site-local"), e.getMessage());
    }

    @Test
    void noCreationDateAtAllFails() {
        ObjectNode order = order727();
        order.remove("date_created_gmt");
        order.remove("date_created");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parse(bytes(order)));
        assertEquals("Missing required field: date_created_gmt", e.getMessage());
    }

    @Test
    void badGmtDateFails() {
        OrderParseException e = assertThrows(OrderParseException.class,
                () -> parser.parse(bytes(order727().put("date_created_gmt", "2017-13-45T99:00:00"))));
        assertEquals("Invalid date in field date_created_gmt: 2017-13-45T99:00:00", e.getMessage());
    }

    @Test
    void gmtDateWithTrailingZIsAccepted() throws Exception {
        NormalizedOrder order = parser.parse(bytes(order727().put("date_created_gmt", "2017-03-22T19:28:02Z")));

        assertEquals(Instant.parse("2017-03-22T19:28:02Z"), order.createdAt());
    }

    @Test
    void missingModifiedDateFallsBackToCreated() throws Exception {
        ObjectNode order = order727();
        order.remove("date_modified_gmt");

        assertEquals(Instant.parse("2017-03-22T19:28:02Z"), parser.parse(bytes(order)).updatedAt());
    }

    @Test
    void chatSessionIdFromMetaData() throws Exception {
        ObjectNode order = order727();
        ((ArrayNode) order.get("meta_data")).addObject().put("id", 1).put("key", "chat_session_id").put("value", "sess-9");

        assertEquals("sess-9", parser.parse(bytes(order)).chatSessionId());
    }

    @Test
    void chatSessionKeyIsConfigurableAndNumericValuesAreText() throws Exception {
        ObjectNode order = order727();
        ((ArrayNode) order.get("meta_data")).addObject().put("key", "_chat").put("value", 12345);

        assertEquals("12345", new WooCommerceOrderParser("_chat", TimeRange.DEFAULT).parse(bytes(order)).chatSessionId());
        assertNull(parser.parse(bytes(order)).chatSessionId());
    }

    @Test
    void embeddedRefundsBecomePositiveAmountsStampedWithTheModificationTime() throws Exception {
        ObjectNode order = order727().put("status", "refunded");
        ((ArrayNode) order.get("refunds")).addObject().put("id", 730).put("reason", "").put("total", "-5.00");

        List<Refund> refunds = parser.parse(bytes(order)).refunds();

        assertEquals(List.of(new Refund("730", "727", new BigDecimal("5.00"), "USD",
                Instant.parse("2017-03-22T19:28:08Z"))), refunds);
    }

    @Test
    void refundWithBadTotalNamesItsPath() {
        ObjectNode order = order727();
        ((ArrayNode) order.get("refunds")).addObject().put("id", 730).put("total", "five");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parse(bytes(order)));
        assertEquals("Invalid refunds[0].total value: five", e.getMessage());
    }

    @Test
    void deletedOrderId() throws Exception {
        assertEquals("727", WooCommerceOrderParser.deletion("order.deleted", utf8("{\"id\":727}")));
        OrderParseException e = assertThrows(OrderParseException.class,
                () -> WooCommerceOrderParser.deletion("order.deleted", utf8("{\"id\":0}")));
        assertEquals("Missing required field: id", e.getMessage());
    }

    @Test
    void notJsonFails() {
        OrderParseException e = assertThrows(OrderParseException.class, () -> parser.parse(utf8("webhook_id=12")));
        assertTrue(e.getMessage().startsWith("Body is not valid JSON"), e.getMessage());
    }

    /** A deletion is a body with only an id (WC_Webhook::build_payload); the topic header is not signed. */
    @Test
    void aDeletionIsTheBareIdBodyUnderTheDeletedTopicOnly() throws Exception {
        assertEquals("727", WooCommerceOrderParser.deletion("order.deleted", utf8("{\"id\":727}")));
        assertNull(WooCommerceOrderParser.deletion("order.deleted", bytes("woocommerce-order.json")),
                "a whole order under order.deleted is read as the order it is");
        assertNull(WooCommerceOrderParser.deletion("order.updated", bytes("woocommerce-order.json")));
        assertThrows(OrderParseException.class, () -> WooCommerceOrderParser.deletion("order.created", utf8("{\"id\":727}")));
    }

    @Test
    void aTrashedOrderIsDeletedAndNotRevenue() throws Exception {
        NormalizedOrder trashed = parser.parse(bytes(order727().put("status", "trash")));

        assertTrue(trashed.deleted());
        assertFalse(trashed.countsAsRevenue());
        assertFalse(parser.parse(bytes("woocommerce-order.json")).deleted());
    }
}
