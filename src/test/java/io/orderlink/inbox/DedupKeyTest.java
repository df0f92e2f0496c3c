package io.orderlink.inbox;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DedupKeyTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void wooCommerceKeyIsTopicOrderAndModificationTimeFromTheTopLevelOnly() throws Exception {
        byte[] body = json("{\"line_items\":[{\"id\":99,\"date_modified_gmt\":\"x\"}],\"id\":727,"
                + "\"billing\":{\"id\":5},\"date_modified_gmt\":\"2017-03-22T19:28:02\"}");
        assertEquals("order.updated:727:2017-03-22T19:28:02", DedupKey.wooCommerce("order.updated", "d1", body, true));
    }

    @Test
    void theScanStopsOnceTheIdAndModificationTimeAreKnown() throws Exception {
        // Everything after the two fields is never tokenized: this tail is not even JSON.
        byte[] body = json("{\"id\":727,\"date_modified_gmt\":\"2017-03-22T19:28:02\",\"line_items\":[{\"id\": oops");
        assertEquals("order.updated:727:2017-03-22T19:28:02", DedupKey.wooCommerce("order.updated", "d1", body, true));
    }

    @Test
    void deletionsCarryOnlyTheIdSoTheDeliveryIdMakesThemDistinct() throws Exception {
        assertEquals("order.deleted:727:delivery:d1", DedupKey.wooCommerce("order.deleted", "d1", json("{\"id\":727}"), true));
    }

    @Test
    void anOrderTopicWithoutAnIdIsMalformed() {
        assertThrows(DedupKey.Malformed.class, () -> DedupKey.wooCommerce("order.created", "d", json("not json"), true));
        assertThrows(DedupKey.Malformed.class, () -> DedupKey.wooCommerce("order.created", "d", json("{\"total\":\"1\"}"), true));
    }

    @Test
    void otherTopicsWithoutAnIdFallBackToABodyHash() throws Exception {
        String a = DedupKey.wooCommerce("action.woocommerce_x", null, json("{\"arg\":1}"), false);
        String b = DedupKey.wooCommerce("action.woocommerce_x", null, json("{\"arg\":2}"), false);
        assertTrue(a.startsWith("sha256:"));
        assertNotEquals(a, b);
    }

    @Test
    void shopifyUsesTheWebhookIdElseAHashOfTopicAndBody() {
        assertEquals("abc", DedupKey.shopify(null, "abc", "orders/create", json("{}")));
        assertNotEquals(DedupKey.shopify(null, null, "orders/create", json("{}")), DedupKey.shopify(null, null, "orders/paid", json("{}")));
    }

    @Test
    void shopifyPrefersTheEventIdSoTwoSubscriptionsOfOneTopicMakeOneRow() {
        assertEquals(DedupKey.shopify("ev-1", "webhook-a", "orders/create", json("{}")),
                DedupKey.shopify("ev-1", "webhook-b", "orders/create", json("{}")));
        assertNotEquals(DedupKey.shopify("ev-1", "webhook-a", "orders/create", json("{}")),
                DedupKey.shopify("ev-1", "webhook-c", "orders/paid", json("{}")), "one action firing two topics is two rows");
    }
}
