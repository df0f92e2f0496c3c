package io.orderlink.testing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows as the attribution worker writes them, inserted on the owner connection (outside any tenant scope), so
 * API tests can seed orders, conversations and customers with known figures.
 */
public final class Seed {

    private static final AtomicLong IDS = new AtomicLong();

    private Seed() {
    }

    /** An order; defaults: paid USD 10.00, not cancelled or test, no match, no line items. */
    public static final class Order {
        private final String org;
        private final long storeId;
        private final String orderedAt;
        private String platform = "shopify";
        private String currency = "USD";
        private String total = "10.00";
        private String refunded = "0";
        private boolean paid = true;
        private boolean cancelled;
        private boolean test;
        private String method = "no_match";
        private String confidence = "0";
        private String lastActivityAt;
        private Long conversationId;
        private String email = "buyer@example.com";
        private final JsonArray lineItems = new JsonArray();

        public Order(String org, long storeId, String orderedAt) {
            this.org = org;
            this.storeId = storeId;
            this.orderedAt = orderedAt;
        }

        public Order platform(String value) { platform = value; return this; }
        public Order money(String currency, String total) { this.currency = currency; this.total = total; return this; }
        public Order refunded(String value) { refunded = value; return this; }
        public Order unpaid() { paid = false; return this; }
        public Order cancelled() { cancelled = true; return this; }
        public Order test() { test = true; return this; }
        public Order email(String value) { email = value; return this; }
        public Order conversation(long id) { conversationId = id; return this; }

        /** Attributed by {@code method} at {@code confidence}, the chat's last activity at {@code lastActivityAt}. */
        public Order attributed(String method, String confidence, String lastActivityAt) {
            this.method = method;
            this.confidence = confidence;
            this.lastActivityAt = lastActivityAt;
            return this;
        }

        public Order item(String productId, String name, int quantity, String total) {
            lineItems.add(new JsonObject().put("productId", productId).put("name", name).put("quantity", quantity)
                    .put("price", total).put("total", total));
            return this;
        }

        /** Inserts the order; completes with its id. */
        public Future<Long> insert(Pool pool) {
            return pool.preparedQuery("""
                    INSERT INTO orders (org_id, store_id, platform, platform_order_id, email, currency, total, refunded,
                                        paid, cancelled, test, ordered_at, source_updated_at, line_items, method, confidence,
                                        last_activity_at, conversation_id, reasoning, attributed_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15, $16, $17,
                            CASE WHEN $14 <> 'no_match' THEN 'seeded' END, now())
                    RETURNING id""")
                    .execute(Tuple.from(new Object[]{org, storeId, platform, "o" + IDS.incrementAndGet(), email, currency,
                            new BigDecimal(total), new BigDecimal(refunded), paid, cancelled, test, time(orderedAt), lineItems,
                            method, new BigDecimal(confidence), time(lastActivityAt), conversationId}))
                    .map(rows -> rows.iterator().next().getLong("id"));
        }
    }

    /** A conversation that started at {@code startedAt}; completes with its id. */
    public static Future<Long> conversation(Pool pool, String org, long storeId, String externalId, String startedAt) {
        return pool.preparedQuery("""
                INSERT INTO conversations (org_id, store_id, external_id, email, started_at, last_message_at)
                VALUES ($1, $2, $3, 'buyer@example.com', $4, $4) RETURNING id""")
                .execute(Tuple.of(org, storeId, externalId, time(startedAt)))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** An organization (if new) and a Shopify store of it at {@code domain}; completes with the store's id. */
    public static Future<Long> store(Pool pool, String org, String domain) {
        return pool.preparedQuery("""
                WITH o AS (INSERT INTO organizations (id) VALUES ($1) ON CONFLICT (id) DO NOTHING)
                INSERT INTO stores (org_id, platform, domain) VALUES ($1, 'shopify', $2) RETURNING id""")
                .execute(Tuple.of(org, domain))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /**
     * {@code count} inbox rows of a store with {@code status} and an empty body, received one second apart, the
     * first at {@code first} plus a second.
     */
    public static Future<Void> inboxRows(Pool pool, String org, long storeId, int count, String status, Instant first) {
        return pool.preparedQuery("""
                INSERT INTO webhook_inbox (org_id, store_id, platform, topic, dedup_key, body, headers, status, received_at)
                SELECT $1, $2, 'shopify', 'orders/create', $4 || '-' || g, '\\x7b7d'::bytea, '{}'::jsonb, $4,
                       $5 + make_interval(secs => g)
                  FROM generate_series(1, $3) g""")
                .execute(Tuple.of(org, storeId, count, status, first.atOffset(ZoneOffset.UTC)))
                .mapEmpty();
    }

    /** A customer's lifetime value row with {@code paidOrders} paid orders worth {@code net} in all. */
    public static Future<Void> customer(Pool pool, String org, long storeId, String email, String currency, int paidOrders,
                                        String net) {
        return pool.preparedQuery("""
                INSERT INTO customers (store_id, email, currency, org_id, orders, paid_orders, gross, refunds, net,
                                       first_purchase_at, last_purchase_at, conversations, attributed_orders)
                VALUES ($1, $2, $3, $4, $5, $5, $6, 0, $6, now(), now(), 0, 0)""")
                .execute(Tuple.of(storeId, email, currency, org, paidOrders, new BigDecimal(net)))
                .mapEmpty();
    }

    private static OffsetDateTime time(String instant) {
        return instant == null ? null : Instant.parse(instant).atOffset(ZoneOffset.UTC);
    }
}
