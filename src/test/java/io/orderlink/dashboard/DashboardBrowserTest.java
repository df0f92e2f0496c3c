package io.orderlink.dashboard;

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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.orderlink.testing.Payloads.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real headless browser against a real gateway: chat and signed orders in through HTTP and
 * processed by the worker, one Shopify store the gateway cannot reach and one WooCommerce store (a fake platform)
 * whose webhook the platform disabled. The page must show what the API answers for the same range, and Repair
 * must bring the webhook back.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    private static final String ORG = "org-dash";
    private static final String SHOP = "dash.myshopify.com";
    private static final String SECRET = "dash-secret";
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

    private Vertx vertx;
    private Chromium chromium;
    private TestGateway gateway;
    private FakeWooCommerce woo;
    private long shopId;
    private long wooId;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database) {
        this.vertx = vertx;
        chromium = Chromium.start();
        gateway = await(TestGateway.start(vertx, database.database(), Map.of(
                "ORDERLINK_PUBLIC_URL", "https://hooks.orderlink.test",
                "ORDERLINK_ATTRIBUTION_POLL_INTERVAL_MS", "200")));
        woo = await(new FakeWooCommerce(vertx, "ck_test", "cs_test").start())
                .deliverTo("http://127.0.0.1:" + gateway.gateway().ingestPort());
        shopId = await(gateway.connectShopify(ORG, SHOP, SECRET));
        wooId = await(gateway.connectWooCommerce(ORG, woo.url(), "merchant-secret"));
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

        String shopRow = "#stores tr[data-key='" + shopId + "'] ";
        String wooRow = "#stores tr[data-key='" + wooId + "'] ";
        assertEquals("error", page.text(shopRow + "[data-field=status]"));
        assertTrue(page.text(shopRow).contains("check the store's URL and credentials, then Repair"), page.text(shopRow));
        assertEquals("disabled", page.text(wooRow + "[data-field=status]"));
        assertTrue(page.text(wooRow).contains("the platform disabled the webhook after failed deliveries: press Repair"));
        assertEquals(1, page.count("#events tbody tr"), "the unparseable order");

        // A viewer may look but not repair: the row says which role it takes.
        page.press(wooRow + "button");
        page.awaitText(wooRow, "Repair failed: This needs the admin role and your token is for the viewer role");
        assertEquals("disabled", page.text(wooRow + "[data-field=status]"));

        page.signOut();
        page.signIn(gateway.token(ORG, Role.ADMIN));
        page.awaitLoaded();
        page.press(wooRow + "button");
        page.awaitText(wooRow + "[data-field=status]", "active");
        assertEquals("Repaired " + woo.url().substring("http://".length()) + ": webhooks active.", page.status());
        assertEquals("active", get("/api/stores/" + wooId, viewer).getJsonObject("webhooks").getString("status"));
        assertEquals("active", woo.webhook("order.updated").status);

        page.press("#events tbody tr button");
        page.awaitText("#events tbody tr [data-field=status]", "queued for replay");
        page.screenshot(SCREENSHOT);
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
        awaitProcessed();
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

    /** Until the worker has taken every delivery (it polls every 200 ms here). */
    private void awaitProcessed() {
        String viewer = gateway.token(ORG, Role.VIEWER);
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
