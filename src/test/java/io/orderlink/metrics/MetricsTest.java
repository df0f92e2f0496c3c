package io.orderlink.metrics;

import io.orderlink.testing.Payloads;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, PostgresExtension.class})
class MetricsTest {

    private static final String SHOP = "metrics.myshopify.com";
    private static final String SECRET = "metrics-secret";
    /** A Vert.x of the test's own, with the gateway's meters; closed after each test. */
    private Vertx measured;

    @AfterEach
    void close() throws Exception {
        if (measured != null) {
            measured.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
    void trafficShowsUpInPrometheusFormat(TestDatabase database, VertxTestContext context) {
        byte[] order = Payloads.bytes(Payloads.shopifyOrder("101", "m@example.com", "9.99", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"), "paid"));
        Metrics metrics = new Metrics();
        measured = metrics.vertx(2);
        Vertx vertx = measured;
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_ATTRIBUTION_POLL_INTERVAL_MS", "100"), metrics).compose(gateway ->
                gateway.connectShopify("org-metrics", SHOP, SECRET)
                        .compose(id -> gateway.deliverShopify(SHOP, SECRET, "orders/create", order, "w-1"))
                        .compose(r -> gateway.deliverShopify(SHOP, SECRET, "orders/create", order, "w-1"))
                        .compose(r -> gateway.deliverShopify(SHOP, "forged", "orders/create", order, "w-2"))
                        .compose(r -> gateway.deliverShopify("nobody.myshopify.com", SECRET, "x/forged-topic", order, "w-3"))
                        .compose(r -> gateway.deliverShopify(SHOP, SECRET, "orders/updated", "{}".getBytes(StandardCharsets.UTF_8), "w-4"))
                        .compose(r -> gateway.deliverShopify(SHOP, SECRET, "products/create", order, "w-5"))
                        .compose(r -> scrapeUntil(vertx, gateway, "orderlink_inbox_failed 1.0", 150))
                        .onComplete(context.succeeding(text -> context.verify(() -> {
                            assertEquals(1.0, value(text, "orderlink_webhooks_received_total{outcome=\"accepted\",platform=\"shopify\",topic=\"orders/create\"}"));
                            assertEquals(1.0, value(text, "orderlink_webhooks_received_total{outcome=\"duplicate\",platform=\"shopify\",topic=\"orders/create\"}"));
                            assertEquals(1.0, value(text, "orderlink_webhooks_received_total{outcome=\"rejected_signature\",platform=\"shopify\",topic=\"unverified\"}"));
                            assertEquals(1.0, value(text, "orderlink_webhooks_received_total{outcome=\"unknown_store\",platform=\"shopify\",topic=\"unverified\"}"));
                            assertEquals(1.0, value(text, "orderlink_webhooks_received_total{outcome=\"accepted\",platform=\"shopify\",topic=\"other\"}"));
                            assertTrue(!text.contains("forged-topic") && !text.contains("products/create"), "only known topics become labels");
                            // Counters exist only for what happened: no WooCommerce traffic, no WooCommerce series.
                            assertEquals(6, series(text, "orderlink_webhooks_received_total{").size(), series(text, "orderlink_webhooks_received_total{").toString());
                            assertEquals(4.0, value(text, "orderlink_ingest_ack_seconds_count"), "every stored delivery, duplicates too");
                            assertTrue(value(text, "orderlink_attribution_lag_seconds_count") >= 1);
                            assertTrue(text.contains("orderlink_inbox_pending "), "inbox gauge exported");
                            assertTrue(text.contains("orderlink_inbox_oldest_pending_seconds "), "oldest pending gauge exported");
                            assertEquals(1.0, value(text, "orderlink_inbox_failed"), "the unparseable order is a dead letter");
                        }))).compose(text -> scrapeUntil(vertx, gateway, "server=\"metrics\"", 50))
                        .onComplete(context.succeeding(text -> context.verify(() -> {
                            // HTTP-server meters say which server answered, by name, never by address.
                            assertTrue(value(text, "vertx_http_server_requests_total{code=\"200\",method=\"POST\",server=\"ingest\"}") >= 4);
                            assertEquals(1.0, value(text, "vertx_http_server_requests_total{code=\"201\",method=\"POST\",server=\"api\"}"));
                            assertTrue(value(text, "vertx_http_server_requests_total{code=\"200\",method=\"GET\",server=\"metrics\"}") >= 1);
                            assertTrue(!text.contains("local=\"") && !text.contains("server=\"other\""), "no series keyed by address: "
                                    + text.lines().filter(l -> l.contains("local=") || l.contains("server=\"other\"")).toList());
                            // Database pools by role, ingest by instance: the same names after every restart.
                            assertEquals(List.of("api", "attribution", "health", "ingest-1", "ingest-2", "registration", "registration-queue", "retention"),
                                    series(text, "vertx_pool_in_use{").stream().filter(line -> line.contains("pool_type=\"sql\"")).map(line -> label(line, "pool_name")).sorted().distinct().toList());
                        })))
                        .eventually(gateway::close)
                        .onComplete(context.succeedingThenComplete()));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void healthReportsLivenessAndReadinessWithTheDatabaseCheck(Vertx vertx, TestDatabase database, VertxTestContext context) {
        TestGateway.start(vertx, database.database(), Map.of()).compose(gateway -> gateway.metrics("/health/live").send()
                .compose(live -> gateway.metrics("/health/ready").send().map(ready -> List.of(live, ready)))
                .compose(answers -> gateway.metrics("/metrics").send().map(metrics -> {
                    context.verify(() -> {
                        JsonObject live = answers.get(0).bodyAsJsonObject();
                        JsonObject ready = answers.get(1).bodyAsJsonObject();
                        assertEquals(200, answers.get(0).statusCode());
                        assertEquals("UP", live.getString("outcome"));
                        assertEquals(200, answers.get(1).statusCode());
                        assertEquals("UP", ready.getString("outcome"));
                        assertEquals(List.of("database", "ingest-commits", "verticles"), ready.getJsonArray("checks").stream()
                                .map(c -> ((JsonObject) c).getString("id")).sorted().toList());
                        assertEquals(200, metrics.statusCode());
                        assertTrue(metrics.getHeader("content-type").startsWith("text/plain; version=0.0.4"));
                    });
                    return gateway;
                })))
                .compose(TestGateway::close)
                .onComplete(context.succeedingThenComplete());
    }

    private static Future<String> scrapeUntil(Vertx vertx, TestGateway gateway, String line, int attempts) {
        return gateway.metrics("/metrics").send().map(r -> r.bodyAsString()).compose(text -> {
            if (text.contains(line) || attempts == 0) {
                return Future.succeededFuture(text);
            }
            return vertx.timer(100).compose(t -> scrapeUntil(vertx, gateway, line, attempts - 1));
        });
    }

    private static List<String> series(String text, String prefix) {
        return text.lines().filter(line -> line.startsWith(prefix)).toList();
    }

    private static String label(String line, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(line);
        assertTrue(m.find(), "no label " + name + " in " + line);
        return m.group(1);
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), "no series " + series + " in " + text.lines().filter(l -> l.startsWith("vertx_http_server_requests")).toList());
        return Double.parseDouble(m.group(1));
    }
}
