package io.orderlink.registration;

import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The version-dependent address field, topic names and the reading of cost throttling. */
class ShopifyApiTest {

    @Test
    void theAddressFieldFollowsTheApiVersion() {
        assertFalse(ShopifyApi.usesUri("2025-01"), "callbackUrl up to 2025-01");
        assertFalse(ShopifyApi.usesUri("2025-07"));
        assertTrue(ShopifyApi.usesUri("2025-10"), "uri from 2025-10");
        assertTrue(ShopifyApi.usesUri("2026-01"));
    }

    @Test
    void topicsAreTheGraphqlEnumValues() {
        assertEquals("ORDERS_CREATE", ShopifyApi.enumOf("orders/create"));
        assertEquals("ORDERS_CANCELLED", ShopifyApi.enumOf("orders/cancelled"));
        assertEquals("REFUNDS_CREATE", ShopifyApi.enumOf("refunds/create"));
    }

    @Test
    void throttlingWaitsForTheBucketToRefillToTheRequestedCost() {
        JsonObject throttled = new JsonObject("""
                {"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}],
                 "extensions":{"cost":{"requestedQueryCost":202,"actualQueryCost":null,
                   "throttleStatus":{"maximumAvailable":1000.0,"currentlyAvailable":2,"restoreRate":50.0}}}}""");
        assertEquals(4000, ShopifyApi.throttledMs(response(200, throttled)), "(202 - 2) points at 50 per second");
        throttled.remove("extensions");
        assertEquals(0, ShopifyApi.throttledMs(response(200, throttled)), "no cost figures: use the backoff");
    }

    @Test
    void otherAnswersAreNotThrottling() {
        assertEquals(-1, ShopifyApi.throttledMs(response(200, new JsonObject().put("data", new JsonObject()))));
        assertEquals(-1, ShopifyApi.throttledMs(response(200, new JsonObject("{\"errors\":[{\"message\":\"some error\"}]}"))),
                "the fixture's top-level error is a refusal, not a pause");
        assertEquals(-1, ShopifyApi.throttledMs(response(401, new JsonObject().put("errors", "[API] Invalid API key"))));
    }

    @SuppressWarnings("unchecked")
    private static HttpResponse<Buffer> response(int status, JsonObject body) {
        return (HttpResponse<Buffer>) Proxy.newProxyInstance(HttpResponse.class.getClassLoader(), new Class<?>[]{HttpResponse.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "statusCode" -> status;
                    case "body" -> body.toBuffer();
                    case "bodyAsJsonObject" -> body;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
