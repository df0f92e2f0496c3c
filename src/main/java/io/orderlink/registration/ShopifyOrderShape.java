package io.orderlink.registration;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * Reconciliation reads orders through the GraphQL Admin API, while the order parser reads the REST shape that
 * webhooks carry. This is the query and the translation of its nodes into that REST shape (only the fields
 * {@code io.orderlink.orders.ShopifyOrderParser} reads). Connections are bounded to keep one page under
 * Shopify's 1,000-point query cost: an order with more than 50 line items or 5 refunds is cut there.
 */
final class ShopifyOrderShape {

    static final String PAGE_QUERY = """
            query orderlinkReconcile($query: String!, $after: String) {
              orders(first: 10, after: $after, query: $query, sortKey: UPDATED_AT) {
                edges { node {
                  id legacyResourceId name email currencyCode displayFinancialStatus cancelledAt test createdAt updatedAt
                  totalPriceSet { shopMoney { amount currencyCode } }
                  customAttributes { key value }
                  lineItems(first: 50) { edges { node {
                    id name title sku quantity
                    originalUnitPriceSet { shopMoney { amount currencyCode } }
                    product { id }
                    variant { id }
                  } } }
                  refunds(first: 5) {
                    id createdAt
                    transactions(first: 5) { edges { node { kind status amountSet { shopMoney { amount currencyCode } } } } }
                  }
                } }
                pageInfo { hasNextPage endCursor }
              }
            }""";

    private ShopifyOrderShape() {
    }

    /** The search syntax for "modified after": Shopify's {@code updated_at} filter, strictly greater. */
    static String updatedAfter(java.time.Instant since) {
        return "updated_at:>'" + since + "'";
    }

    /** The dedup key: one row per order version, so a second reconciliation of the same version adds nothing. */
    static String dedupKey(JsonObject node) {
        return "reconcile:" + node.getString("id") + ":" + node.getString("updatedAt");
    }

    static JsonObject rest(JsonObject node) {
        String gid = node.getString("id");
        return new JsonObject()
                .put("id", legacyId(node.getString("legacyResourceId"), gid))
                .put("admin_graphql_api_id", gid)
                .put("name", node.getString("name"))
                .put("email", node.getString("email"))
                .put("currency", node.getString("currencyCode"))
                .put("total_price", amount(node.getJsonObject("totalPriceSet")))
                .put("total_price_set", moneySet(node.getJsonObject("totalPriceSet")))
                .put("financial_status", lower(node.getString("displayFinancialStatus")))
                .put("cancelled_at", node.getString("cancelledAt"))
                .put("test", node.getBoolean("test", false))
                .put("created_at", node.getString("createdAt"))
                .put("updated_at", node.getString("updatedAt"))
                .put("note_attributes", noteAttributes(node.getJsonArray("customAttributes", new JsonArray())))
                .put("line_items", lineItems(nodes(node.getJsonObject("lineItems"))))
                .put("refunds", refunds(node.getJsonArray("refunds", new JsonArray()), gid));
    }

    private static JsonArray noteAttributes(JsonArray attributes) {
        JsonArray rest = new JsonArray();
        for (Object attribute : attributes) {
            JsonObject a = (JsonObject) attribute;
            rest.add(new JsonObject().put("name", a.getString("key")).put("value", a.getString("value")));
        }
        return rest;
    }

    private static JsonArray lineItems(JsonArray items) {
        JsonArray rest = new JsonArray();
        for (Object item : items) {
            JsonObject line = (JsonObject) item;
            JsonObject price = line.getJsonObject("originalUnitPriceSet");
            rest.add(new JsonObject()
                    .put("id", legacyId(null, line.getString("id")))
                    .put("admin_graphql_api_id", line.getString("id"))
                    .put("product_id", legacyId(null, gidOf(line.getJsonObject("product"))))
                    .put("variant_id", legacyId(null, gidOf(line.getJsonObject("variant"))))
                    .put("name", line.getString("name"))
                    .put("title", line.getString("title"))
                    .put("sku", line.getString("sku"))
                    .put("quantity", line.getInteger("quantity"))
                    .put("price", amount(price))
                    .put("price_set", moneySet(price)));
        }
        return rest;
    }

    private static JsonArray refunds(JsonArray refunds, String orderGid) {
        JsonArray rest = new JsonArray();
        for (Object refund : refunds) {
            JsonObject r = (JsonObject) refund;
            JsonArray transactions = new JsonArray();
            for (Object transaction : nodes(r.getJsonObject("transactions"))) {
                JsonObject t = (JsonObject) transaction;
                transactions.add(new JsonObject()
                        .put("kind", lower(t.getString("kind")))
                        .put("status", lower(t.getString("status")))
                        .put("amount", amount(t.getJsonObject("amountSet")))
                        .put("amount_set", moneySet(t.getJsonObject("amountSet"))));
            }
            rest.add(new JsonObject()
                    .put("id", legacyId(null, r.getString("id")))
                    .put("admin_graphql_api_id", r.getString("id"))
                    .put("order_id", legacyId(null, orderGid))
                    .put("created_at", r.getString("createdAt"))
                    .put("transactions", transactions));
        }
        return rest;
    }

    /** {@code {"shop_money":{"amount","currency_code"}}} from GraphQL's {@code {shopMoney{amount currencyCode}}}. */
    private static JsonObject moneySet(JsonObject set) {
        JsonObject shop = set == null ? null : set.getJsonObject("shopMoney");
        return shop == null ? null : new JsonObject().put("shop_money",
                new JsonObject().put("amount", shop.getString("amount")).put("currency_code", shop.getString("currencyCode")));
    }

    private static String amount(JsonObject set) {
        JsonObject shop = set == null ? null : set.getJsonObject("shopMoney");
        return shop == null ? null : shop.getString("amount");
    }

    private static JsonArray nodes(JsonObject connection) {
        JsonArray nodes = new JsonArray();
        if (connection != null) {
            for (Object edge : connection.getJsonArray("edges", new JsonArray())) {
                nodes.add(((JsonObject) edge).getJsonObject("node"));
            }
        }
        return nodes;
    }

    private static String gidOf(JsonObject reference) {
        return reference == null ? null : reference.getString("id");
    }

    /** The numeric REST id: {@code legacyResourceId} when given, else the tail of the gid; kept exact as a long. */
    private static Long legacyId(String legacy, String gid) {
        String digits = legacy != null ? legacy : gid == null ? null : gid.substring(gid.lastIndexOf('/') + 1);
        try {
            return digits == null ? null : Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
