package io.orderlink.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {

    private static Config load(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return Config.load(env);
    }

    @Test
    void defaultsComeFromTheConfFile() {
        Config config = load();
        assertEquals(8081, config.ingest().port());
        assertEquals(8080, config.api().port());
        assertEquals(1048576, config.ingest().bodyLimitBytes());
        assertNull(config.database().url());
        assertFalse(config.allowHttpStores());
    }

    @Test
    void environmentVariablesOverrideEachSetting() {
        Config config = load("ORDERLINK_INGEST_PORT", "0", "ORDERLINK_INGEST_MAX_IN_FLIGHT", "17",
                "ORDERLINK_DATABASE_URL", "postgresql://u:p@db:5433/orders", "ORDERLINK_ALLOW_HTTP_STORES", "true",
                "ORDERLINK_PUBLIC_URL", "https://hooks.example.com");
        assertEquals(0, config.ingest().port());
        assertEquals(17, config.ingest().maxInFlight());
        assertEquals("postgresql://u:p@db:5433/orders", config.database().url());
        assertTrue(config.allowHttpStores());
        assertEquals("hooks.example.com", config.publicUrl().getHost());
    }

    @Test
    void aBadPortNamesTheVariableAndTheValue() {
        Config.Invalid e = assertThrows(Config.Invalid.class, () -> load("ORDERLINK_API_PORT", "eighty"));
        assertEquals("ORDERLINK_API_PORT (api.port) must be a port number from 0 to 65535 (0 picks a free port), got 'eighty'",
                e.getMessage());
        assertThrows(Config.Invalid.class, () -> load("ORDERLINK_METRICS_PORT", "70000"));
    }

    @Test
    void aBadDatabaseUrlIsNamedWithoutEchoingItsPassword() {
        Config.Invalid e = assertThrows(Config.Invalid.class, () -> load("ORDERLINK_DATABASE_URL", "mysql://u:hunter2@x/db"));
        assertTrue(e.getMessage().startsWith("ORDERLINK_DATABASE_URL"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void otherBadValuesAreNamed() {
        assertTrue(assertThrows(Config.Invalid.class, () -> load("ORDERLINK_PUBLIC_URL", "ftp://x"))
                .getMessage().startsWith("ORDERLINK_PUBLIC_URL"));
        assertTrue(assertThrows(Config.Invalid.class, () -> load("ORDERLINK_ALLOW_HTTP_STORES", "yes"))
                .getMessage().startsWith("ORDERLINK_ALLOW_HTTP_STORES"));
        assertTrue(assertThrows(Config.Invalid.class, () -> load("ORDERLINK_INGEST_MAX_IN_FLIGHT", "0"))
                .getMessage().startsWith("ORDERLINK_INGEST_MAX_IN_FLIGHT"));
    }

    @Test
    void aBadMasterKeyOrShortJwtSecretStopsStartUpWithTheVariableNamed() {
        Config badKey = load("ORDERLINK_MASTER_KEY", "c2hvcnQ=", "ORDERLINK_JWT_SECRET", "0123456789abcdef0123");
        assertTrue(assertThrows(Config.Invalid.class, () -> Keys.resolve(badKey)).getMessage().contains("ORDERLINK_MASTER_KEY"));
        Config shortJwt = load("ORDERLINK_MASTER_KEY", io.orderlink.crypto.MasterKey.generateBase64(), "ORDERLINK_JWT_SECRET", "short");
        assertTrue(assertThrows(Config.Invalid.class, () -> Keys.resolve(shortJwt)).getMessage().startsWith("ORDERLINK_JWT_SECRET"));
    }

    @Test
    void variableNamesFollowTheJsonPath() {
        assertEquals("ORDERLINK_INGEST_BATCH_MAX_DELAY_MS", Config.variable("ingest.batchMaxDelayMs"));
        assertEquals("ORDERLINK_PUBLIC_URL", Config.variable("publicUrl"));
    }

    @Test
    void shopifyAndRegistrationSettingsHaveDefaultsAndVariables() {
        Config defaults = load();
        assertEquals("https://{shop}", defaults.shopify().adminBaseUrl());
        assertEquals("2026-01", defaults.shopify().apiVersion());
        assertEquals(900, defaults.registration().healthCheckIntervalSeconds());
        Config set = load("ORDERLINK_SHOPIFY_API_VERSION", "2025-10", "ORDERLINK_REGISTRATION_MAX_IN_FLIGHT", "3",
                "ORDERLINK_REGISTRATION_HEALTH_CHECK_INTERVAL_SECONDS", "0");
        assertEquals("2025-10", set.shopify().apiVersion());
        assertEquals(3, set.registration().maxInFlight());
        assertEquals(0, set.registration().healthCheckIntervalSeconds(), "0 turns periodic checks off");
    }

    @Test
    void aPlainHttpShopifyAdminUrlNeedsHttpStoresAllowed() {
        Config.Invalid refused = assertThrows(Config.Invalid.class, () -> load("ORDERLINK_SHOPIFY_ADMIN_BASE_URL", "http://127.0.0.1:9/{shop}"));
        assertTrue(refused.getMessage().startsWith("ORDERLINK_SHOPIFY_ADMIN_BASE_URL"), refused.getMessage());
        assertEquals("http://127.0.0.1:9/{shop}", load("ORDERLINK_SHOPIFY_ADMIN_BASE_URL", "http://127.0.0.1:9/{shop}",
                "ORDERLINK_ALLOW_HTTP_STORES", "true").shopify().adminBaseUrl());
        assertTrue(assertThrows(Config.Invalid.class, () -> load("ORDERLINK_SHOPIFY_API_VERSION", "latest"))
                .getMessage().startsWith("ORDERLINK_SHOPIFY_API_VERSION"));
    }
}
