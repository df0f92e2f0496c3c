package io.orderlink.registration;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake's cost arithmetic against shopify.dev's rules, and the reconciliation queries against the limit. */
class GraphqlCostTest {

    private static int cost(String query) {
        return GraphqlCost.of(query, new JsonObject());
    }

    @Test
    void objectsCostOneScalarsNothing() {
        assertEquals(1, cost("query { shop { id name timezoneOffsetMinutes } }"));
    }

    @Test
    void aConnectionCostsTwoPlusFirstTimesItsNodeAndNestedConnectionsMultiply() {
        assertEquals(12, cost("query { products(first: 10) { edges { node { title } } } }"));
        assertEquals(2 + 10 * (1 + 2 + 5), cost("query { orders(first: 10) { edges { node { lineItems(first: 5) { edges { node { id } } } } } } }"));
        assertEquals(2 + 4 * 3, GraphqlCost.of("query q($n: Int) { orders(first: $n) { nodes { totalPriceSet { shopMoney { amount } } } } }",
                new JsonObject().put("n", 4)), "first from a variable");
    }

    @Test
    void mutationsCostTen() {
        assertEquals(10, cost("mutation webhookSubscriptionDelete($id: ID!) { webhookSubscriptionDelete(id: $id) { userErrors { field message } } }"));
    }

    @Test
    void theReconciliationQueriesStayUnderTheSingleQueryLimit() {
        int page = cost(ShopifyOrderShape.PAGE_QUERY);
        int order = cost(ShopifyOrderShape.ORDER_QUERY);
        assertEquals(823, page, "5 orders x (1 + total 2 + attributes 1 + 25 lines x 5 + 3 + 10 refunds x 3 + 2) + 3");
        assertEquals(806, order);
        assertTrue(page <= GraphqlCost.SINGLE_QUERY_LIMIT && order <= GraphqlCost.SINGLE_QUERY_LIMIT);
    }

    /** The query reconciliation used before: 10 orders x 50 line items x 5 refunds x 5 transactions. */
    @Test
    void theFormerReconciliationQueryWasOverTheLimit() {
        String former = """
                query orderlinkReconcile($query: String!, $after: String) {
                  orders(first: 10, after: $after, query: $query, sortKey: UPDATED_AT) {
                    edges { node {
                      id totalPriceSet { shopMoney { amount currencyCode } }
                      customAttributes { key value }
                      lineItems(first: 50) { edges { node { id originalUnitPriceSet { shopMoney { amount } } product { id } variant { id } } } }
                      refunds(first: 5) { id transactions(first: 5) { edges { node { kind amountSet { shopMoney { amount } } } } } }
                    } }
                    pageInfo { hasNextPage endCursor }
                  }
                }""";
        assertEquals(3483, cost(former));
    }
}
