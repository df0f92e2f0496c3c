package io.orderlink.attribution;

import io.orderlink.processing.AttributionVerticle;

import io.orderlink.config.Config;
import io.orderlink.testing.Fixtures;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Attribution throughput with 1,000,000 conversations stored (docs/benchmarks.md). Seeds conversations and
 * pending Shopify order deliveries in SQL, then times the worker draining the backlog. The first
 * {@code bench.warmup} orders (50,000) are drained untimed: on a slow 2-core machine the C2 compiler took about
 * half a core for the first 20 s of a cold drain, and timing it counted the JIT as attribution. Each order is,
 * by default, Shopify's full documented orders/create sample (about 11 KB once stored as compact JSON: 5 line
 * items with taxes, discounts, addresses) with its own id, email and time; {@code -Dbench.payload=synthetic}
 * uses a 500-byte order instead. Run: {@code mvn test -Pbenchmark -Dtest=AttributionBenchmark} (sizes:
 * -Dbench.conversations, -Dbench.orders, -Dbench.warmup, -Dbench.workers).
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class AttributionBenchmark {

    private static final int CONVERSATIONS = Integer.getInteger("bench.conversations", 1_000_000);
    private static final int ORDERS = Integer.getInteger("bench.orders", 100_000);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 50_000);
    private static final int WORKERS = Integer.getInteger("bench.workers", 2);
    private static final int BATCH = Integer.getInteger("bench.batch", 500);
    private static final int CUSTOMERS = CONVERSATIONS / 5;
    private static final boolean REAL = switch (System.getProperty("bench.payload", "real")) {
        case "real" -> true;
        case "synthetic" -> false;
        default -> throw new IllegalArgumentException("-Dbench.payload: expected real or synthetic");
    };

    @Test
    void drainsABacklogOfOrdersAgainstAMillionConversations(TestDatabase database) throws Exception {
        Vertx vertx = Vertx.vertx();
        Pool sql = database.pool(vertx);
        try {
            seed(sql);
            Config.Attribution config = new Config.Attribution(BATCH, 50, 30, "chat_session_id");
            for (int i = 0; i < WORKERS; i++) {
                await(vertx.deployVerticle(new AttributionVerticle(database.database(), config, io.orderlink.orders.TimeRange.DEFAULT, new io.orderlink.metrics.Metrics(), io.orderlink.processing.IngestLoad.NONE),
                        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
            }
            // Oldest first: the warm-up orders go before the measured ones.
            awaitPending(sql, ORDERS);
            long started = System.nanoTime();
            awaitPending(sql, 0);
            double seconds = (System.nanoTime() - started) / 1e9;
            Row outcome = await(sql.query("""
                    SELECT count(*) AS orders, count(*) FILTER (WHERE method <> 'no_match') AS attributed,
                           (SELECT count(*) FROM webhook_inbox WHERE status = 'failed') AS failed FROM orders""").execute())
                    .iterator().next();
            System.out.printf("%nATTRIBUTION BENCHMARK: %,d %s orders against %,d conversations with %d worker(s), after %,d "
                            + "untimed: %.1f s, %,.0f orders/s (%,d of all orders attributed, %,d failed; load average %s)%n%n",
                    ORDERS, REAL ? "real-size" : "synthetic", CONVERSATIONS, WORKERS, WARMUP, seconds, ORDERS / seconds,
                    outcome.getLong("attributed"), outcome.getLong("failed"),
                    java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]);
            assertEquals(WARMUP + ORDERS, outcome.getLong("orders"));
            assertEquals(0L, outcome.getLong("failed"));
        } finally {
            sql.close();
            vertx.close();
        }
    }

    /** One store; conversations spread over customers and ten days; orders up to a day after their customer's chats. */
    private static void seed(Pool sql) throws Exception {
        long started = System.nanoTime();
        await(sql.query("INSERT INTO organizations (id) VALUES ('bench')").execute());
        await(sql.query("INSERT INTO stores (org_id, platform, domain) VALUES ('bench', 'shopify', 'bench.myshopify.com')").execute());
        await(sql.query("""
                INSERT INTO conversations (org_id, store_id, external_id, email, session_id, started_at, last_message_at,
                                           message_count, product_inquiry, price_check)
                SELECT 'bench', 1, 'conv-' || i, 'customer-' || (i % :customers) || '@example.com', 'session-' || i,
                       timestamptz '2026-01-01' + (i % 864000) * interval '1 second',
                       timestamptz '2026-01-01' + (i % 864000) * interval '1 second' + (i % 3600) * interval '1 second',
                       i % 12, i % 3 = 0, i % 5 = 0
                  FROM generate_series(1, :conversations) i"""
                .replace(":customers", String.valueOf(CUSTOMERS)).replace(":conversations", String.valueOf(CONVERSATIONS))).execute());
        await(sql.query("""
                INSERT INTO conversation_activity (conversation_id, at, org_id, store_id, email, session_id, message_count,
                                                   product_inquiry, price_check)
                SELECT id, started_at, org_id, store_id, email, session_id, least(message_count, 1), product_inquiry, price_check
                  FROM conversations
                UNION ALL
                SELECT id, last_message_at, org_id, store_id, email, session_id, message_count, product_inquiry, price_check
                  FROM conversations WHERE last_message_at > started_at""").execute());
        await(sql.query("ANALYZE").execute());
        await(REAL ? sql.preparedQuery(REAL_ORDERS.replace(":customers", String.valueOf(CUSTOMERS))
                        .replace(":orders", String.valueOf(WARMUP + ORDERS)))
                .execute(io.vertx.sqlclient.Tuple.of(new String(Fixtures.bytes("shopify-orders-create.json"),
                        java.nio.charset.StandardCharsets.UTF_8)))
                : sql.query(SYNTHETIC_ORDERS.replace(":customers", String.valueOf(CUSTOMERS))
                        .replace(":orders", String.valueOf(WARMUP + ORDERS))).execute());
        System.out.printf("seeded %,d conversations and %,d pending orders in %.1f s%n", CONVERSATIONS, WARMUP + ORDERS,
                (System.nanoTime() - started) / 1e9);
    }

    /** Shopify's sample order ($1) with this order's id, name, emails and times; not cancelled. */
    private static final String REAL_ORDERS = """
            INSERT INTO webhook_inbox (org_id, store_id, platform, topic, dedup_key, body, headers)
            SELECT 'bench', 1, 'shopify', 'orders/create', 'bench-' || i, convert_to(jsonb_set($1::text::jsonb || jsonb_build_object(
                     'id', 1000000 + i, 'admin_graphql_api_id', 'gid://shopify/Order/' || (1000000 + i),
                     'name', '#' || i, 'order_number', i, 'email', e.email, 'contact_email', e.email,
                     'created_at', e.at, 'updated_at', e.at, 'processed_at', e.at, 'cancelled_at', null, 'cancel_reason', null),
                     '{customer,email}', to_jsonb(e.email))::text, 'UTF8'), '{}'
              FROM generate_series(1, :orders) i,
                   LATERAL (SELECT 'customer-' || (i % :customers) || '@example.com' AS email,
                                   to_char((timestamptz '2026-01-01' + (i % 950400) * interval '1 second') AT TIME ZONE 'UTC',
                                           'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at) e""";

    private static final String SYNTHETIC_ORDERS = """
            INSERT INTO webhook_inbox (org_id, store_id, platform, topic, dedup_key, body, headers)
            SELECT 'bench', 1, 'shopify', 'orders/create', 'bench-' || i, convert_to(json_build_object(
                     'id', 1000000 + i, 'admin_graphql_api_id', 'gid://shopify/Order/' || (1000000 + i),
                     'name', '#' || i, 'email', 'customer-' || (i % :customers) || '@example.com',
                     'created_at', to_char((timestamptz '2026-01-01' + (i % 950400) * interval '1 second') AT TIME ZONE 'UTC',
                                           'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                     'currency', 'USD', 'total_price', ((i % 500) + 10) || '.99', 'financial_status', 'paid',
                     'test', false, 'cancelled_at', null,
                     'note_attributes', json_build_array(),
                     'line_items', json_build_array(json_build_object('id', i, 'product_id', 632910392 + (i % 40),
                         'variant_id', 808950810, 'name', 'Product ' || (i % 40), 'sku', 'SKU-' || (i % 40),
                         'quantity', 1 + i % 3, 'price', ((i % 500) + 10) || '.99')))::text, 'UTF8'), '{}'
              FROM generate_series(1, :orders) i""";

    /** Polls until at most {@code left} deliveries are pending. */
    private static void awaitPending(Pool sql, long left) throws Exception {
        while (count(sql, "SELECT count(*) FROM webhook_inbox WHERE status = 'pending'") > left) {
            Thread.sleep(50);
        }
    }

    private static long count(Pool sql, String query) throws Exception {
        return await(sql.query(query).execute()).iterator().next().getLong(0);
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    }

}
