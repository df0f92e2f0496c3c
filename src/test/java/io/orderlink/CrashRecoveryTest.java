package io.orderlink;

import io.orderlink.config.Config;

import io.orderlink.crypto.HmacVerifier;
import io.orderlink.crypto.MasterKey;
import io.orderlink.tenancy.Role;
import io.orderlink.testing.GatewayProcess;
import io.orderlink.testing.Payloads;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway as an operator runs it: a separate process, killed with SIGKILL in the middle of a burst.
 * Nothing it acknowledged may be lost, and a restarted process finishes what was pending. Its JSON logs
 * carry no secret, token or raw body.
 */
@ExtendWith(PostgresExtension.class)
class CrashRecoveryTest {

    private static final String SHOP = "crash.myshopify.com";
    private static final String SECRET = "crash-client-secret-value";
    private static final int DELIVERIES = 1500;
    private static final int KILL_AFTER = 300;

    @Test
    void sigkillMidBurstLosesNoAcknowledgedDeliveryAndRestartFinishesThePendingOnes(TestDatabase database) throws Exception {
        Map<String, String> env = TestGateway.environment(Map.of("ORDERLINK_DATABASE_URL", database.url(),
                "ORDERLINK_LOG_FORMAT", "json", "ORDERLINK_MASTER_KEY", MasterKey.generateBase64()));
        Vertx vertx = Vertx.vertx();
        Pool sql = database.pool(vertx);
        WebClient client = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(32));
        GatewayProcess first = GatewayProcess.start("crash-first", env, List.of());
        try {
            String token = Main.token(Config.load(env), "org-crash", Role.ADMIN, "test", 1);
            String webhooks = "webhooks are expected at http://localhost:" + first.ingestPort() + "/webhooks/shopify";
            assertTrue(first.log().stream().anyMatch(line -> new JsonObject(line).getString("formattedMessage").contains(webhooks)), "start-up names the bound ingest port: " + first.log());
            JsonObject store = new JsonObject().put("platform", "shopify").put("domain", SHOP).put("register", false)
                    .put("credentials", new JsonObject().put("accessToken", "shpat_crash_token").put("clientSecret", SECRET));
            int status = await(client.post(first.apiPort(), "127.0.0.1", "/api/stores").bearerTokenAuthentication(token)
                    .sendJsonObject(store)).statusCode();
            assertEquals(201, status);

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger answered = new AtomicInteger();
            CompletableFuture<Void> killed = new CompletableFuture<>();
            List<Future<?>> burst = new ArrayList<>();
            for (int i = 0; i < DELIVERIES; i++) {
                String id = String.valueOf(700_000 + i);
                byte[] body = Payloads.bytes(Payloads.shopifyOrder(id, "crash" + (i % 50) + "@example.com", "15.00",
                        Instant.parse("2026-02-01T00:00:00Z").plusSeconds(i), Instant.parse("2026-02-01T00:00:00Z").plusSeconds(i), "paid"));
                burst.add(client.post(first.ingestPort(), "127.0.0.1", "/webhooks/shopify")
                        .putHeader("X-Shopify-Topic", "orders/create").putHeader("X-Shopify-Shop-Domain", SHOP)
                        .putHeader("X-Shopify-Webhook-Id", "crash-" + id)
                        .putHeader("X-Shopify-Hmac-Sha256", HmacVerifier.sign(SECRET.getBytes(StandardCharsets.UTF_8), body))
                        .sendBuffer(Buffer.buffer(body))
                        .onSuccess(response -> {
                            if (response.statusCode() == 200) {
                                acknowledged.add("crash-" + id);
                            }
                            if (answered.incrementAndGet() == KILL_AFTER) {
                                killed.complete(null);
                            }
                        }));
            }
            killed.get(60, TimeUnit.SECONDS);
            first.kill(); // SIGKILL mid-burst: no shutdown hook, no drain
            await(Future.join(burst).otherwiseEmpty());
            assertTrue(acknowledged.size() >= KILL_AFTER / 2, "the burst was under way: " + acknowledged.size());

            long storedAcknowledged = await(sql.preparedQuery("SELECT count(*) FROM webhook_inbox WHERE dedup_key = ANY($1)")
                    .execute(Tuple.of(acknowledged.toArray(new String[0])))).iterator().next().getLong(0);
            assertEquals(acknowledged.size(), storedAcknowledged, "every acknowledged delivery survived the kill");

            GatewayProcess second = GatewayProcess.start("crash-second", env, List.of());
            try {
                long pending = -1;
                for (int i = 0; i < 300 && pending != 0; i++) {
                    Thread.sleep(100);
                    pending = await(sql.query("SELECT count(*) FROM webhook_inbox WHERE status = 'pending'").execute())
                            .iterator().next().getLong(0);
                }
                assertEquals(0, pending, "the restarted gateway finished the pending deliveries");
                long stored = await(sql.query("SELECT count(*) FROM webhook_inbox").execute()).iterator().next().getLong(0);
                long orders = await(sql.query("SELECT count(*) FROM orders").execute()).iterator().next().getLong(0);
                assertEquals(stored, orders, "each stored delivery became exactly one order");
            } finally {
                second.close();
            }
            assertLogsAreJsonWithoutSecrets(first.log(), token);
            assertLogsAreJsonWithoutSecrets(second.log(), token);
        } finally {
            first.kill();
            client.close();
            sql.close();
            vertx.close();
        }
    }

    private static void assertLogsAreJsonWithoutSecrets(List<String> log, String token) {
        assertFalse(log.isEmpty());
        for (String line : log) {
            assertTrue(line.startsWith("{") && new JsonObject(line).containsKey("formattedMessage"), "one JSON object per line: " + line);
            for (String secret : List.of(SECRET, "shpat_crash_token", token, "crash0@example.com", "\"total_price\"")) {
                assertFalse(line.contains(secret), "log line leaks " + secret + ": " + line);
            }
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
