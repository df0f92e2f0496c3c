package io.orderlink.registration;

import io.orderlink.orders.NormalizedOrder;
import io.orderlink.orders.Refund;
import io.orderlink.orders.ShopifyOrderParser;
import io.orderlink.orders.TimeRange;
import io.orderlink.testing.Fixtures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A reconciled Shopify order must parse exactly as the webhook carrying the same order does. */
class ShopifyOrderShapeTest {

    private final ShopifyOrderParser parser = new ShopifyOrderParser(NormalizedOrder.DEFAULT_CHAT_SESSION_KEY, TimeRange.DEFAULT);
    private final JsonObject fixture = new JsonObject(Buffer.buffer(Fixtures.bytes("shopify-orders-create.json")));

    @Test
    void theRestShapeOfTheGraphqlOrderParsesLikeTheWebhookPayload() throws Exception {
        JsonObject node = ShopifyGraphqlOrders.node(fixture, fixture.getString("updated_at"));

        NormalizedOrder fromWebhook = parser.parseOrder(Fixtures.bytes("shopify-orders-create.json"));
        NormalizedOrder reconciled = parser.parseOrder(bytes(ShopifyOrderShape.rest(node)));

        assertEquals(fromWebhook, reconciled);
        assertEquals("820982911946154508", reconciled.platformOrderId(), "the exact id, from the gid");
        assertEquals(5, reconciled.lineItems().size());
    }

    @Test
    void refundsChatSessionAndPaymentStateCarryOver() throws Exception {
        JsonObject paid = fixture.copy().put("financial_status", "paid").put("test", false).putNull("cancelled_at")
                .put("note_attributes", new JsonArray().add(new JsonObject().put("name", "chat_session_id").put("value", "chat-42")));
        JsonObject node = ShopifyGraphqlOrders.node(paid, "2026-01-31T12:00:00Z");
        node.put("refunds", new JsonArray()
                .add(ShopifyGraphqlOrders.refund("gid://shopify/Refund/509562969", "2026-01-31T11:00:00Z", "41.94", "USD"))
                .add(ShopifyGraphqlOrders.refund("gid://shopify/Refund/509562970", "2026-01-31T11:05:00Z", "0.00", "USD")));

        NormalizedOrder order = parser.parseOrder(bytes(ShopifyOrderShape.rest(node)));

        assertEquals(true, order.countsAsRevenue());
        assertEquals("chat-42", order.chatSessionId());
        assertEquals(Instant.parse("2026-01-31T12:00:00Z"), order.updatedAt());
        assertEquals(2, order.refunds().size());
        Refund refund = order.refunds().get(0);
        assertEquals("509562969", refund.refundId());
        assertEquals("820982911946154508", refund.platformOrderId());
        assertEquals(new BigDecimal("41.94"), refund.amount());
        assertEquals("USD", refund.currency());
        assertEquals(0, BigDecimal.ZERO.compareTo(order.refunds().get(1).amount()), "a refund whose transactions failed gave nothing back");
    }

    @Test
    void theKeyIsTheOrderVersion() {
        JsonObject node = ShopifyGraphqlOrders.node(fixture, "2026-01-31T12:00:00Z");
        assertEquals("reconcile:gid://shopify/Order/820982911946154508:2026-01-31T12:00:00Z", ShopifyOrderShape.dedupKey(node));
        assertEquals("updated_at:>'2026-01-31T12:00:00Z'", ShopifyOrderShape.updatedAfter(Instant.parse("2026-01-31T12:00:00Z")));
    }

    private static byte[] bytes(JsonObject json) {
        return json.encode().getBytes(StandardCharsets.UTF_8);
    }
}
