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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void trafficShowsUpInPrometheusFormat(Vertx vertx, TestDatabase database, VertxTestContext context) {
        byte[] order = Payloads.bytes(Payloads.shopifyOrder("101", "m@example.com", "9.99", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"), "paid"));
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_ATTRIBUTION_POLL_INTERVAL_MS", "100")).compose(gateway ->
                gateway.connectShopify("org-metrics", SHOP, SECRET)
                        .compose(id -> gateway.deliverShopify(SHOP, SECRET, "orders/create", order, "w-1"))
                        .compose(r -> gateway.deliverShopify(SHOP, SECRET, "orders/create", order, "w-1"))
                        .compose(r -> gateway.deliverShopify(SHOP, "forged", "orders/create", order, "w-2"))
                        .compose(r -> gateway.deliverShopify("nobody.myshopify.com", SECRET, "x/forged-topic", order, "w-3"))
                        .compose(r -> scrapeUntil(vertx, gateway, "orderlink_attributions_total{method=\"no_match\"} 1.0", 100))
                        .onComplete(context.succeeding(text -> context.verify(() -> {
                            assertEquals(1.0, value(text, "orderlink_webhooks_received_total{outcome=\"accepted\",platform=\"shopify\",topic=\"orders/create\"}"));
                            assertEquals(1.0, value(text, "orderlink_webhooks_received_total{outcome=\"duplicate\",platform=\"shopify\",topic=\"orders/create\"}"));
                            assertEquals(1.0, value(text, "orderlink_webhooks_received_total{outcome=\"rejected_signature\",platform=\"shopify\",topic=\"unverified\"}"));
                            assertEquals(1.0, value(text, "orderlink_webhooks_received_total{outcome=\"unknown_store\",platform=\"shopify\",topic=\"unverified\"}"));
                            assertTrue(!text.contains("forged-topic"), "a forged header never becomes a label");
                            assertEquals(2.0, value(text, "orderlink_ingest_ack_seconds_count"));
                            assertEquals(1.0, value(text, "orderlink_attribution_lag_seconds_count"));
                            assertTrue(text.contains("orderlink_inbox_pending "), "inbox gauge exported");
                            assertTrue(text.contains("orderlink_inbox_oldest_pending_seconds "), "oldest pending gauge exported");
                            gateway.close().onComplete(context.succeedingThenComplete());
                        }))));
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
                        assertEquals(List.of("database", "verticles"), ready.getJsonArray("checks").stream()
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

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), "no series " + series);
        return Double.parseDouble(m.group(1));
    }
}
