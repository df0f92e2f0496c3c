package io.orderlink.orders;

import io.orderlink.stores.Platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class EmailsAndPlatformTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "customer@example.com        | customer@example.com",
        "'  Customer@Example.COM  '  | customer@example.com",
        "'\tADMIN@SHOP.COM\n'        | admin@shop.com"})
    void normalizeTrimsAndLowerCases(String raw, String expected) {
        assertEquals(expected, Emails.normalize(raw));
    }

    @Test
    void normalizeIgnoresTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            // under Turkish rules "I".toLowerCase() is a dotless ı
            assertEquals("info@shop.com", Emails.normalize("INFO@SHOP.COM"));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void nullAndBlankNormalizeToNull() {
        assertNull(Emails.normalize(null));
        assertNull(Emails.normalize(""));
        assertNull(Emails.normalize(" \t "));
    }

    @ParameterizedTest
    @EnumSource(Platform.class)
    void platformIdsRoundTrip(Platform platform) {
        assertEquals(platform, Platform.fromId(platform.id()));
    }

    @Test
    void platformIds() {
        assertEquals("shopify", Platform.SHOPIFY.id());
        assertEquals("woocommerce", Platform.WOOCOMMERCE.id());
        assertThrows(IllegalArgumentException.class, () -> Platform.fromId("magento"));
    }
}
