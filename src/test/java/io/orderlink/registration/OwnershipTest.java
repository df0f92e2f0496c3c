package io.orderlink.registration;

import io.orderlink.stores.Platform;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What proves a claim on a store, and the words a refused claimant reads. */
class OwnershipTest {

    private static final StoreAccess SHOP = StoreAccess.claim("org", Platform.SHOPIFY, "tea.myshopify.com",
            "https://tea.myshopify.com", new JsonObject());
    private static final StoreAccess SITE = StoreAccess.claim("org", Platform.WOOCOMMERCE, "tea.example",
            "https://tea.example/shop", new JsonObject());

    @Test
    void theShopsOwnDomainProvesItHoweverItIsSpelled() {
        assertNull(Ownership.mismatch(SHOP, "tea.myshopify.com"));
        assertNull(Ownership.mismatch(SHOP, "Tea.MyShopify.com."));
        assertNull(Ownership.mismatch(SITE, "tea.example"));
        StoreAccess plainHttpOn443 = StoreAccess.claim("org", Platform.WOOCOMMERCE, "tea.example:443", "http://tea.example:443",
                new JsonObject());
        assertNull(Ownership.mismatch(plainHttpOn443, "tea.example:443"), "the claim's own key, whichever scheme made it");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"coffee.myshopify.com|coffee.myshopify.com", "''|no store",
        "tea.myshopify.com.evil|tea.myshopify.com.evil"})
    void anotherShopOrNoAnswerProvesNothing(String answered, String named) {
        assertEquals("the access token does not belong to shop tea.myshopify.com: the platform answered for " + named,
                Ownership.mismatch(SHOP, answered));
    }

    @Test
    void refusalsNameTheClaimAndKeepThePlatformsWords() {
        assertEquals("the access token does not belong to shop tea.myshopify.com: Shopify refused the access token (401)",
                Ownership.refused(SHOP, "Shopify refused the access token (401)"));
        assertEquals("the keys were refused by https://tea.example/shop: WooCommerce refused the API key (401)",
                Ownership.refused(SITE, "WooCommerce refused the API key (401)"));
        assertEquals("could not prove ownership of tea.example: Connection refused", Ownership.unverified(SITE, "Connection refused"));
    }
}
