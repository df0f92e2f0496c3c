package io.orderlink;

import io.orderlink.config.Config;
import io.orderlink.crypto.HmacVerifier;
import io.orderlink.registration.FakeShopify;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tokens;
import io.orderlink.testing.GatewayProcess;
import io.orderlink.testing.Payloads;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.orderlink.testing.Await.await;
import static io.orderlink.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four gateway processes on one database, each a JVM of its own started from the built classes, so they share
 * nothing but PostgreSQL: two {@code ingest}, one {@code attribution,registration}, one {@code api}. Registration
 * sits away from the API so that connecting a store crosses processes (through registration_requests); the
 * attribution worker's fallback poll is set to ten minutes, so only the inbox's NOTIFY can wake it in time.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutTest {

    private static final String ORG = "org-scale";
    private static final String DOMAIN = "scale-out.myshopify.com";
    private static final String CLIENT_SECRET = "shpss_scale_out";
    private static final Pattern ATTRIBUTIONS = Pattern.compile("(?m)^orderlink_attributions_total\\{[^}]*} ([0-9.]+)$");
    private static final List<String> JVM = List.of("-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final List<GatewayProcess> processes = new ArrayList<>();
    private FakeShopify shopify;
    private FakeShopify.Shop shop;
    private WebClient client;
    private Pool sql;
    private GatewayProcess ingestA;
    private GatewayProcess ingestB;
    private GatewayProcess worker;
    private GatewayProcess api;
    private String adminToken;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database) throws Exception {
        sql = database.pool(vertx);
        client = WebClient.create(vertx);
        shopify = await(new FakeShopify(vertx).start());
        shop = shopify.shop(DOMAIN, "2026-01", "shpat_scale_out", CLIENT_SECRET);
        Map<String, String> env = new HashMap<>(TestGateway.environment(Map.of(
                "ORDERLINK_DATABASE_URL", database.url(),
                "ORDERLINK_SHOPIFY_ADMIN_BASE_URL", shopify.adminBaseUrl(),
                "ORDERLINK_PUBLIC_URL", "https://hooks.scale-out.example",
                "ORDERLINK_ATTRIBUTION_POLL_INTERVAL_MS", "600000",
                "ORDERLINK_INGEST_STORE_CACHE_TTL_SECONDS", "3600",
                "ORDERLINK_REGISTRATION_HEALTH_CHECK_INTERVAL_SECONDS", "0")));
        ingestA = start("ingest-a", env, "ingest");
        ingestB = start("ingest-b", env, "ingest");
        worker = start("worker", env, "attribution,registration");
        api = start("api", env, "api");
        Config config = Config.load(env);
        Vertx local = Vertx.vertx();
        try {
            adminToken = Tokens.issue(Tokens.auth(local, config.jwt(), TestGateway.JWT_SECRET), config.jwt(), ORG, Role.ADMIN,
                    "test", Duration.ofHours(1));
        } finally {
            local.close();
        }
    }

    private GatewayProcess start(String name, Map<String, String> env, String roles) throws Exception {
        Map<String, String> own = new HashMap<>(env);
        own.put("ORDERLINK_ROLES", roles);
        GatewayProcess process = GatewayProcess.start(name, own, JVM);
        processes.add(process);
        return process;
    }

    @AfterAll
    void stop() throws Exception {
        for (GatewayProcess process : processes) {
            process.close();
        }
        await(shopify.close().eventually(sql::close));
    }

    @Test
    void fourProcessesShareTheWorkThroughTheDatabaseOnly() {
        assertEquals(0, api.ingestPort(), "the API process opens no ingest port");
        assertEquals(0, ingestA.apiPort(), "an ingest process opens no API port");

        // Connecting through the API process registers the webhooks from the registration process.
        HttpResponse<Buffer> connected = await(client.post(api.apiPort(), "127.0.0.1", "/api/stores").bearerTokenAuthentication(adminToken)
                .sendJsonObject(new JsonObject().put("platform", "shopify").put("domain", DOMAIN)
                        .put("credentials", new JsonObject().put("accessToken", "shpat_scale_out").put("clientSecret", CLIENT_SECRET))));
        assertEquals(201, connected.statusCode(), connected.bodyAsString());
        long storeId = connected.bodyAsJsonObject().getLong("id");
        assertEquals("active", connected.bodyAsJsonObject().getJsonObject("webhooks").getString("status"), connected.bodyAsString());
        assertEquals(5, shop.requests("webhookSubscriptionCreate").size(), "each order topic registered once");

        // Deliveries through both ingest processes, each also redelivered through the other one.
        int orders = 20;
        for (int n = 0; n < orders; n++) {
            byte[] body = Payloads.shopifyOrder(String.valueOf(900_000 + n), "buyer" + n + "@example.com", "10.00",
                    Instant.now(), Instant.now(), "paid").toBuffer().getBytes();
            String webhookId = UUID.randomUUID().toString();
            GatewayProcess first = n % 2 == 0 ? ingestA : ingestB;
            GatewayProcess second = n % 2 == 0 ? ingestB : ingestA;
            assertEquals("accepted", deliver(first, body, webhookId).bodyAsJsonObject().getString("status"));
            assertEquals("duplicate", deliver(second, body, webhookId).bodyAsJsonObject().getString("status"));
        }
        eventually(() -> count("SELECT count(*) FROM webhook_inbox WHERE status = 'processed'"), n -> n == orders, 60,
                "the attribution process processed every delivery, woken by NOTIFY");
        assertEquals(orders, count("SELECT count(*) FROM webhook_inbox"));
        assertEquals(0, count("SELECT count(*) FROM webhook_inbox WHERE attempts <> 1"), "each delivery processed exactly once");
        assertEquals(orders, count("SELECT count(*) FROM orders WHERE store_id = " + storeId));
        assertEquals(orders, attributions(worker), "processed by the attribution process");
        for (GatewayProcess other : List.of(ingestA, ingestB, api)) {
            assertEquals(0, attributions(other), other.name() + " processed nothing");
        }

        // Disconnecting through the API drops the store's secret; both ingest processes stop accepting it.
        HttpResponse<Buffer> disconnected = await(client.delete(api.apiPort(), "127.0.0.1", "/api/stores/" + storeId)
                .bearerTokenAuthentication(adminToken).send());
        assertEquals(200, disconnected.statusCode(), disconnected.bodyAsString());
        byte[] late = Payloads.shopifyOrder("999999", "late@example.com", "1.00", Instant.now(), Instant.now(), "paid")
                .toBuffer().getBytes();
        for (GatewayProcess ingest : List.of(ingestA, ingestB)) {
            eventually(() -> deliver(ingest, late, UUID.randomUUID().toString()).statusCode(), code -> code == 401, 20,
                    ingest.name() + " dropped the store from its cache");
        }
    }

    private HttpResponse<Buffer> deliver(GatewayProcess ingest, byte[] body, String webhookId) {
        return await(client.post(ingest.ingestPort(), "127.0.0.1", "/webhooks/shopify")
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Shopify-Topic", "orders/create")
                .putHeader("X-Shopify-Shop-Domain", DOMAIN)
                .putHeader("X-Shopify-Webhook-Id", webhookId)
                .putHeader("X-Shopify-API-Version", "2026-01")
                .putHeader("X-Shopify-Hmac-Sha256", HmacVerifier.sign(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8), body))
                .sendBuffer(Buffer.buffer(body)));
    }

    private long attributions(GatewayProcess process) {
        String text = await(client.get(process.metricsPort(), "127.0.0.1", "/metrics").send()).bodyAsString();
        Matcher m = ATTRIBUTIONS.matcher(text);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return (long) total;
    }

    private long count(String query) {
        return await(sql.query(query).execute()).iterator().next().getLong(0);
    }
}
