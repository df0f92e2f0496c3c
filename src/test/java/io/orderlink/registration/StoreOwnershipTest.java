package io.orderlink.registration;

import io.orderlink.tenancy.Role;
import io.orderlink.testing.Payloads;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.orderlink.registration.Registrations.await;
import static io.orderlink.registration.Registrations.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who holds a store, end to end through the API with fake platforms: a claim the platform accepts for the store's
 * domain is proven; one connected with {@code "register": false} is not, and gives way to another organization's
 * proven claim, taking what was recorded under it along; an unproven claim never takes a store, and neither
 * organization ever sees the other's data.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreOwnershipTest {

    private FakeShopify shopify;
    private Registrations r;
    private final List<FakeWooCommerce> stores = new ArrayList<>();

    @BeforeAll
    void start(Vertx vertx, TestDatabase database) {
        shopify = await(new FakeShopify(vertx).start());
        r = Registrations.start(vertx, database, shopify);
    }

    @AfterAll
    void stop() {
        r.close();
        stores.forEach(woo -> await(woo.close()));
        await(shopify.close());
    }

    @Test
    void aProvenClaimTakesAStoreFromAnUnprovenOneWithEverythingRecordedUnderIt() {
        String owner = org("owner");
        String squatter = org("squatter");
        FakeShopify.Shop shop = shop();
        HttpResponse<Buffer> squatted = connect(squatter, shopify(shop.domain, "shpat_guessed", "squatter-secret").put("register", false));
        assertEquals(201, squatted.statusCode(), squatted.bodyAsString());
        assertEquals(false, squatted.bodyAsJsonObject().getBoolean("proven"));
        long squattedId = squatted.bodyAsJsonObject().getLong("id");
        // An unproven store takes whatever its own secret signs: here an order the claimant made up.
        assertEquals(200, await(deliver(shop.domain, "squatter-secret", "4201")).statusCode());
        await(r.gateway.processed(r.sql, 100));
        assertEquals(1, items(squatter, "/api/orders").size());

        HttpResponse<Buffer> owned = connect(owner, shopify(shop.domain, shop.accessToken, shop.clientSecret));

        assertEquals(201, owned.statusCode(), owned.bodyAsString());
        assertEquals(true, owned.bodyAsJsonObject().getBoolean("proven"));
        assertEquals("active", owned.bodyAsJsonObject().getJsonObject("webhooks").getString("status"));
        long ownedId = owned.bodyAsJsonObject().getLong("id");
        assertNotEquals(squattedId, ownedId, "a store of its own, not the claimant's row");
        assertEquals(0, items(squatter, "/api/stores").size(), "the unproven claimant no longer holds the store");
        assertEquals(404, r.api(HttpMethod.GET, "/api/stores/" + squattedId, squatter, Role.VIEWER, null).statusCode());
        assertEquals(0, items(squatter, "/api/orders").size(), "what was recorded under the claim went with it");
        assertEquals(0, items(owner, "/api/orders").size(), "none of it reached the owner");
        assertEquals(0, r.query("SELECT 1 FROM webhook_inbox WHERE store_id = $1 UNION ALL SELECT 1 FROM orders WHERE store_id = $1",
                squattedId).size());
        eventually(() -> await(deliver(shop.domain, "squatter-secret", "4202")).statusCode() == 401,
                "ingest no longer accepts the claimant's secret");
        assertEquals("accepted", await(shop.deliver("ORDERS_CREATE", Payloads.bytes(order("4203")))).get(0).bodyAsJsonObject()
                .getString("status"), "the owner's deliveries verify");

        HttpResponse<Buffer> unprovenAgain = connect(squatter, shopify(shop.domain, "shpat_guessed", "squatter-secret").put("register", false));
        HttpResponse<Buffer> wrongToken = connect(squatter, shopify(shop.domain, "shpat_guessed", "squatter-secret"));

        assertEquals(409, unprovenAgain.statusCode(), "an unproven claim never takes a proven store");
        assertEquals(422, wrongToken.statusCode(), wrongToken.bodyAsString());
        assertEquals("ownership_not_proven", wrongToken.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertEquals(List.of(ownedId), ids(owner), "the owner keeps its store");
    }

    @Test
    void refusedKeysLeaveAnUnprovenClaimInPlaceAndTheRightKeysTakeItOver() {
        String owner = org("owner");
        String squatter = org("squatter");
        FakeWooCommerce woo = woo();
        String domain = woo.url().substring("http://".length());
        HttpResponse<Buffer> squatted = connect(squatter, woo(woo, "ck_guessed", "cs_guessed").put("register", false));
        assertEquals(201, squatted.statusCode(), squatted.bodyAsString());

        HttpResponse<Buffer> refused = connect(owner, woo(woo, woo.consumerKey(), "cs_wrong"));

        assertEquals(422, refused.statusCode(), refused.bodyAsString());
        assertTrue(refused.bodyAsJsonObject().getJsonObject("error").getString("message")
                .startsWith("the keys were refused by " + woo.url() + ": WooCommerce refused the API key"), refused.bodyAsString());
        assertEquals(List.of(squatted.bodyAsJsonObject().getLong("id")), ids(squatter), "a refused claim takes nothing");
        assertEquals(List.of(), ids(owner), "and stores nothing");

        HttpResponse<Buffer> owned = connect(owner, woo(woo, woo.consumerKey(), woo.consumerSecret()));

        assertEquals(201, owned.statusCode(), owned.bodyAsString());
        assertEquals(true, owned.bodyAsJsonObject().getBoolean("proven"));
        assertEquals(domain, owned.bodyAsJsonObject().getString("domain"));
        assertEquals(4, woo.webhooks().size());
        assertEquals(List.of(), ids(squatter));
    }

    @Test
    void anOrganizationProvingItsOwnUnprovenStoreKeepsItAndItsHistory() {
        String owner = org("owner");
        FakeShopify.Shop shop = shop();
        HttpResponse<Buffer> first = connect(owner, shopify(shop.domain, shop.accessToken, shop.clientSecret).put("register", false));
        assertEquals(200, await(deliver(shop.domain, shop.clientSecret, "4301")).statusCode());
        await(r.gateway.processed(r.sql, 100));

        HttpResponse<Buffer> proven = connect(owner, shopify(shop.domain, shop.accessToken, shop.clientSecret));

        assertEquals(201, proven.statusCode(), proven.bodyAsString());
        assertEquals(first.bodyAsJsonObject().getLong("id"), proven.bodyAsJsonObject().getLong("id"), "the same store");
        assertEquals(true, proven.bodyAsJsonObject().getBoolean("proven"));
        assertEquals(1, r.query("SELECT 1 FROM orders WHERE store_id = $1", proven.bodyAsJsonObject().getLong("id")).size());
    }

    /** Each test's own organizations, so what one test connects never shows in another's lists. */
    private static String org(String role) {
        return "org-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private FakeShopify.Shop shop() {
        String domain = "own-" + UUID.randomUUID().toString().substring(0, 8) + ".myshopify.com";
        return shopify.shop(domain, "2026-01", "shpat_" + UUID.randomUUID(), "shpss_" + UUID.randomUUID());
    }

    private FakeWooCommerce woo() {
        FakeWooCommerce woo = await(new FakeWooCommerce(r.vertx, "ck_" + UUID.randomUUID(), "cs_" + UUID.randomUUID()).start())
                .deliverTo(r.ingestBase());
        stores.add(woo);
        return woo;
    }

    private static JsonObject shopify(String domain, String accessToken, String clientSecret) {
        return new JsonObject().put("platform", "shopify").put("domain", domain)
                .put("credentials", new JsonObject().put("accessToken", accessToken).put("clientSecret", clientSecret));
    }

    private static JsonObject woo(FakeWooCommerce woo, String consumerKey, String consumerSecret) {
        return new JsonObject().put("platform", "woocommerce").put("url", woo.url())
                .put("credentials", new JsonObject().put("consumerKey", consumerKey).put("consumerSecret", consumerSecret));
    }

    private HttpResponse<Buffer> connect(String org, JsonObject body) {
        return r.api(HttpMethod.POST, "/api/stores", org, Role.ADMIN, body);
    }

    private io.vertx.core.Future<HttpResponse<Buffer>> deliver(String domain, String secret, String orderId) {
        return r.gateway.deliverShopify(domain, secret, "orders/create", Payloads.bytes(order(orderId)), null);
    }

    private static JsonObject order(String id) {
        return Payloads.shopifyOrder(id, "buyer-" + id + "@example.com", "20.00", Instant.now(), Instant.now(), "paid");
    }

    private JsonArray items(String org, String path) {
        HttpResponse<Buffer> page = r.api(HttpMethod.GET, path, org, Role.VIEWER, null);
        assertEquals(200, page.statusCode(), page.bodyAsString());
        return page.bodyAsJsonObject().getJsonArray("items");
    }

    private List<Long> ids(String org) {
        return items(org, "/api/stores").stream().map(s -> ((JsonObject) s).getLong("id")).toList();
    }
}
