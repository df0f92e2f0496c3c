package io.orderlink.orders;

import static io.orderlink.testing.Fixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderlink.testing.Fixtures;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The original implementation's WooCommerce parser and filter tests (reference section 8.2), translated to
 * docs/architecture.md: nothing is filtered out any more; orders are kept and {@code countsAsRevenue} decides.
 */
class WooCommerceOriginalCasesTest {

    private final WooCommerceOrderParser parser = new WooCommerceOrderParser(NormalizedOrder.DEFAULT_CHAT_SESSION_KEY, TimeRange.DEFAULT);

    /** The original's base order. */
    private static ObjectNode baseOrder() {
        ObjectNode order = Fixtures.EXACT.createObjectNode()
                .put("id", 12345)
                .put("number", "WC-12345")
                .put("status", "completed")
                .put("currency", "USD")
                .put("total", "199.99")
                .put("date_created", "2025-01-09T12:00:00")
                .put("date_created_gmt", "2025-01-09T12:00:00Z");
        order.putObject("billing")
                .put("first_name", "John").put("last_name", "Doe")
                .put("email", "customer@example.com").put("phone", "+1234567890");
        order.putArray("line_items").addObject()
                .put("name", "Test Product").put("product_id", 100).put("quantity", 2).put("total", "199.99");
        order.putArray("meta_data").addObject().put("key", "chat_session_id").put("value", "chat_abc123");
        return order;
    }

    private NormalizedOrder parse(ObjectNode order) throws OrderParseException {
        return parser.parse(bytes(order));
    }

    @Test
    void original_8_2_1_validOrderParses() throws Exception {
        NormalizedOrder order = parse(baseOrder());

        assertEquals("12345", order.platformOrderId());
        assertEquals("WC-12345", order.orderNumber());
        assertEquals("customer@example.com", order.email());
        assertEquals(new BigDecimal("199.99"), order.total());
        assertEquals("USD", order.currency());
        assertEquals(1, order.lineItems().size());
        assertEquals("Test Product", order.lineItems().get(0).name());
        assertNull(order.lineItems().get(0).price());
        assertEquals("completed", order.status());
        assertEquals("chat_abc123", order.chatSessionId());
    }

    @Test
    void original_8_2_2_missingIdFails() {
        ObjectNode order = baseOrder();
        order.remove("id");

        OrderParseException e = assertThrows(OrderParseException.class, () -> parse(order));
        assertEquals("Missing required field: id", e.getMessage());
    }

    /** Changed: a missing email is no longer an error (DESIGN); it just cannot match a conversation. */
    @Test
    void original_8_2_3_missingBillingEmailParsesWithNullEmail() throws Exception {
        ObjectNode order = baseOrder();
        ((ObjectNode) order.get("billing")).remove("email");

        NormalizedOrder parsed = parse(order);

        assertNull(parsed.email());
        assertTrue(parsed.countsAsRevenue());
    }

    @Test
    void original_8_2_4_invalidTotalFails() {
        OrderParseException e = assertThrows(OrderParseException.class, () -> parse(baseOrder().put("total", "invalid")));
        assertEquals("Invalid total value: invalid", e.getMessage());
    }

    @Test
    void original_8_2_5_emailIsLowerCased() throws Exception {
        ObjectNode order = baseOrder();
        ((ObjectNode) order.get("billing")).put("email", "CUSTOMER@EXAMPLE.COM");

        assertEquals("customer@example.com", parse(order).email());
    }

    @Test
    void original_8_2_6_completedIsRevenue() throws Exception {
        assertTrue(parse(baseOrder().put("status", "completed")).countsAsRevenue());
    }

    @Test
    void original_8_2_7_processingIsRevenue() throws Exception {
        assertTrue(parse(baseOrder().put("status", "processing")).countsAsRevenue());
    }

    @Test
    void original_8_2_8_onHoldAwaitsPaymentAndIsNotRevenueUntilPaid() throws Exception {
        // The original counted on-hold; WooCommerce's paid statuses (wc_get_is_paid_statuses) do not include it.
        assertFalse(parse(baseOrder().put("status", "on-hold")).countsAsRevenue());
        assertTrue(parse(baseOrder().put("status", "processing")).countsAsRevenue());
    }

    @Test
    void original_8_2_9_pendingIsKeptButIsNotRevenue() throws Exception {
        NormalizedOrder order = parse(baseOrder().put("status", "pending"));

        assertEquals("12345", order.platformOrderId());
        assertFalse(order.paid());
        assertFalse(order.countsAsRevenue());
    }

    @Test
    void original_8_2_10_failedIsKeptButIsNotRevenue() throws Exception {
        NormalizedOrder order = parse(baseOrder().put("status", "failed"));

        assertEquals("failed", order.status());
        assertFalse(order.countsAsRevenue());
    }

    @Test
    void original_8_2_11_zeroTotalIsKeptAndContributesZero() throws Exception {
        NormalizedOrder order = parse(baseOrder().put("total", "0.00"));

        assertTrue(order.countsAsRevenue());
        assertEquals(0, order.total().signum());
    }

    /** Changed: the substring test-address filter is gone (it dropped contest@, latest@); the order is kept. */
    @Test
    void original_8_2_12_testAddressIsNoLongerFiltered() throws Exception {
        ObjectNode order = baseOrder();
        ((ObjectNode) order.get("billing")).put("email", "test@example.com");

        NormalizedOrder parsed = parse(order);

        assertEquals("test@example.com", parsed.email());
        assertTrue(parsed.countsAsRevenue());
    }
}
