package io.orderlink.dashboard;

import io.orderlink.registration.FakeShopify;
import io.orderlink.registration.FakeWooCommerce;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tokens;
import io.orderlink.testing.Chromium;
import io.orderlink.testing.Payloads;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.orderlink.testing.Payloads.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.openqa.selenium.Keys;

/**
 * The dashboard in a real headless browser against a real gateway: chat and signed orders in through HTTP and
 * processed by the worker, one Shopify store the gateway cannot reach and one WooCommerce store (a fake platform)
 * whose webhook the platform disabled. The page must show what the API answers for the same range, and Repair
 * must bring the webhook back. A new organization then connects a store of each platform through the form.
 *
 * <p>Screenshots go to {@code target/}; {@code mvn test -Dtest=DashboardBrowserTest -Dorderlink.screenshots=docs}
 * refreshes the README's.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    private static final String ORG = "org-dash";
    private static final String SHOP = "dash.myshopify.com";
    private static final String SECRET = "dash-secret";
    private static final String NEW_ORG = "org-new";
    private static final String NEW_SHOP = "new-shop.myshopify.com";
    private static final String NEW_SHOP_TOKEN = "shpat_new";
    private static final String NEW_SHOP_SECRET = "new-shop-client-secret";
    private static final Path SCREENSHOTS = Path.of(System.getProperty("orderlink.screenshots", "target"));

    private Vertx vertx;
    private Chromium chromium;
    private TestGateway gateway;
    private FakeWooCommerce woo;
    private FakeShopify shopify;
    private long shopId;
    private long wooId;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database) {
        this.vertx = vertx;
        chromium = Chromium.start();
        shopify = await(new FakeShopify(vertx).start());
        // The fake platforms listen on 127.0.0.1, which only ORDERLINK_ALLOW_HTTP_STORES lets a store address be.
        gateway = await(TestGateway.start(vertx, database.database(), Map.of(
                "ORDERLINK_PUBLIC_URL", "https://hooks.orderlink.test",
                "ORDERLINK_ALLOW_HTTP_STORES", "true",
                "ORDERLINK_SHOPIFY_ADMIN_BASE_URL", shopify.adminBaseUrl(),
                "ORDERLINK_ATTRIBUTION_POLL_INTERVAL_MS", "200")));
        String ingest = "http://127.0.0.1:" + gateway.gateway().ingestPort();
        shopify.deliverTo(ingest);
        woo = await(new FakeWooCommerce(vertx, "ck_test", "cs_test").start()).deliverTo(ingest);
        // The shop is connected unproven (no platform call); registering it then fails, as no shop answers there.
        shopId = await(gateway.connectShopify(ORG, SHOP, SECRET));
        assertEquals(502, await(gateway.api(HttpMethod.POST, "/api/stores/" + shopId + "/webhooks/register",
                gateway.token(ORG, Role.ADMIN)).send()).statusCode());
        wooId = connectWooCommerce(ORG, woo.url(), "ck_test", "cs_test");
        seed();
    }

    @AfterAll
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (woo != null) {
            await(woo.close());
        }
        if (shopify != null) {
            await(shopify.close());
        }
        if (gateway != null) {
            await(gateway.close());
        }
    }

    @Test
    void anExpiredTokenSaysHowToGetANewOne() {
        JsonObject claims = new JsonObject().put("org", ORG).put("role", "viewer")
                .put("exp", Instant.now().minus(Duration.ofHours(1)).getEpochSecond());
        String expired = Tokens.auth(vertx, gateway.config().jwt(), TestGateway.JWT_SECRET)
                .generateToken(claims, new JWTOptions().setAlgorithm("HS256"));
        DashboardPage page = open();

        page.signIn(expired);

        assertEquals("Your token has expired or is invalid: create a new one with java -jar target/orderlink.jar token --org "
                + ORG + " --role viewer and sign in again.", page.alert());
    }

    @Test
    void theFiguresAreTheApisAndRepairBringsADisabledWebhookBack() throws Exception {
        String viewer = gateway.token(ORG, Role.VIEWER);
        DashboardPage page = open();
        page.signIn(viewer);
        page.awaitLoaded();
        assertEquals(ORG, page.text("#identity-org"));
        assertEquals("viewer", page.text("#identity-role"));

        String range = "start=" + page.value("start") + "&end=" + page.value("end");
        assertRevenue(page, get("/api/analytics/revenue?" + range + "&granularity=day&metric=all", viewer));
        assertOrders(page, get("/api/orders?" + range + "&limit=20", viewer).getJsonArray("items"));
        assertCustomers(page, get("/api/customers?sort=ltv&limit=10", viewer).getJsonArray("items"));

        String shopCard = "#stores [data-store='" + shopId + "'] ";
        String wooCard = "#stores [data-store='" + wooId + "'] ";
        assertEquals("error", page.text(shopCard + ".meta [data-field=status]"));
        assertTrue(page.text(shopCard).contains("No shop answers at this domain: use the shop's your-store.myshopify.com address"),
                page.text(shopCard));
        assertTrue(page.text(shopCard).contains("once the cause above is fixed, press Repair"), page.text(shopCard));
        assertEquals("disabled", page.text(wooCard + ".meta [data-field=status]"));
        assertEquals("disabled", page.text(wooCard + "tr[data-key='order.updated'] [data-field=status]"), "health per topic");
        assertEquals("active", page.text(wooCard + "tr[data-key='order.created'] [data-field=status]"));
        assertTrue(page.text(wooCard).contains("the platform disabled the webhook after failed deliveries: press Repair"));
        assertEquals(1, page.count("#events tbody tr"), "the unparseable order");
        assertTopProducts(page, get("/api/analytics/revenue?" + range + "&granularity=day&metric=all", viewer));

        // A viewer sees everything but the buttons, and is told which token the buttons need.
        assertEquals(0, page.count("main button:not(#range button):not(#sign-in-form button):not(#connect-form button)"),
                "no Repair, Reconcile, Disconnect, Replay or More for a viewer");
        assertFalse(page.displayed("#connect-form"));
        assertTrue(page.text("#viewer-note").endsWith("java -jar target/orderlink.jar token --org " + ORG + " --role admin"));

        page.signOut();
        page.signIn(gateway.token(ORG, Role.ADMIN));
        page.awaitLoaded();
        page.press(wooCard + "[data-action=repair]");
        page.awaitText(wooCard + ".meta [data-field=status]", "active");
        assertEquals(woo.url().substring("http://".length()) + ": Repair done: webhooks active.", page.status());
        assertEquals("active", get("/api/stores/" + wooId, viewer).getJsonObject("webhooks").getString("status"));
        assertEquals("active", woo.webhook("order.updated").status);

        page.press("#events tbody tr button");
        page.awaitText("#events tbody tr [data-field=status]", "queued for replay");
        page.screenshot(SCREENSHOTS.resolve("dashboard.png"));
    }

    /**
     * A new organization's admin connects a WooCommerce store by keyboard alone and a Shopify store, each after a
     * wrong credential the platform refuses (nothing is connected then); sees each topic registered on the platform
     * and "Purchase tracking enabled"; orders signed with the new secrets appear, page by page; a store another
     * organization has proven its own is refused with the reason; Disconnect says what it keeps and removes the
     * webhooks from the platform.
     */
    @Test
    void aNewUserConnectsAStoreOfEachPlatformThroughTheForm() throws Exception {
        FakeWooCommerce store = await(new FakeWooCommerce(vertx, "ck_new", "cs_new").start())
                .deliverTo("http://127.0.0.1:" + gateway.gateway().ingestPort());
        FakeShopify.Shop shop = shopify.shop(NEW_SHOP, gateway.config().shopify().apiVersion(), NEW_SHOP_TOKEN, NEW_SHOP_SECRET);
        try {
            DashboardPage page = open();
            page.signIn(gateway.token(NEW_ORG, Role.ADMIN));
            page.awaitLoaded();
            assertEquals("No store is connected yet: connect one with the form below.", page.text("#stores [data-body]"));
            assertEquals(List.of(), page.unlabelledFields(), "every field has a label");
            assertEquals(List.of(), page.unnamedButtons(), "every button has a name");

            // WooCommerce, keyboard only: a wrong secret first. WooCommerce's words, what to do, nothing typed lost.
            page.typeInto("woo-url", store.url());
            page.typeInto("woo-key", "ck_new");
            page.typeInto("woo-secret", "cs_typo");
            assertEquals(store.url(), page.value("woo-url"), "typed as it is");
            store.delay(1500); // a slow store: the steps show while the API is still checking the credentials
            page.tabTo("connect-save");
            page.keys(Keys.ENTER);
            assertEquals("running", page.attribute("#connect-steps [data-step=credentials]", "data-state"));
            String refused = page.awaitVisibleText("#connect-outcome", "Purchase tracking is not enabled yet.");
            assertTrue(refused.contains("the keys were refused by " + store.url()), refused);
            assertTrue(refused.contains("Consumer secret is invalid."), refused);
            assertTrue(refused.contains("The consumer key or secret is wrong or was revoked"), refused);
            assertEquals("failed", page.attribute("#connect-steps [data-step=credentials]", "data-state"));
            assertEquals(List.of(store.url(), "ck_new", "cs_typo"),
                    List.of(page.value("woo-url"), page.value("woo-key"), page.value("woo-secret")));
            assertEquals(0, store.webhooks().size());
            store.delay(0);

            page.typeInto("woo-secret", "cs_new");
            page.keys(Keys.ENTER);
            page.awaitVisibleText("#connect-outcome", "Purchase tracking enabled");
            assertAllRegistered(page, store.webhooks().stream().map(h -> h.topic).collect(Collectors.toSet()),
                    Set.of("order.created", "order.updated", "order.deleted", "order.restored"));
            assertEquals("", page.value("woo-secret"), "a connected store's secrets leave the form");

            // Shopify: a wrong access token, then the right one.
            page.tabTo("connect-platform-woocommerce");
            page.keys(Keys.ARROW_RIGHT);
            page.typeInto("shop-domain", "new-shop");
            page.typeInto("shop-token", "shpat_wrong");
            page.typeInto("shop-secret", NEW_SHOP_SECRET);
            page.keys(Keys.ENTER);
            refused = page.awaitVisibleText("#connect-outcome", "Purchase tracking is not enabled yet.");
            assertTrue(refused.contains("[API] Invalid API key or access token"), refused);
            assertTrue(refused.contains("Shopify does not accept this Admin API access token"), refused);
            assertEquals("new-shop", page.value("shop-domain"));
            page.typeInto("shop-token", NEW_SHOP_TOKEN);
            page.keys(Keys.ENTER);
            page.awaitVisibleText("#connect-outcome", "Purchase tracking enabled for " + NEW_SHOP);
            assertAllRegistered(page, shop.subscriptions().stream()
                            .map(s -> s.topic().toLowerCase().replaceFirst("_", "/")).collect(Collectors.toSet()),
                    Set.of("orders/create", "orders/updated", "orders/paid", "orders/cancelled", "refunds/create"));
            page.screenshot("#connect", SCREENSHOTS.resolve("connect-store.png"));

            // A store another organization has proven its own: 409, explained, even with keys the store accepts.
            page.tabTo("connect-platform-shopify");
            page.keys(Keys.ARROW_LEFT);
            page.typeInto("woo-url", woo.url());
            page.typeInto("woo-key", "ck_test");
            page.typeInto("woo-secret", "cs_test");
            page.keys(Keys.ENTER);
            assertTrue(page.awaitVisibleText("#connect-outcome", "Another Orderlink organization has already connected "
                    + woo.url().substring("http://".length())).endsWith("then press Save again."));

            // Orders signed with the secrets the stores now have (WooCommerce: one per webhook, made by Orderlink).
            long newWoo = storeId(NEW_ORG, "woocommerce");
            long newShop = storeId(NEW_ORG, "shopify");
            String wooCard = "#stores [data-store='" + newWoo + "'] ";
            String shopCard = "#stores [data-store='" + newShop + "'] ";
            assertEquals("Waiting for the first order", page.text(wooCard + "[data-field=lastDelivery]"));
            assertEquals("Purchase tracking enabled", page.text(shopCard + "[data-field=tracking]"));
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            assertEquals(200, await(store.deliver("order.created", Payloads.wooOrder(9001, "first@example.com", "42.00",
                    "processing", now, now))).get(0).statusCode());
            for (int i = 0; i < 22; i++) {
                byte[] order = bytes(Payloads.shopifyOrder(String.valueOf(7000 + i), "buyer" + i + "@example.com", "10.00",
                        now.minusSeconds(i), now.minusSeconds(i), "paid"));
                assertEquals(200, await(shop.deliver("ORDERS_CREATE", order)).get(0).statusCode());
            }
            awaitProcessed(NEW_ORG);
            page.press("#range button[type=submit]");
            page.awaitLoaded();
            assertTrue(page.text("#orders").contains("9001"), "the WooCommerce order is on the page");
            assertFalse(page.text(wooCard + "[data-field=lastDelivery]").startsWith("Waiting"));
            assertEquals(20, page.count("#orders tbody tr"));
            page.press("#orders button[data-more]");
            page.awaitCount("#orders tbody tr", 23);
            assertEquals(0, page.count("#orders button[data-more]"), "no More after the last page");
            assertEquals(10, page.count("#customers tbody tr"));
            page.press("#customers button[data-more]");
            page.awaitCount("#customers tbody tr", 20);
            page.press("#customers button[data-more]");
            page.awaitCount("#customers tbody tr", 23);

            page.press(shopCard + "[data-action=reconcile]");
            page.awaitText(shopCard + "[data-field=note]", "orders fetched");

            // Disconnect: the question says what is kept and what is erased; then the webhooks are gone from the store.
            page.press(wooCard + "[data-action=disconnect]");
            String question = page.awaitVisibleText("dialog.confirm", "Kept:");
            assertTrue(question.contains("Erased: Orderlink removes its webhooks from WooCommerce and erases the store's credentials"),
                    question);
            page.press("dialog.confirm [data-action=confirm-disconnect]");
            page.awaitText(wooCard + ".meta [data-field=status]", "disconnected");
            assertEquals(List.of(), store.webhooks(), "the webhooks are removed from the store");
            assertTrue(page.text(wooCard + "[data-field=tracking]").startsWith("Disconnected: its orders and customers are kept."));
            assertTrue(page.text("#orders").contains("9001"), "history kept");
        } finally {
            await(store.close());
        }
    }

    /** The steps show every topic registered, and the platform has exactly the topics Orderlink wants. */
    private static void assertAllRegistered(DashboardPage page, Set<String> onThePlatform, Set<String> wanted) {
        assertEquals(wanted, onThePlatform);
        for (String topic : wanted) {
            assertEquals("done", page.attribute("#connect-steps [data-step='topic " + topic + "']", "data-state"), topic);
        }
        assertEquals("done", page.attribute("#connect-steps [data-step=credentials]", "data-state"));
    }

    /** Connected as the form connects it: ownership proven, webhooks registered. */
    private long connectWooCommerce(String org, String url, String consumerKey, String consumerSecret) {
        JsonObject body = new JsonObject().put("platform", "woocommerce").put("url", url)
                .put("credentials", new JsonObject().put("consumerKey", consumerKey).put("consumerSecret", consumerSecret));
        HttpResponse<?> response = await(gateway.api(HttpMethod.POST, "/api/stores", gateway.token(org, Role.ADMIN)).sendJsonObject(body));
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getLong("id");
    }

    private long storeId(String org, String platform) {
        HttpResponse<?> response = await(gateway.api(HttpMethod.GET, "/api/stores", gateway.token(org, Role.VIEWER)).send());
        return response.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(s -> platform.equals(s.getString("platform"))).findFirst().orElseThrow().getLong("id");
    }

    /** The products of chat-attributed orders, as the API ranks them, in each currency's block. */
    private static void assertTopProducts(DashboardPage page, JsonObject report) {
        JsonObject currencies = report.getJsonObject("currencies");
        int shown = 0;
        for (String currency : currencies.fieldNames()) {
            JsonArray products = currencies.getJsonObject(currency).getJsonArray("topProducts");
            for (int i = 0; i < products.size(); i++) {
                JsonObject product = products.getJsonObject(i);
                String row = "table[data-top-products='" + currency + "'] tr[data-key='" + product.getString("productKey") + "'] ";
                assertEquals(product.getString("revenue") + " " + currency, page.text(row + "[data-field=revenue]"));
                shown++;
            }
        }
        assertTrue(shown > 0, "the chat-attributed orders have products");
    }

    /** Every figure of every currency, as the API gives it for the page's own range. */
    private static void assertRevenue(DashboardPage page, JsonObject report) {
        JsonObject currencies = report.getJsonObject("currencies");
        assertEquals(Set.of("EUR", "USD"), currencies.fieldNames());
        assertEquals("180.25", currencies.getJsonObject("USD").getString("totalRevenue"), "120.50 + 80.00 - 20.25 refunded");
        assertEquals(String.valueOf(report.getLong("conversationCount")), page.text("#revenue .summary [data-field=conversationCount]"));
        assertEquals(new BigDecimal(report.getValue("conversionRate").toString()).setScale(2) + " %",
                page.text("#revenue .summary [data-field=conversionRate]"));
        for (String currency : currencies.fieldNames()) {
            JsonObject figures = currencies.getJsonObject(currency);
            String block = "article[data-currency='" + currency + "'] ";
            for (String money : new String[]{"totalRevenue", "chatAttributedRevenue", "averageOrderValue", "refunds"}) {
                assertEquals(figures.getString(money) + " " + currency, page.text(block + "dd[data-field=" + money + "]"), money);
            }
            for (String count : new String[]{"totalOrders", "attributedOrders"}) {
                assertEquals(String.valueOf(figures.getLong(count)), page.text(block + "dd[data-field=" + count + "]"), count);
            }
            assertBreakdown(page, block + "table[data-breakdown='By platform'] ", figures.getJsonObject("revenueByPlatform"), currency);
            assertBreakdown(page, block + "table[data-breakdown='By attribution confidence'] ",
                    figures.getJsonObject("revenueByConfidence"), currency);
            assertEquals(figures.getJsonArray("revenueOverTime").size(), page.count(block + "svg.chart rect.bar-total"), "one bar a day");
        }
    }

    private static void assertBreakdown(DashboardPage page, String table, JsonObject tallies, String currency) {
        for (String key : tallies.fieldNames()) {
            JsonObject tally = tallies.getJsonObject(key);
            String row = table + "tr[data-key='" + key + "'] ";
            assertEquals(tally.getString("revenue") + " " + currency, page.text(row + "[data-field=revenue]"), key);
            assertEquals(String.valueOf(tally.getLong("orders")), page.text(row + "[data-field=orders]"), key);
        }
    }

    private static void assertOrders(DashboardPage page, JsonArray orders) {
        assertEquals(3, orders.size(), "two Shopify orders and one WooCommerce order");
        assertEquals(orders.size(), page.count("#orders tbody tr"));
        for (int i = 0; i < orders.size(); i++) {
            JsonObject order = orders.getJsonObject(i);
            JsonObject attribution = order.getJsonObject("attribution");
            String row = "#orders tr[data-key='" + order.getLong("id") + "'] ";
            assertEquals(order.getString("net") + " " + order.getString("currency"), page.text(row + "[data-field=net]"));
            assertEquals(attribution.getString("method").replace('_', ' '), page.text(row + "[data-field=method]"));
            assertEquals(attribution.getString("confidence"), page.text(row + "[data-field=confidence]"));
            String reasoning = attribution.getString("reasoning");
            assertEquals(reasoning == null ? "—" : reasoning, page.text(row + "[data-field=reasoning]"));
        }
    }

    private static void assertCustomers(DashboardPage page, JsonArray customers) {
        assertEquals(customers.size(), page.count("#customers tbody tr"));
        for (int i = 0; i < customers.size(); i++) {
            JsonObject customer = customers.getJsonObject(i);
            String key = customer.getLong("storeId") + " " + customer.getString("email") + " " + customer.getString("currency");
            assertEquals(customer.getString("lifetimeValue") + " " + customer.getString("currency"),
                    page.text("#customers tr[data-key='" + key + "'] [data-field=lifetimeValue]"));
        }
    }

    /**
     * Two days ago on the Shopify store: an order after a chat, one without, a refund and an order the worker cannot
     * parse; yesterday on the WooCommerce store: an order two hours after a chat. Then the platform disables a webhook.
     */
    private void seed() {
        Instant shopDay = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        Instant wooDay = shopDay.plus(Duration.ofDays(1));
        conversation("chat-shop", shopId, "buyer@example.com", shopDay.minus(Duration.ofMinutes(50)), shopDay.minus(Duration.ofMinutes(24)));
        conversation("chat-browse", shopId, "browser@example.com", shopDay.minus(Duration.ofHours(5)), shopDay.minus(Duration.ofHours(5)));
        conversation("chat-woo", wooId, "woo@example.com", wooDay.minus(Duration.ofHours(3)), wooDay.minus(Duration.ofHours(2)));
        deliver("orders/create", Payloads.shopifyOrder("5001", "buyer@example.com", "120.50", shopDay, shopDay, "paid"));
        deliver("orders/create", Payloads.shopifyOrder("5002", "other@example.com", "80.00", shopDay.plusSeconds(3600),
                shopDay.plusSeconds(3600), "paid"));
        deliver("refunds/create", Payloads.shopifyRefund("9001", "5001", "20.25", shopDay.plusSeconds(7200)));
        deliver("orders/create", Payloads.shopifyOrder("5003", "broken@example.com", "12abc", shopDay, shopDay, "paid"));
        assertEquals(1, await(woo.deliver("order.created", Payloads.wooOrder(727, "woo@example.com", "29.35", "processing",
                wooDay, wooDay))).size());
        awaitProcessed(ORG);
        woo.setStatus("order.updated", "disabled");
        JsonObject checked = send(HttpMethod.GET, "/api/stores/" + wooId + "/webhooks", gateway.token(ORG, Role.VIEWER));
        assertEquals("disabled", checked.getJsonObject("webhooks").getString("status"), checked.encode());
    }

    private void conversation(String id, long storeId, String email, Instant startedAt, Instant lastMessageAt) {
        JsonObject body = new JsonObject().put("storeId", storeId).put("customerEmail", email).put("startedAt", startedAt.toString())
                .put("lastMessageAt", lastMessageAt.toString()).put("messageCount", 5).put("productInquiry", true);
        HttpResponse<?> response = await(gateway.api(HttpMethod.PUT, "/api/conversations/" + id, gateway.token(ORG, Role.SERVICE))
                .sendJsonObject(body));
        assertEquals(201, response.statusCode(), response.bodyAsString());
    }

    private void deliver(String topic, JsonObject body) {
        HttpResponse<?> response = await(gateway.deliverShopify(SHOP, SECRET, topic, bytes(body), null));
        assertEquals(200, response.statusCode(), response.bodyAsString());
    }

    /** Until the worker has taken every delivery of the organization (it polls every 200 ms here). */
    private void awaitProcessed(String org) {
        String viewer = gateway.token(org, Role.VIEWER);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!get("/api/events?status=pending", viewer).getJsonArray("items").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "deliveries still pending after 15 s");
            await(vertx.timer(100));
        }
    }

    private DashboardPage open() {
        return new DashboardPage(chromium.driver(), "http://127.0.0.1:" + gateway.gateway().apiPort() + "/");
    }

    private JsonObject get(String path, String token) {
        return send(HttpMethod.GET, path, token);
    }

    private JsonObject send(HttpMethod method, String path, String token) {
        HttpResponse<?> response = await(gateway.api(method, path, token).send());
        assertEquals(200, response.statusCode(), path + ": " + response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.await(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer in 30 s", e);
        }
    }
}
