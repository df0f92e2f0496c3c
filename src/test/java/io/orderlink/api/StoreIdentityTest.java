package io.orderlink.api;

import io.orderlink.tenancy.Role;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may connect which store, as a production gateway (no http stores) decides: one key per store however it
 * is spelled, Shopify stores by their admin host, no store inside our network, and a warning when WordPress
 * cannot deliver to the public URL. Nothing here reaches a platform: the stores are connected unproven
 * ({@code "register": false}), and the only platform address configured is loopback, which the outbound guard
 * refuses before connecting.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class StoreIdentityTest {

    private TestGateway gateway;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database, VertxTestContext context) {
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_ALLOW_HTTP_STORES", "false",
                        "ORDERLINK_SHOPIFY_ADMIN_BASE_URL", "https://127.0.0.1:1/{shop}",
                        "ORDERLINK_PUBLIC_URL", "https://hooks.example:8443"))
                .onSuccess(g -> gateway = g)
                .onComplete(context.succeedingThenComplete());
    }

    @AfterAll
    void stop(VertxTestContext context) {
        gateway.close().onComplete(context.succeedingThenComplete());
    }

    @Test
    void aSecondOrganizationCannotClaimAShopUnderAnotherSpelling(VertxTestContext context) {
        connect("org-first", shopify("claimed.myshopify.com").put("register", false))
                .compose(first -> {
                    context.verify(() -> assertEquals(201, first.statusCode(), first.bodyAsString()));
                    return connect("org-second", shopify("Claimed.MyShopify.com.").put("register", false));
                })
                .onComplete(context.succeeding(second -> context.verify(() -> {
                    assertEquals(409, second.statusCode(), second.bodyAsString());
                    context.completeNow();
                })));
    }

    @Test
    void aShopifyStoreIsNamedByItsAdminHost(VertxTestContext context) {
        connect("org-names", shopify("shop.example.com")).onComplete(context.succeeding(refused -> context.verify(() -> {
            assertEquals(400, refused.statusCode());
            assertTrue(refused.bodyAsString().contains("myshopify.com"), refused.bodyAsString());
            context.completeNow();
        })));
    }

    @Test
    void storesInsideOurNetworkAreRefusedWhenConnected(VertxTestContext context) {
        connect("org-inside", woo("https://127.0.0.1:5432", true))
                .compose(loopback -> {
                    context.verify(() -> assertEquals(400, loopback.statusCode(), loopback.bodyAsString()));
                    return connect("org-inside", woo("https://10.0.0.1", true));
                })
                .onComplete(context.succeeding(privateNet -> context.verify(() -> {
                    assertEquals(400, privateNet.statusCode(), privateNet.bodyAsString());
                    assertTrue(privateNet.bodyAsString().contains("private"), privateNet.bodyAsString());
                    context.completeNow();
                })));
    }

    @Test
    void connectingAWooCommerceStoreWarnsWhenWordPressCannotDeliverToThePublicPort(VertxTestContext context) {
        connect("org-ports", woo("https://teashop.example", false)).onComplete(context.succeeding(created -> context.verify(() -> {
            assertEquals(201, created.statusCode(), created.bodyAsString());
            assertTrue(created.bodyAsJsonObject().getString("warning", "").contains("port 8443"), created.bodyAsString());
            context.completeNow();
        })));
    }

    private static JsonObject shopify(String domain) {
        return new JsonObject().put("platform", "shopify").put("domain", domain)
                .put("credentials", new JsonObject().put("accessToken", "shpat_x").put("clientSecret", "secret"));
    }

    private static JsonObject woo(String url, boolean register) {
        return new JsonObject().put("platform", "woocommerce").put("url", url).put("register", register)
                .put("credentials", new JsonObject().put("consumerKey", "ck_x").put("consumerSecret", "cs_x"));
    }

    private Future<HttpResponse<Buffer>> connect(String org, JsonObject body) {
        return gateway.api(HttpMethod.POST, "/api/stores", gateway.token(org, Role.ADMIN)).sendJsonObject(body);
    }
}
