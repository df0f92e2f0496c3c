package io.orderlink.stores;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreDomainTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "shop.myshopify.com, shop.myshopify.com",
        "shop.myshopify.com., shop.myshopify.com",
        "SHOP.MyShopify.COM., shop.myshopify.com",
        "https://shop.myshopify.com:443/admin, shop.myshopify.com",
        "https://Shop.Example.com./, shop.example.com",
        "http://shop.example.com:80, shop.example.com",
        "https://shop.example.com:8443/, shop.example.com:8443",
        "http://127.0.0.1:8081, 127.0.0.1:8081",
        "https://user@shop.example.com, shop.example.com",
        "https://münchen.example/, xn--mnchen-3ya.example",
        "MÜNCHEN.example., xn--mnchen-3ya.example"})
    void oneStoreHasOneKey(String given, String expected) {
        assertEquals(expected, StoreDomain.normalize(given));
    }

    @Test
    void notAHost() {
        assertNull(StoreDomain.normalize(" "));
        assertNull(StoreDomain.normalize("https:///path"));
        assertNull(StoreDomain.normalize("https://shop.example.com:http/"));
    }

    @Test
    void aShopifyStoreIsItsMyshopifyHost() {
        assertTrue(StoreDomain.isShopifyStore("my-shop.myshopify.com"));
        assertFalse(StoreDomain.isShopifyStore("shop.example.com"));
        assertFalse(StoreDomain.isShopifyStore("evil.com/.myshopify.com"));
        assertFalse(StoreDomain.isShopifyStore("a.b.myshopify.com"));
    }
}
