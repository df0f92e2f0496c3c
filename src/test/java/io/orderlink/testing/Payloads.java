package io.orderlink.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Order payloads in the platforms' webhook shapes (as in shared/fixtures), built for one test case at a time. */
public final class Payloads {

    private static final DateTimeFormatter WOO_GMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private Payloads() {
    }

    /** A Shopify REST order: shop money in USD, one line item, the chat session id as a note attribute when given. */
    public static JsonObject shopifyOrder(String id, String email, String total, Instant createdAt, Instant updatedAt,
                                          String financialStatus) {
        return new JsonObject()
                .put("id", Long.parseLong(id))
                .put("admin_graphql_api_id", "gid://shopify/Order/" + id)
                .put("name", "#" + id)
                .put("email", email)
                .put("created_at", createdAt.toString())
                .put("updated_at", updatedAt.toString())
                .put("currency", "USD")
                .put("total_price", total)
                .put("total_price_set", new JsonObject().put("shop_money", new JsonObject().put("amount", total).put("currency_code", "USD")))
                .put("financial_status", financialStatus)
                .put("test", false)
                .put("cancelled_at", null)
                .put("note_attributes", new JsonArray())
                .put("line_items", new JsonArray().add(new JsonObject().put("id", 1).put("product_id", 632910392)
                        .put("variant_id", 808950810).put("name", "IPod Nano - 8GB").put("sku", "IPOD2008PINK")
                        .put("quantity", 1).put("price", total)));
    }

    public static JsonObject withChatSession(JsonObject order, String sessionId) {
        order.getJsonArray("note_attributes").add(new JsonObject().put("name", "chat_session_id").put("value", sessionId));
        return order;
    }

    /** A Shopify refunds/create body returning {@code amount} USD. */
    public static JsonObject shopifyRefund(String refundId, String orderId, String amount, Instant createdAt) {
        return new JsonObject()
                .put("id", Long.parseLong(refundId))
                .put("admin_graphql_api_id", "gid://shopify/Refund/" + refundId)
                .put("order_id", Long.parseLong(orderId))
                .put("created_at", createdAt.toString())
                .put("refund_line_items", new JsonArray())
                .put("transactions", new JsonArray().add(new JsonObject().put("kind", "refund").put("status", "success")
                        .put("amount", amount).put("currency", "USD")));
    }

    /** A WooCommerce order: GMT dates without a zone suffix, as WooCommerce sends them. */
    public static JsonObject wooOrder(long id, String email, String total, String status, Instant created, Instant modified) {
        return new JsonObject()
                .put("id", id)
                .put("number", String.valueOf(id))
                .put("status", status)
                .put("currency", "EUR")
                .put("total", total)
                .put("date_created", WOO_GMT.format(created))
                .put("date_created_gmt", WOO_GMT.format(created))
                .put("date_modified_gmt", WOO_GMT.format(modified))
                .put("billing", new JsonObject().put("first_name", "Ana").put("email", email))
                .put("meta_data", new JsonArray())
                .put("refunds", new JsonArray())
                .put("line_items", new JsonArray().add(new JsonObject().put("id", 315).put("name", "Woo Single #1")
                        .put("product_id", 93).put("variation_id", 0).put("quantity", 1).put("subtotal", total)
                        .put("total", total).put("sku", "").put("price", total)));
    }

    public static byte[] bytes(JsonObject json) {
        return json.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
