package io.orderlink.inbox;

import io.orderlink.crypto.HmacVerifier;
import io.orderlink.stores.Platform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ported from the original's topic checks (original-implementation.md 8.7.22–32). The original compared a
 * topic with one expected topic and no route called it; here a topic is either processed or stored as ignored.
 */
class WebhookTopicsTest {

    @ParameterizedTest
    @ValueSource(strings = {"orders/create", "orders/updated", "orders/paid", "orders/cancelled", "refunds/create",
            "customers/data_request", "customers/redact", "shop/redact"})
    void original_8_7_22_shopifyOrderAndComplianceTopicsAreProcessed(String topic) {
        assertTrue(WebhookTopics.isSupported(Platform.SHOPIFY, topic));
    }

    @Test
    void original_8_7_23_updatedIsNotCreateButBothAreProcessed() {
        assertTrue(WebhookTopics.isSupported(Platform.SHOPIFY, "orders/updated"));
        assertFalse("orders/updated".equals("orders/create"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void original_8_7_24_and_25_missingOrEmptyTopicIsNotProcessed(String topic) {
        assertFalse(WebhookTopics.isSupported(Platform.SHOPIFY, topic));
    }

    @Test
    void original_8_7_26_topicsAreCaseSensitive() {
        assertFalse(WebhookTopics.isSupported(Platform.SHOPIFY, "Orders/Create"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"products/create", "products/update", "products/delete", "customers/create",
            "customers/update", "inventory_levels/update"})
    void original_8_7_27_to_29_otherShopifyTopicsAreStoredAsIgnored(String topic) {
        assertFalse(WebhookTopics.isSupported(Platform.SHOPIFY, topic));
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders/created", "order/create"})
    void original_8_7_30_nearMissesAreNotTopics(String topic) {
        assertFalse(WebhookTopics.isSupported(Platform.SHOPIFY, topic));
    }

    @Test
    void original_8_7_31_validSignatureAndTopicBothPass() {
        byte[] body = "{\"id\":1,\"email\":\"test@example.com\"}".getBytes(StandardCharsets.UTF_8);
        byte[] secret = "webhook_secret".getBytes(StandardCharsets.UTF_8);
        String hmac = HmacVerifier.sign(secret, body);
        assertTrue(new HmacVerifier(List.of(secret)).verify(body, hmac));
        assertTrue(WebhookTopics.isSupported(Platform.SHOPIFY, "orders/create"));
    }

    @Test
    void original_8_7_32_invalidSignatureFailsWhileTheTopicPasses() {
        byte[] body = "{\"id\":1,\"email\":\"test@example.com\"}".getBytes(StandardCharsets.UTF_8);
        assertFalse(new HmacVerifier(List.of("webhook_secret".getBytes(StandardCharsets.UTF_8))).verify(body, "invalid_signature"));
        assertTrue(WebhookTopics.isSupported(Platform.SHOPIFY, "orders/create"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"order.created", "order.updated", "order.deleted", "order.restored"})
    void wooCommerceOrderTopicsAreProcessed(String topic) {
        assertTrue(WebhookTopics.isSupported(Platform.WOOCOMMERCE, topic));
        assertFalse(WebhookTopics.isSupported(Platform.SHOPIFY, topic));
    }
}
