package io.orderlink.registration;

import io.orderlink.orders.NormalizedOrder;
import io.orderlink.stores.Platform;
import io.orderlink.orders.ShopifyOrderParser;
import io.orderlink.orders.TimeRange;
import io.orderlink.testing.Fixtures;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.tenancy.Role;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.orderlink.registration.Registrations.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shopify subscriptions through the GraphQL Admin API of a fake Shopify: register, check, repair, remove, reconcile. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShopifyRegistrationTest {

    private static final String ORG = "org-shopify";
    private static final String ADDRESS = Registrations.PUBLIC_URL + "/webhooks/shopify";
    private static final Set<String> ORDER_TOPICS = Set.of("ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_PAID", "ORDERS_CANCELLED",
            "REFUNDS_CREATE");

    private FakeShopify shopify;
    private Registrations r;
    private TestDatabase database;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database) {
        this.database = database;
        shopify = await(new FakeShopify(vertx).start());
        r = Registrations.start(vertx, database, shopify);
    }

    @AfterAll
    void stop() {
        r.close();
        await(shopify.close());
    }

    @Test
    void connectingSubscribesTheOrderTopicsAtTheGatewayAndDeliveriesVerify() {
        FakeShopify.Shop shop = shop("2026-01");
        HttpResponse<Buffer> response = connect(shop, shop.accessToken);

        JsonObject webhooks = response.bodyAsJsonObject().getJsonObject("webhooks");
        assertEquals(true, response.bodyAsJsonObject().getBoolean("proven"), "the token answered shop { myshopifyDomain } with the shop");
        assertEquals(1, shop.requests("shop").size());
        assertEquals("active", webhooks.getString("status"), response.bodyAsString());
        assertEquals(5, webhooks.getJsonArray("topics").size());
        assertEquals(ORDER_TOPICS, shop.subscriptions().stream().map(FakeShopify.Subscription::topic).collect(Collectors.toSet()),
                "order topics only: compliance topics are declared in the app configuration");
        assertTrue(shop.subscriptions().stream().allMatch(s -> s.uri().equals(ADDRESS)));
        assertEquals(1, shop.requests("webhookSubscriptions").size());
        for (FakeShopify.Request create : shop.requests("webhookSubscriptionCreate")) {
            JsonObject input = create.variables().getJsonObject("webhookSubscription");
            assertEquals(ADDRESS, input.getString("uri"), "2026-01 takes uri");
            assertFalse(input.containsKey("callbackUrl"), "not the deprecated callbackUrl");
        }
        long id = response.bodyAsJsonObject().getLong("id");
        assertEquals(List.of(shop.clientSecret), r.signingSecrets(id), "Shopify signs with the app's client secret");

        HttpResponse<Buffer> delivered = await(shop.deliver("ORDERS_CREATE", Fixtures.bytes("shopify-orders-create.json"))).get(0);
        assertEquals(200, delivered.statusCode());
        assertEquals("accepted", delivered.bodyAsJsonObject().getString("status"));
    }

    @Test
    void aDroppedSubscriptionIsReCreatedCountedAndMissedOrdersAreReconciledExactlyOnce() throws Exception {
        FakeShopify.Shop shop = shop("2026-01");
        long id = connect(shop, shop.accessToken).bodyAsJsonObject().getLong("id");
        await(shop.deliver("ORDERS_UPDATED", Fixtures.bytes("shopify-orders-create.json")));
        JsonObject fixture = new JsonObject(Buffer.buffer(Fixtures.bytes("shopify-orders-create.json")));
        shop.addOrder(ShopifyGraphqlOrders.node(order(fixture, 1), Instant.now().minusSeconds(3600).toString()));
        Set<String> missed = new HashSet<>();
        for (int n = 2; n <= 13; n++) {
            JsonObject node = ShopifyGraphqlOrders.node(order(fixture, n), Instant.now().plusSeconds(n).toString());
            shop.addOrder(node);
            missed.add(ShopifyOrderShape.dedupKey(node));
        }
        // Shopify deleted the subscription after eight failed deliveries.
        shop.drop("ORDERS_UPDATED");
        long repairs = r.repairs(Platform.SHOPIFY);
        long reconciledBefore = r.reconciledOrders(Platform.SHOPIFY);

        JsonObject outcome = r.repair(ORG, id);

        assertEquals("active", outcome.getString("status"));
        assertEquals(1, outcome.getInteger("repairs"));
        assertTrue(shop.subscriptions().stream().anyMatch(s -> s.topic().equals("ORDERS_UPDATED") && s.uri().equals(ADDRESS)));
        assertEquals(repairs + 1, r.repairs(Platform.SHOPIFY));
        assertEquals(1, r.query("SELECT 1 FROM store_webhook_events WHERE store_id = $1 AND action = 're-created' "
                + "AND topic = 'orders/updated'", id).size());

        JsonObject reconciled = outcome.getJsonObject("reconciliation");
        assertEquals(12, reconciled.getInteger("inserted"), "the twelve changed after the last delivery, over three pages");
        assertEquals(3, shop.requests("orders").size());
        Set<String> keys = new HashSet<>();
        ShopifyOrderParser parser = new ShopifyOrderParser(NormalizedOrder.DEFAULT_CHAT_SESSION_KEY, TimeRange.DEFAULT);
        for (Row row : r.query("SELECT dedup_key, topic, body FROM webhook_inbox WHERE store_id = $1 "
                + "AND headers->>'source' = 'reconciliation'", id)) {
            keys.add(row.getString("dedup_key"));
            assertEquals("orders/updated", row.getString("topic"));
            NormalizedOrder order = parser.parseOrder(row.getBuffer("body").getBytes());
            assertTrue(row.getString("dedup_key").contains("gid://shopify/Order/" + order.platformOrderId() + ":"));
        }
        assertEquals(missed, keys);
        assertEquals(reconciledBefore + 12, r.reconciledOrders(Platform.SHOPIFY));

        HttpResponse<Buffer> again = r.api(HttpMethod.POST, "/api/stores/" + id + "/reconcile", ORG, Role.ADMIN,
                new JsonObject().put("since", Instant.now().minusSeconds(7200).toString()));
        assertEquals(200, again.statusCode(), again.bodyAsString());
        assertEquals(13, again.bodyAsJsonObject().getInteger("fetched"), "a wider window finds the older order too");
        assertEquals(1, again.bodyAsJsonObject().getInteger("inserted"), "and adds only what the inbox lacked");
        assertEquals(400, r.api(HttpMethod.POST, "/api/stores/" + id + "/reconcile", ORG, Role.ADMIN,
                new JsonObject().put("since", "yesterday")).statusCode());
    }

    @Test
    void userErrorsAndTopLevelErrorsReachTheUser() {
        FakeShopify.Shop shop = shop("2026-01");
        shop.refuseCreate("ORDERS_PAID", "Address for this topic has already been taken");

        JsonObject connected = connect(shop, shop.accessToken).bodyAsJsonObject();

        JsonObject webhooks = connected.getJsonObject("webhooks");
        assertEquals("error", webhooks.getString("status"));
        JsonObject paid = webhooks.getJsonArray("topics").stream().map(t -> (JsonObject) t)
                .filter(t -> t.getString("topic").equals("orders/paid")).findFirst().orElseThrow();
        assertEquals("Shopify refused webhookSubscriptionCreate for orders/paid: webhookSubscription.uri: "
                + "Address for this topic has already been taken", paid.getString("message"));
        assertEquals(4, shop.subscriptions().size());
        long id = connected.getLong("id");
        JsonObject retried = r.api(HttpMethod.POST, "/api/stores/" + id + "/webhooks/register", ORG, Role.ADMIN, null)
                .bodyAsJsonObject();
        assertEquals("active", retried.getJsonObject("webhooks").getString("status"), "a retry registers the rest");
        assertEquals(5, shop.subscriptions().size());

        shop.topLevelError("some error");
        JsonObject checked = r.api(HttpMethod.GET, "/api/stores/" + id + "/webhooks", ORG, Role.VIEWER, null).bodyAsJsonObject();
        assertEquals("error", checked.getJsonObject("webhooks").getString("status"));
        assertEquals("Shopify: some error", checked.getJsonObject("webhooks").getString("message"));
    }

    @Test
    void aRefusedAccessTokenIsReportedNotRetriedAndNothingIsConnected() {
        FakeShopify.Shop shop = shop("2026-01");
        JsonObject body = new JsonObject().put("platform", "shopify").put("domain", shop.domain)
                .put("credentials", new JsonObject().put("accessToken", "shpat_wrong").put("clientSecret", shop.clientSecret));

        HttpResponse<Buffer> refused = r.api(HttpMethod.POST, "/api/stores", ORG, Role.ADMIN, body);

        assertEquals(422, refused.statusCode(), refused.bodyAsString());
        JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
        assertEquals("ownership_not_proven", error.getString("code"));
        assertTrue(error.getString("message").startsWith("the access token does not belong to shop " + shop.domain
                + ": Shopify refused the access token (401: [API] Invalid API key or access token"), error.getString("message"));
        assertEquals(1, shop.requests().size(), "a refusal is final");
        assertEquals(0, r.query("SELECT 1 FROM stores WHERE domain = $1", shop.domain).size(), "nothing was stored");
    }

    @Test
    void throttlingRateLimitsAndTimeoutsAreWaitedOutAndRetried() {
        FakeShopify.Shop shop = shop("2026-01");
        shop.fail(FakeShopify.Fault.THROTTLED, FakeShopify.Fault.TOO_MANY_REQUESTS, FakeShopify.Fault.HANG);

        JsonObject connected = connect(shop, shop.accessToken).bodyAsJsonObject();

        assertEquals("active", connected.getJsonObject("webhooks").getString("status"));
        // The first question, whose shop the token opens, meets the faults.
        List<FakeShopify.Request> asks = shop.requests("shop");
        assertEquals(4, asks.size(), "throttled, 429, no answer, then the answer");
        assertTrue(asks.get(1).atMillis() - asks.get(0).atMillis() >= 50, "THROTTLED: waited for the bucket to refill");
        assertTrue(asks.get(2).atMillis() - asks.get(1).atMillis() >= 100, "429: waited Retry-After 0.1 s");
        assertTrue(asks.get(3).atMillis() - asks.get(2).atMillis() >= 400, "no answer: the request timed out");
        assertEquals(1, shop.requests("webhookSubscriptions").size());
    }

    @Test
    void aSubscriptionDeliveringElsewhereIsPointedBack() {
        FakeShopify.Shop shop = shop("2026-01");
        long id = connect(shop, shop.accessToken).bodyAsJsonObject().getLong("id");
        shop.repoint("ORDERS_PAID", "https://old-gateway.example/webhooks/shopify");

        JsonObject outcome = r.repair(ORG, id);

        assertEquals("active", outcome.getString("status"));
        assertEquals(1, shop.requests("webhookSubscriptionUpdate").size());
        assertTrue(shop.subscriptions().stream().allMatch(s -> s.uri().equals(ADDRESS)));
        assertEquals(5, shop.subscriptions().size(), "updated in place, not duplicated");
    }

    @Test
    void removingAndDisconnectingDeleteTheSubscriptions() {
        FakeShopify.Shop shop = shop("2026-01");
        long id = connect(shop, shop.accessToken).bodyAsJsonObject().getLong("id");
        Set<String> ids = shop.subscriptions().stream().map(FakeShopify.Subscription::id).collect(Collectors.toSet());

        HttpResponse<Buffer> removed = r.api(HttpMethod.DELETE, "/api/stores/" + id + "/webhooks", ORG, Role.ADMIN, null);

        assertEquals(200, removed.statusCode(), removed.bodyAsString());
        assertTrue(shop.subscriptions().isEmpty());
        assertEquals(ids, shop.requests("webhookSubscriptionDelete").stream().map(q -> q.variables().getString("id"))
                .collect(Collectors.toSet()));
        assertEquals(List.of(shop.clientSecret), r.signingSecrets(id), "the client secret still verifies");

        r.api(HttpMethod.POST, "/api/stores/" + id + "/webhooks/register", ORG, Role.ADMIN, null);
        assertEquals(5, shop.subscriptions().size());
        HttpResponse<Buffer> disconnected = r.api(HttpMethod.DELETE, "/api/stores/" + id, ORG, Role.ADMIN, null);

        assertEquals(200, disconnected.statusCode(), disconnected.bodyAsString());
        assertTrue(shop.subscriptions().isEmpty());
        Row store = r.store(id);
        assertNull(store.getValue("credentials"));
        assertNull(store.getValue("signing_secret"));
        assertNotNull(store.getValue("disconnected_at"));
        assertEquals(200, r.api(HttpMethod.DELETE, "/api/stores/" + id, ORG, Role.ADMIN, null).statusCode(), "idempotent");
    }

    @Test
    void anOlderApiVersionRegistersWithCallbackUrl() {
        // Its own Vert.x: two gateways on one event bus would share the registration.* addresses.
        Vertx separate = Vertx.vertx();
        Registrations old = Registrations.start(separate, database, Map.of("ORDERLINK_SHOPIFY_ADMIN_BASE_URL", shopify.adminBaseUrl(),
                "ORDERLINK_SHOPIFY_API_VERSION", "2025-01"));
        try {
            FakeShopify.Shop shop = shop("2025-01");
            JsonObject body = new JsonObject().put("platform", "shopify").put("domain", shop.domain)
                    .put("credentials", new JsonObject().put("accessToken", shop.accessToken).put("clientSecret", shop.clientSecret));
            HttpResponse<Buffer> connected = old.api(HttpMethod.POST, "/api/stores", ORG, Role.ADMIN, body);

            assertEquals("active", connected.bodyAsJsonObject().getJsonObject("webhooks").getString("status"),
                    connected.bodyAsString());
            for (FakeShopify.Request create : shop.requests("webhookSubscriptionCreate")) {
                assertEquals(ADDRESS, create.variables().getJsonObject("webhookSubscription").getString("callbackUrl"));
            }
            long id = connected.bodyAsJsonObject().getLong("id");
            JsonObject checked = old.api(HttpMethod.GET, "/api/stores/" + id + "/webhooks", ORG, Role.VIEWER, null).bodyAsJsonObject();
            assertEquals("active", checked.getJsonObject("webhooks").getString("status"), "the endpoint union is read back");
        } finally {
            old.close();
            await(separate.close());
        }
    }

    @Test
    void oneEventDeliveredToTwoSubscriptionsOfATopicIsStoredOnce() {
        FakeShopify.Shop shop = shop("2026-01");
        long id = connect(shop, shop.accessToken).bodyAsJsonObject().getLong("id");
        shop.subscribeAlso("ORDERS_CREATE", Registrations.PUBLIC_URL + "/api/webhooks/shopify/order-created");

        List<HttpResponse<Buffer>> answers = await(shop.deliver("ORDERS_CREATE", Fixtures.bytes("shopify-orders-create.json")));

        assertEquals(2, answers.size());
        assertEquals(Set.of("accepted", "duplicate"), answers.stream()
                .map(a -> a.bodyAsJsonObject().getString("status")).collect(Collectors.toSet()));
        assertEquals(1, r.query("SELECT 1 FROM webhook_inbox WHERE store_id = $1 AND topic = 'orders/create'", id).size(),
                "X-Shopify-Event-Id makes the second webhook id a duplicate");
    }

    /** Shopify refuses any query over 1,000 points (the fake computes the cost as documented), so this needs paging. */
    @Test
    void anOrderWithMoreLineItemsAndRefundsThanOnePageHoldsIsReconciledWhole() {
        FakeShopify.Shop shop = shop("2026-01");
        long id = connect(shop, shop.accessToken).bodyAsJsonObject().getLong("id");
        JsonObject fixture = new JsonObject(Buffer.buffer(Fixtures.bytes("shopify-orders-create.json")));
        JsonObject node = ShopifyGraphqlOrders.node(order(fixture, 77).put("financial_status", "paid"), Instant.now().toString());
        io.vertx.core.json.JsonArray lines = node.getJsonObject("lineItems").getJsonArray("edges");
        JsonObject line = lines.getJsonObject(0);
        while (lines.size() < 130) {
            lines.add(line.copy());
        }
        io.vertx.core.json.JsonArray refunds = new io.vertx.core.json.JsonArray();
        for (int n = 0; n < 12; n++) {
            refunds.add(ShopifyGraphqlOrders.refund("gid://shopify/Refund/" + (880000 + n), Instant.now().toString(), "1.25", "USD"));
        }
        shop.addOrder(node.put("refunds", refunds));

        HttpResponse<Buffer> reconciled = r.api(HttpMethod.POST, "/api/stores/" + id + "/reconcile", ORG, Role.ADMIN,
                new JsonObject().put("since", Instant.now().minusSeconds(600).toString()));

        assertEquals(200, reconciled.statusCode(), reconciled.bodyAsString());
        assertEquals(1, reconciled.bodyAsJsonObject().getInteger("inserted"));
        assertEquals(2, shop.requests("order").size(), "the line items beyond the first 25, 100 per call");
        Row row = r.query("SELECT body FROM webhook_inbox WHERE store_id = $1 AND headers->>'source' = 'reconciliation'", id)
                .iterator().next();
        NormalizedOrder order = assertDoesNotThrowParse(row.getBuffer("body").getBytes());
        assertEquals(130, order.lineItems().size());
        assertEquals(12, order.refunds().size());
        assertEquals(new java.math.BigDecimal("15.00"), order.refunds().stream().map(io.orderlink.orders.Refund::amount)
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add));
    }

    private static NormalizedOrder assertDoesNotThrowParse(byte[] body) {
        try {
            return new ShopifyOrderParser(NormalizedOrder.DEFAULT_CHAT_SESSION_KEY, TimeRange.DEFAULT).parseOrder(body);
        } catch (io.orderlink.orders.OrderParseException e) {
            throw new AssertionError(e);
        }
    }

    private FakeShopify.Shop shop(String version) {
        String domain = "shop-" + UUID.randomUUID().toString().substring(0, 8) + ".myshopify.com";
        return shopify.shop(domain, version, "shpat_" + UUID.randomUUID(), "shpss_" + UUID.randomUUID());
    }

    private HttpResponse<Buffer> connect(FakeShopify.Shop shop, String accessToken) {
        JsonObject body = new JsonObject().put("platform", "shopify").put("domain", shop.domain)
                .put("credentials", new JsonObject().put("accessToken", accessToken).put("clientSecret", shop.clientSecret));
        HttpResponse<Buffer> response = r.api(HttpMethod.POST, "/api/stores", ORG, Role.ADMIN, body);
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response;
    }

    /** The fixture order as order number {@code n}: its own gid and name. */
    private static JsonObject order(JsonObject fixture, int n) {
        return fixture.copy().put("admin_graphql_api_id", "gid://shopify/Order/" + (7_000_000_000_000L + n)).put("name", "#" + n);
    }
}
