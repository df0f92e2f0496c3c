package io.orderlink.demo;

import io.orderlink.crypto.HmacVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A demo organization's few days of chat and orders, fed through the gateway's real HTTP endpoints: stores
 * connected through the API, conversations recorded as the chat backend would, and order webhooks signed as
 * Shopify and WooCommerce sign them, into the ingest port. Everything is deterministic (seeded, ids fixed),
 * so feeding it again changes nothing: deliveries are duplicates and conversations upsert.
 */
public final class DemoData {

    public static final String ORG = "demo";
    /** Reserved .example names: a demo store can never be reached on the internet. */
    public static final String SHOPIFY_DOMAIN = "demo-outfitters.myshopify.example";
    public static final String WOO_URL = "https://demo-teashop.example";
    private static final String SHOPIFY_SECRET = "demo-shopify-app-client-secret";
    private static final String WOO_SECRET = "demo-woocommerce-webhook-secret";
    private static final int CUSTOMERS = 36;
    private static final DateTimeFormatter WOO_GMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String[][] PRODUCTS = {
            {"Trail Runner Shoes", "129.00"}, {"Merino Hiking Socks", "19.50"}, {"Ultralight Rain Jacket", "189.90"},
            {"Insulated Bottle", "34.00"}, {"Sencha Green Tea 250g", "14.20"}, {"Ceramic Teapot", "48.00"}};

    /** What was fed, for the start-up summary. */
    public record Fed(int stores, int conversations, int deliveries) {
    }

    private final WebClient client;
    private final int apiPort;
    private final int ingestPort;
    private final String adminToken;
    private final String serviceToken;
    private final Instant now;

    public DemoData(Vertx vertx, int apiPort, int ingestPort, String adminToken, String serviceToken, Instant now) {
        this.client = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(8));
        this.apiPort = apiPort;
        this.ingestPort = ingestPort;
        this.adminToken = adminToken;
        this.serviceToken = serviceToken;
        this.now = now.truncatedTo(ChronoUnit.MINUTES);
    }

    public Future<Fed> feed() {
        Random random = new Random(42);
        List<Supplier<Future<?>>> steps = new ArrayList<>();
        int[] counts = new int[2];
        for (int customer = 0; customer < CUSTOMERS; customer++) {
            plan(customer, random, steps, counts);
        }
        return connectStores()
                .compose(stores -> sequentially(steps, 0).map(v -> new Fed(2, counts[0], counts[1])))
                .onComplete(done -> client.close());
    }

    /** One customer's story: maybe a chat (or two), then orders at various distances from it. */
    private void plan(int customer, Random random, List<Supplier<Future<?>>> steps, int[] counts) {
        boolean shopify = customer % 3 != 0;
        String email = "customer" + customer + "@example.com";
        Instant orderTime = now.minus(Duration.ofMinutes(30 + random.nextInt(3 * 24 * 60)));
        boolean chatted = customer % 5 != 4;
        String session = "widget-" + customer;
        if (chatted) {
            Duration gap = GAPS[customer % GAPS.length];
            Instant last = orderTime.minus(gap);
            Instant started = last.minus(Duration.ofMinutes(2 + random.nextInt(25)));
            JsonObject conversation = new JsonObject().put("domain", shopify ? SHOPIFY_DOMAIN : "demo-teashop.example")
                    .put("customerEmail", customer % 7 == 3 ? null : email).put("sessionId", session)
                    .put("startedAt", started.toString()).put("lastMessageAt", last.toString())
                    .put("messageCount", 1 + random.nextInt(11)).put("productInquiry", random.nextBoolean())
                    .put("priceCheck", random.nextInt(4) == 0);
            steps.add(() -> send(client.put(apiPort, "127.0.0.1", "/api/conversations/demo-chat-" + customer)
                    .bearerTokenAuthentication(serviceToken), Buffer.buffer(conversation.encode())));
            counts[0]++;
        }
        int orders = 1 + random.nextInt(3);
        for (int n = 0; n < orders; n++) {
            Instant at = orderTime.plus(Duration.ofHours(5L * n));
            if (at.isAfter(now)) {
                break;
            }
            String[] product = PRODUCTS[(customer + n) % PRODUCTS.length];
            long id = 5_000_000L + customer * 10L + n;
            boolean carriesSession = chatted && customer % 7 == 3;
            JsonObject body = shopify ? shopifyOrder(id, email, product, at, carriesSession ? session : null, customer)
                    : wooOrder(id, email, product, at, carriesSession ? session : null, customer);
            steps.add(() -> deliver(shopify, shopify ? "orders/create" : "order.created", body, "demo-" + id));
            counts[1]++;
            if (shopify && customer % 11 == 1) {
                steps.add(() -> deliver(true, "refunds/create", refund(id, product[1], at.plus(Duration.ofHours(1))), "demo-refund-" + id));
                counts[1]++;
            }
        }
    }

    /** Distances from the last chat message to the order: every tier of the attribution policy appears. */
    private static final Duration[] GAPS = {
            Duration.ofMinutes(12), Duration.ofMinutes(48), Duration.ofHours(3), Duration.ofHours(9), Duration.ofHours(20),
            Duration.ofHours(50), Duration.ofHours(100), Duration.ofDays(6), Duration.ofDays(9)};

    private Future<Void> connectStores() {
        JsonObject shopify = new JsonObject().put("platform", "shopify").put("domain", SHOPIFY_DOMAIN).put("register", false)
                .put("credentials", new JsonObject().put("accessToken", "shpat_demo").put("clientSecret", SHOPIFY_SECRET));
        JsonObject woo = new JsonObject().put("platform", "woocommerce").put("url", WOO_URL).put("register", false)
                .put("credentials", new JsonObject().put("consumerKey", "ck_demo").put("consumerSecret", "cs_demo")
                        .put("webhookSecret", WOO_SECRET));
        return connect(shopify).compose(v -> connect(woo));
    }

    /** 201 connected, or 409 when a previous run already did. */
    private Future<Void> connect(JsonObject store) {
        return client.post(apiPort, "127.0.0.1", "/api/stores").bearerTokenAuthentication(adminToken).sendJsonObject(store)
                .compose(response -> response.statusCode() == 201 || response.statusCode() == 409 ? Future.succeededFuture()
                        : Future.failedFuture("demo store not connected: " + response.statusCode() + " " + response.bodyAsString()));
    }

    private Future<?> deliver(boolean shopify, String topic, JsonObject order, String deliveryId) {
        byte[] body = order.encode().getBytes(StandardCharsets.UTF_8);
        HttpRequest<Buffer> request = client.post(ingestPort, "127.0.0.1", shopify ? "/webhooks/shopify" : "/webhooks/woocommerce")
                .putHeader("Content-Type", "application/json");
        if (shopify) {
            request.putHeader("X-Shopify-Topic", topic).putHeader("X-Shopify-Shop-Domain", SHOPIFY_DOMAIN)
                    .putHeader("X-Shopify-Webhook-Id", deliveryId).putHeader("X-Shopify-API-Version", "2026-01")
                    .putHeader("X-Shopify-Hmac-Sha256", HmacVerifier.sign(SHOPIFY_SECRET.getBytes(StandardCharsets.UTF_8), body));
        } else {
            request.putHeader("X-WC-Webhook-Source", WOO_URL + "/").putHeader("X-WC-Webhook-Topic", topic)
                    .putHeader("X-WC-Webhook-ID", "1").putHeader("X-WC-Webhook-Delivery-ID", deliveryId)
                    .putHeader("X-WC-Webhook-Signature", HmacVerifier.sign(HmacVerifier.wooCommerceKey(WOO_SECRET), body));
        }
        return send(request, Buffer.buffer(body));
    }

    private static Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request, Buffer body) {
        return request.putHeader("Content-Type", "application/json").sendBuffer(body).compose(response ->
                response.statusCode() < 300 ? Future.succeededFuture(response)
                        : Future.failedFuture("demo request refused: " + response.statusCode() + " " + response.bodyAsString()));
    }

    private static Future<Void> sequentially(List<Supplier<Future<?>>> steps, int from) {
        return from == steps.size() ? Future.succeededFuture() : steps.get(from).get().compose(v -> sequentially(steps, from + 1));
    }

    private static JsonObject shopifyOrder(long id, String email, String[] product, Instant at, String session, int customer) {
        String status = customer % 13 == 5 ? "pending" : "paid";
        JsonObject money = new JsonObject().put("shop_money", new JsonObject().put("amount", product[1]).put("currency_code", "USD"));
        JsonArray notes = new JsonArray();
        if (session != null) {
            notes.add(new JsonObject().put("name", "chat_session_id").put("value", session));
        }
        return new JsonObject().put("id", id).put("admin_graphql_api_id", "gid://shopify/Order/" + id)
                .put("name", "#" + (1000 + id % 1000)).put("email", email).put("created_at", at.toString())
                .put("updated_at", at.toString()).put("currency", "USD").put("total_price", product[1])
                .put("total_price_set", money).put("financial_status", status).put("test", false)
                .put("cancelled_at", customer % 17 == 8 ? at.plusSeconds(600).toString() : null)
                .put("note_attributes", notes)
                .put("line_items", new JsonArray().add(new JsonObject().put("id", id).put("product_id", 7_000 + (product[0].hashCode() & 0xfff))
                        .put("name", product[0]).put("quantity", 1).put("price", product[1]).put("price_set", money)));
    }

    private static JsonObject refund(long orderId, String amount, Instant at) {
        return new JsonObject().put("id", orderId + 90_000_000L).put("order_id", orderId).put("created_at", at.toString())
                .put("refund_line_items", new JsonArray())
                .put("transactions", new JsonArray().add(new JsonObject().put("kind", "refund").put("status", "success")
                        .put("amount", amount).put("currency", "USD")));
    }

    private static JsonObject wooOrder(long id, String email, String[] product, Instant at, String session, int customer) {
        JsonArray meta = new JsonArray();
        if (session != null) {
            meta.add(new JsonObject().put("id", 1).put("key", "chat_session_id").put("value", session));
        }
        return new JsonObject().put("id", id).put("number", String.valueOf(id)).put("status", customer % 9 == 6 ? "on-hold" : "processing")
                .put("currency", "EUR").put("total", product[1]).put("date_created_gmt", WOO_GMT.format(at))
                .put("date_modified_gmt", WOO_GMT.format(at)).put("billing", new JsonObject().put("email", email))
                .put("meta_data", meta).put("refunds", new JsonArray())
                .put("line_items", new JsonArray().add(new JsonObject().put("id", id).put("name", product[0])
                        .put("product_id", 900 + customer % 6).put("quantity", 1).put("total", product[1]).put("price", product[1])));
    }
}
