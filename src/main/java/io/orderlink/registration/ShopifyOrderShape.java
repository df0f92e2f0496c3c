package io.orderlink.registration;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * Reconciliation reads orders through the GraphQL Admin API, while the order parser reads the REST shape that
 * webhooks carry. This is the query and the translation of its nodes into that REST shape (only the fields
 * {@code io.orderlink.orders.ShopifyOrderParser} reads).
 *
 * <p>Shopify refuses a query whose requested cost exceeds 1,000 points ({@code MAX_COST_EXCEEDED}); a connection
 * costs 2 plus {@code first} times one node, and nested connections multiply (shopify.dev, GraphQL Admin API rate
 * limits). A page of {@value #ORDERS_PER_PAGE} orders with {@value #LINES_PER_ORDER} line items and
 * {@value #REFUNDS_PER_ORDER} refunds each costs 823 points; an order with more is completed by {@link #ORDER_QUERY}
 * (806 points per call) before it is stored, so nothing is cut.
 */
final class ShopifyOrderShape {

    static final int ORDERS_PER_PAGE = 5;
    static final int LINES_PER_ORDER = 25;
    static final int REFUNDS_PER_ORDER = 10;
    static final int LINES_PER_CALL = 100;
    static final int REFUNDS_PER_CALL = 100;

    private static final String LINE_ITEM = """
            edges { node {
              id name title sku quantity
              originalUnitPriceSet { shopMoney { amount currencyCode } }
              product { id }
              variant { id }
            } }
            pageInfo { hasNextPage endCursor }""";
    /** What a refund gave back, in shop money: its successful transactions' total. */
    private static final String REFUND = "id createdAt totalRefundedSet { shopMoney { amount currencyCode } }";

    static final String PAGE_QUERY = """
            query orderlinkReconcile($query: String!, $after: String) {
              orders(first: %d, after: $after, query: $query, sortKey: UPDATED_AT) {
                edges { node {
                  id legacyResourceId name email currencyCode displayFinancialStatus cancelledAt test createdAt updatedAt
                  totalPriceSet { shopMoney { amount currencyCode } }
                  customAttributes { key value }
                  lineItems(first: %d) { %s }
                  refunds(first: %d) { %s }
                } }
                pageInfo { hasNextPage endCursor }
              }
            }""".formatted(ORDERS_PER_PAGE, LINES_PER_ORDER, LINE_ITEM, REFUNDS_PER_ORDER, REFUND);

    /** The rest of one order's line items (after a cursor) and all its refunds (up to 100). */
    static final String ORDER_QUERY = """
            query orderlinkOrder($id: ID!, $after: String) {
              order(id: $id) {
                lineItems(first: %d, after: $after) { %s }
                refunds(first: %d) { %s }
              }
            }""".formatted(LINES_PER_CALL, LINE_ITEM, REFUNDS_PER_CALL, REFUND);

    private ShopifyOrderShape() {
    }

    /** The search syntax for "modified after": Shopify's {@code updated_at} filter, strictly greater. */
    static String updatedAfter(java.time.Instant since) {
        return "updated_at:>'" + since + "'";
    }

    /** True when the page cut the order's line items or may have cut its refunds. */
    static boolean incomplete(JsonObject node) {
        return hasMoreLines(node) || node.getJsonArray("refunds", new JsonArray()).size() >= REFUNDS_PER_ORDER;
    }

    static boolean hasMoreLines(JsonObject node) {
        JsonObject page = node.getJsonObject("lineItems", new JsonObject()).getJsonObject("pageInfo");
        return page != null && page.getBoolean("hasNextPage", false);
    }

    /** The cursor after the line items the node holds, for {@link #ORDER_QUERY}. */
    static String linesCursor(JsonObject node) {
        JsonObject page = node.getJsonObject("lineItems", new JsonObject()).getJsonObject("pageInfo");
        return page == null ? null : page.getString("endCursor");
    }

    /** Adds an {@link #ORDER_QUERY} answer to the node: its line items appended, its refunds (all of them) in place. */
    static void merge(JsonObject node, JsonObject order) {
        JsonObject lines = node.getJsonObject("lineItems");
        JsonObject more = order.getJsonObject("lineItems");
        lines.getJsonArray("edges").addAll(more.getJsonArray("edges", new JsonArray()));
        JsonObject page = more.getJsonObject("pageInfo");
        if (page != null && page.getString("endCursor") == null) {
            page.put("endCursor", linesCursor(node));
        }
        lines.put("pageInfo", page);
        node.put("refunds", order.getJsonArray("refunds", new JsonArray()));
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

    /** Each refund as one successful refund transaction of what it gave back, in shop money. */
    private static JsonArray refunds(JsonArray refunds, String orderGid) {
        JsonArray rest = new JsonArray();
        for (Object refund : refunds) {
            JsonObject r = (JsonObject) refund;
            JsonObject refunded = r.getJsonObject("totalRefundedSet");
            rest.add(new JsonObject()
                    .put("id", legacyId(null, r.getString("id")))
                    .put("admin_graphql_api_id", r.getString("id"))
                    .put("order_id", legacyId(null, orderGid))
                    .put("created_at", r.getString("createdAt"))
                    .put("transactions", new JsonArray().add(new JsonObject().put("kind", "refund").put("status", "success")
                            .put("amount", amount(refunded)).put("amount_set", moneySet(refunded)))));
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
