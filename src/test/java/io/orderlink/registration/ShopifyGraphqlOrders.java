package io.orderlink.registration;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * Test data: a REST order (the webhook fixture) as the GraphQL Admin API returns the same order, for the
 * fake Shopify to serve and for checking the translation back.
 */
final class ShopifyGraphqlOrders {

    private ShopifyGraphqlOrders() {
    }

    static JsonObject node(JsonObject rest, String updatedAt) {
        String gid = rest.getString("admin_graphql_api_id");
        JsonArray lines = new JsonArray();
        for (Object item : rest.getJsonArray("line_items")) {
            JsonObject line = (JsonObject) item;
            lines.add(new JsonObject().put("node", new JsonObject()
                    .put("id", line.getString("admin_graphql_api_id"))
                    .put("name", line.getString("name"))
                    .put("title", line.getString("title"))
                    .put("sku", line.getString("sku"))
                    .put("quantity", line.getInteger("quantity"))
                    .put("originalUnitPriceSet", money(line.getString("price"), rest.getString("currency")))
                    .put("product", reference("Product", line.getValue("product_id")))
                    .put("variant", reference("ProductVariant", line.getValue("variant_id")))));
        }
        JsonArray attributes = new JsonArray();
        for (Object attribute : rest.getJsonArray("note_attributes", new JsonArray())) {
            JsonObject a = (JsonObject) attribute;
            attributes.add(new JsonObject().put("key", a.getString("name")).put("value", a.getString("value")));
        }
        return new JsonObject()
                .put("id", gid)
                .put("legacyResourceId", gid.substring(gid.lastIndexOf('/') + 1))
                .put("name", rest.getString("name"))
                .put("email", rest.getString("email"))
                .put("currencyCode", rest.getString("currency"))
                .put("displayFinancialStatus", rest.getString("financial_status").toUpperCase(Locale.ROOT))
                .put("cancelledAt", rest.getString("cancelled_at"))
                .put("test", rest.getBoolean("test"))
                .put("createdAt", rest.getString("created_at"))
                .put("updatedAt", updatedAt)
                .put("totalPriceSet", money(rest.getJsonObject("total_price_set").getJsonObject("shop_money").getString("amount"),
                        rest.getString("currency")))
                .put("customAttributes", attributes)
                .put("lineItems", new JsonObject().put("edges", lines))
                .put("refunds", new JsonArray());
    }

    /** A refund as the GraphQL Admin API returns it: what it gave back, in shop money. */
    static JsonObject refund(String gid, String createdAt, String amount, String currency) {
        return new JsonObject().put("id", gid).put("createdAt", createdAt).put("totalRefundedSet", money(amount, currency));
    }

    private static JsonObject money(String amount, String currency) {
        return new JsonObject().put("shopMoney", new JsonObject().put("amount", amount).put("currencyCode", currency));
    }

    private static JsonObject reference(String type, Object id) {
        return id == null ? null : new JsonObject().put("id", "gid://shopify/" + type + "/" + id);
    }
}
