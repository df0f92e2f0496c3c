package io.orderlink.ingest;

import io.orderlink.stores.Platform;
import io.orderlink.stores.StoreDomain;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Ported from the original's Shopify header-extraction cases (original-implementation.md 8.7.17–21). */
class DeliveryHeadersTest {

    @Test
    void original_8_7_17_allFourShopifyHeadersAreExtracted() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("X-Shopify-Hmac-Sha256", "hmac==")
                .add("X-Shopify-Shop-Domain", "shop.myshopify.com")
                .add("X-Shopify-Topic", "orders/create")
                .add("X-Shopify-Webhook-Id", "b54557e4");
        DeliveryHeaders extracted = shopify(headers);
        assertEquals("hmac==", extracted.signature());
        assertEquals("shop.myshopify.com", extracted.storeDomain());
        assertEquals("orders/create", extracted.topic());
        assertEquals("b54557e4", extracted.deliveryId());
    }

    @Test
    void original_8_7_18_noHeadersGiveNothing() {
        DeliveryHeaders extracted = shopify(MultiMap.caseInsensitiveMultiMap());
        assertNull(extracted.signature());
        assertNull(extracted.storeDomain());
        assertNull(extracted.topic());
        assertNull(extracted.deliveryId());
        assertEquals(0, extracted.kept().size());
    }

    @Test
    void original_8_7_19_partialHeadersSetOnlyThosePresent() {
        DeliveryHeaders extracted = shopify(MultiMap.caseInsensitiveMultiMap()
                .add("X-Shopify-Topic", "orders/paid"));
        assertEquals("orders/paid", extracted.topic());
        assertNull(extracted.signature());
        assertNull(extracted.storeDomain());
    }

    @Test
    void original_8_7_20_mixedCaseNamesAreFound() {
        DeliveryHeaders extracted = shopify(MultiMap.caseInsensitiveMultiMap()
                .add("x-shopify-hmac-SHA256", "h")
                .add("X-SHOPIFY-SHOP-DOMAIN", "Shop.MyShopify.com")
                .add("x-Shopify-topic", "orders/create"));
        assertEquals("h", extracted.signature());
        assertEquals("shop.myshopify.com", extracted.storeDomain(), "domains are compared lower-case");
        assertEquals("orders/create", extracted.topic());
    }

    @Test
    void original_8_7_21_nonShopifyHeadersAreNotKept() {
        DeliveryHeaders extracted = shopify(MultiMap.caseInsensitiveMultiMap()
                .add("X-Shopify-Topic", "orders/create")
                .add("Authorization", "Bearer secret")
                .add("Cookie", "a=b"));
        assertEquals(Set.of("topic"), extracted.kept().fieldNames());
    }

    @Test
    void shopifyEventsUnprefixedNamesAreAccepted() {
        DeliveryHeaders extracted = shopify(MultiMap.caseInsensitiveMultiMap()
                .add("shopify-hmac-sha256", "h").add("shopify-topic", "orders/create").add("shopify-shop-domain", "a.myshopify.com"));
        assertEquals("h", extracted.signature());
        assertEquals("a.myshopify.com", extracted.storeDomain());
    }

    @Test
    void wooCommerceStoreIsTheSourceHost() {
        DeliveryHeaders extracted = DeliveryHeaders.of(Platform.WOOCOMMERCE, MultiMap.caseInsensitiveMultiMap()
                .add("X-WC-Webhook-Source", "https://Shop.Example.com/")
                .add("X-WC-Webhook-Topic", "order.updated")
                .add("X-WC-Webhook-Signature", "sig")
                .add("X-WC-Webhook-ID", "31")
                .add("X-WC-Webhook-Delivery-ID", "d1"), StoreDomain::normalize);
        assertEquals("shop.example.com", extracted.storeDomain());
        assertEquals("order.updated", extracted.topic());
        assertEquals("sig", extracted.signature());
        assertEquals("31", extracted.kept().getString("webhookId"));
        assertEquals("d1", extracted.kept().getString("deliveryId"));
    }

    private static DeliveryHeaders shopify(MultiMap headers) {
        return DeliveryHeaders.of(Platform.SHOPIFY, headers, StoreDomain::normalize);
    }
}
