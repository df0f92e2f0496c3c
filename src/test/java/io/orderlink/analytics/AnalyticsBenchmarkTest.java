package io.orderlink.analytics;

import io.orderlink.tenancy.Role;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Analytics latency over 1,000,000 orders of one organization (docs/architecture.md, "Performance targets"), through HTTP. Not part of the
 * default run (tag {@code benchmark}); run it with:
 * <pre>mvn -B test -Pbenchmark -Dtest=AnalyticsBenchmarkTest</pre>
 * It prints p50 and p99 per range; the numbers are in docs/benchmarks.md.
 */
@Tag("benchmark")
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class AnalyticsBenchmarkTest {

    private static final String ORG = "org-bench";
    private static final int WARM_UP = 20;
    private static final int REQUESTS = 200;

    /**
     * One year (2025) of 1,000,000 orders over two stores, 20 % EUR, 2 % unpaid, 1 % cancelled, 0.5 % test,
     * 5 % partly refunded; 60 % attributed with mostly short chat-to-order gaps; 300 products; 250,000 conversations;
     * customers as the worker keeps them; and another organization's 100,000 orders as noise.
     */
    private static final String SEED = """
            INSERT INTO orders (org_id, store_id, platform, platform_order_id, email, currency, total, refunded, paid,
                                cancelled, test, ordered_at, source_updated_at, line_items, method, confidence, last_activity_at)
            SELECT org, store, platform, g::text, 'c' || (g % 350000) || '@example.com', currency, total,
                   CASE WHEN g % 20 = 0 THEN round(total / 4, 2) ELSE 0 END, g % 50 <> 0, g % 100 = 7, g % 200 = 9, at, at,
                   jsonb_build_array(jsonb_build_object('productId', 'p' || (g % 300), 'name', 'Product ' || (g % 300),
                       'quantity', 1 + g % 3, 'price', total, 'total', total)),
                   method, CASE method WHEN 'session_match' THEN 0.95 WHEN 'time_proximity' THEN 0.80
                                       WHEN 'email_match' THEN 0.55 ELSE 0 END,
                   CASE WHEN method <> 'no_match' THEN at - make_interval(secs => 604800 * power(((g::bigint * 7919) % 10007) / 10007.0, 3)) END
              FROM (SELECT g, CASE WHEN g <= 1000000 THEN 'org-bench' ELSE 'org-noise' END AS org,
                           CASE WHEN g > 1000000 THEN 3 WHEN g % 2 = 0 THEN 1 ELSE 2 END AS store,
                           CASE WHEN g % 2 = 0 OR g > 1000000 THEN 'shopify' ELSE 'woocommerce' END AS platform,
                           CASE WHEN g % 5 = 0 THEN 'EUR' ELSE 'USD' END AS currency,
                           round(5 + ((g::bigint * 104729) % 30000) / 100.0, 2) AS total,
                           timestamptz '2025-01-01' + make_interval(secs => (g % 1000000) * 31.536) AS at,
                           (ARRAY['session_match', 'session_match', 'time_proximity', 'email_match', 'no_match',
                                  'no_match'])[1 + (g * 13) % 6] AS method
                      FROM generate_series($1::int, $2::int) g) s;
            """;

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.MINUTES)
    void analyticsOverAMillionOrders(Vertx vertx, TestDatabase database, VertxTestContext context) {
        Pool sql = database.pool(vertx);
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_API_RATE_LIMIT_PER_SECOND", "100000",
                        "ORDERLINK_API_RATE_LIMIT_BURST", "100000"))
                .compose(gateway -> gateway.connectShopify(ORG, "bench1.myshopify.com", "s")
                        .compose(v -> gateway.connectWooCommerce(ORG, "http://bench2.example", "s"))
                        .compose(v -> gateway.connectShopify("org-noise", "noise.myshopify.com", "s"))
                        .compose(v -> seed(sql))
                        .compose(v -> measure(gateway, "last 30 days (~80,000 orders)", "start=2025-12-02&end=2025-12-31"))
                        .compose(v -> measure(gateway, "90 days, partial first and last day", "start=2025-06-01T12:00:00Z&end=2025-08-30T06:00:00Z"))
                        .compose(v -> measure(gateway, "the whole year (all 1,000,000 orders)", "start=2025-01-01&end=2025-12-31"))
                        .eventually(gateway::close))
                .eventually(sql::close)
                .onComplete(context.succeedingThenComplete());
    }

    private static Future<Void> seed(Pool sql) {
        long started = System.nanoTime();
        Future<Void> chain = Future.succeededFuture();
        // Batches of 100,000 keep each statement's transition table (and the rollup work) moderate.
        for (int from = 1; from <= 1_100_000; from += 100_000) {
            int lo = from;
            chain = chain.compose(v -> sql.preparedQuery(SEED).execute(io.vertx.sqlclient.Tuple.of(lo, lo + 99_999)).mapEmpty());
        }
        return chain
                .compose(v -> sql.query("""
                        INSERT INTO conversations (org_id, store_id, external_id, email, started_at, last_message_at)
                        SELECT 'org-bench', 1 + g % 2, 'chat-' || g, 'c' || (g % 350000) || '@example.com',
                               timestamptz '2025-01-01' + make_interval(secs => g * 126.144),
                               timestamptz '2025-01-01' + make_interval(secs => g * 126.144 + 600)
                          FROM generate_series(1, 250000) g""").execute())
                .compose(v -> sql.query("""
                        INSERT INTO customers (store_id, email, currency, org_id, orders, paid_orders, gross, refunds, net,
                                               first_purchase_at, last_purchase_at, conversations, attributed_orders)
                        SELECT store_id, email, currency, org_id, count(*), count(*) FILTER (WHERE counts),
                               coalesce(sum(total) FILTER (WHERE counts), 0), coalesce(sum(refunded) FILTER (WHERE counts), 0),
                               coalesce(sum(total - refunded) FILTER (WHERE counts), 0), min(ordered_at), max(ordered_at), 0,
                               count(*) FILTER (WHERE counts AND method <> 'no_match')
                          FROM orders GROUP BY store_id, email, currency, org_id""").execute())
                .compose(v -> sql.query("VACUUM ANALYZE").execute())
                .compose(v -> sql.query("SELECT count(*) AS n FROM orders WHERE org_id = 'org-bench'").execute())
                .map(rows -> {
                    assertEquals(1_000_000L, rows.iterator().next().getLong("n"));
                    System.out.printf("seeded 1,000,000 orders (+100,000 noise) in %d s%n", (System.nanoTime() - started) / 1_000_000_000L);
                    return null;
                });
    }

    private static Future<Void> measure(TestGateway gateway, String label, String range) {
        String token = gateway.token(ORG, Role.VIEWER);
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < WARM_UP + REQUESTS; i++) {
            boolean counted = i >= WARM_UP;
            chain = chain.compose(v -> {
                long started = System.nanoTime();
                return gateway.api(HttpMethod.GET, "/api/analytics/revenue?metric=all&" + range, token).send().map(response -> {
                    assertEquals(200, response.statusCode(), response.bodyAsString());
                    if (counted) {
                        micros.add((System.nanoTime() - started) / 1000);
                    }
                    return null;
                });
            });
        }
        return chain.map(v -> {
            List<Long> sorted = new ArrayList<>(micros);
            Collections.sort(sorted);
            System.out.printf("analytics %-40s n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", label, sorted.size(),
                    sorted.get(sorted.size() / 2) / 1000.0, sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1000.0,
                    sorted.get(sorted.size() - 1) / 1000.0);
            return null;
        });
    }
}
