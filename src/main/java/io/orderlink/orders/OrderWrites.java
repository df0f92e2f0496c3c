package io.orderlink.orders;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import static io.orderlink.db.SqlTimes.utc;

/**
 * The order lifecycle in SQL, set-based so a whole inbox batch costs a handful of statements. Every write is
 * idempotent and order-insensitive: an older state never overwrites a newer one, a refund counts once by its
 * platform id whenever it arrives, and refunded totals are recomputed from the refunds themselves.
 */
public final class OrderWrites {

    /** An order state to store for a store of a tenant. */
    public record OrderChange(String orgId, long storeId, NormalizedOrder order) {
    }

    /** A refund to store, with the tenant and store it belongs to. */
    public record RefundChange(String orgId, long storeId, Refund refund) {
    }

    /** An order whose stored state changed: what attribution and lifetime value need of it. */
    public record StoredOrder(long id, String orgId, long storeId, String platformOrderId, String email,
                              String chatSessionId, Instant orderedAt) {
    }

    /** An attribution to store with the order, in plain terms (this package knows nothing of the policy). */
    public record Credit(Long conversationId, String method, BigDecimal confidence, String reasoning, Instant lastActivity) {
    }

    /** A stored order state and whether this transaction stored its attribution (and which method). */
    public record Upserted(StoredOrder order, String method, boolean attributed) {
    }

    /** An attribution lands on a new order, or on a stored one only when it raises the confidence. */
    private static final String RAISES = "(o.attributed_at IS NULL OR EXCLUDED.confidence > o.confidence)";

    /**
     * Newer states only: equal modification times re-apply the same state, which changes nothing. The refunded
     * total comes from the refunds stored so far (this batch's are inserted first), so a refund that arrived
     * before its order counts as soon as the order does. The attribution rides along, so each order row is
     * written once per batch.
     */
    private static final String UPSERT = """
            INSERT INTO orders AS o (org_id, store_id, platform, platform_order_id, order_number, email, currency, total,
                                     refunded, status, paid, cancelled, test, deleted, ordered_at, source_updated_at, line_items,
                                     chat_session_id, conversation_id, method, confidence, reasoning, last_activity_at,
                                     attributed_at)
            SELECT org, store, platform, oid, num, email, cur, total,
                   COALESCE((SELECT sum(r.amount) FROM order_refunds r WHERE r.store_id = c.store AND r.platform_order_id = c.oid
                               AND (r.currency IS NULL OR r.currency = c.cur)), 0),
                   status, paid, cancelled, test, deleted, at, upd, items::jsonb, chat, cid, method, conf, reason, activity, now()
              FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::numeric[],
                          $9::text[], $10::bool[], $11::bool[], $12::bool[], $13::timestamptz[], $14::timestamptz[],
                          $15::text[], $16::text[], $17::bigint[], $18::text[], $19::numeric[], $20::text[], $21::timestamptz[],
                          $22::bool[])
                   AS c(org, store, platform, oid, num, email, cur, total, status, paid, cancelled, test, at, upd, items, chat,
                        cid, method, conf, reason, activity, deleted)
            ON CONFLICT (store_id, platform_order_id) DO UPDATE
               SET order_number = EXCLUDED.order_number, email = EXCLUDED.email, currency = EXCLUDED.currency,
                   total = EXCLUDED.total, refunded = EXCLUDED.refunded, status = EXCLUDED.status, paid = EXCLUDED.paid,
                   cancelled = EXCLUDED.cancelled, test = EXCLUDED.test, deleted = EXCLUDED.deleted, ordered_at = EXCLUDED.ordered_at,
                   source_updated_at = EXCLUDED.source_updated_at, line_items = EXCLUDED.line_items,
                   chat_session_id = COALESCE(EXCLUDED.chat_session_id, o.chat_session_id),
                   conversation_id = CASE WHEN {raises} THEN EXCLUDED.conversation_id ELSE o.conversation_id END,
                   method = CASE WHEN {raises} THEN EXCLUDED.method ELSE o.method END,
                   confidence = CASE WHEN {raises} THEN EXCLUDED.confidence ELSE o.confidence END,
                   reasoning = CASE WHEN {raises} THEN EXCLUDED.reasoning ELSE o.reasoning END,
                   last_activity_at = CASE WHEN {raises} THEN EXCLUDED.last_activity_at ELSE o.last_activity_at END,
                   attributed_at = CASE WHEN {raises} THEN now() ELSE o.attributed_at END,
                   updated_at = now()
             WHERE o.source_updated_at <= EXCLUDED.source_updated_at
            RETURNING o.id, o.org_id, o.store_id, o.platform_order_id, o.email, o.chat_session_id, o.ordered_at, o.method,
                      o.attributed_at = now() AS attributed""".replace("{raises}", RAISES);

    /**
     * A refund counts once. A stored refund whose currency is not its order's (a buyer-currency amount that could
     * not be converted) is replaced when a later version (a reconciled order, a redelivery) has it in the order's.
     */
    private static final String INSERT_REFUNDS = """
            INSERT INTO order_refunds AS r (org_id, store_id, platform_order_id, refund_id, amount, currency, refunded_at)
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::timestamptz[])
            ON CONFLICT (store_id, refund_id) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency
             WHERE r.currency IS DISTINCT FROM EXCLUDED.currency
               AND EXCLUDED.currency = (SELECT o.currency FROM orders o
                                         WHERE o.store_id = r.store_id AND o.platform_order_id = r.platform_order_id)""";

    /**
     * For refunds delivered on their own. Refunds in the order's currency only: amounts in another currency
     * cannot be subtracted from it (the upsert applies the same rule).
     */
    private static final String RECOMPUTE_REFUNDED = """
            UPDATE orders o
               SET refunded = COALESCE((SELECT sum(r.amount) FROM order_refunds r
                                         WHERE r.store_id = o.store_id AND r.platform_order_id = o.platform_order_id
                                           AND (r.currency IS NULL OR r.currency = o.currency)), 0),
                   updated_at = now()
              FROM unnest($1::bigint[], $2::text[]) AS t(store, oid)
             WHERE o.store_id = t.store AND o.platform_order_id = t.oid
            RETURNING o.id, o.org_id, o.store_id, o.platform_order_id, o.email, o.chat_session_id, o.ordered_at""";

    /** WooCommerce trash: the delivery carries only the id, so its receipt time is its version. */
    private static final String MARK_DELETED = """
            UPDATE orders o SET deleted = true, source_updated_at = greatest(o.source_updated_at, t.received), updated_at = now()
              FROM unnest($1::bigint[], $2::text[], $3::timestamptz[]) AS t(store, oid, received)
             WHERE o.store_id = t.store AND o.platform_order_id = t.oid
            RETURNING o.id, o.org_id, o.store_id, o.platform_order_id, o.email, o.chat_session_id, o.ordered_at""";

    private OrderWrites() {
    }

    /**
     * Stores each order's state with its attribution ({@code credits} in the same order as {@code newest}, from
     * {@link #newestPerOrder}); completes with the orders whose state changed.
     */
    public static Future<List<Upserted>> upsert(SqlConnection sql, List<OrderChange> newest, List<Credit> credits) {
        if (newest.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        int n = newest.size();
        String[] org = new String[n], platform = new String[n], oid = new String[n], number = new String[n];
        String[] email = new String[n], currency = new String[n], status = new String[n], items = new String[n], chat = new String[n];
        String[] method = new String[n], reason = new String[n];
        Long[] store = new Long[n], conversation = new Long[n];
        Numeric[] total = new Numeric[n], confidence = new Numeric[n];
        Boolean[] paid = new Boolean[n], cancelled = new Boolean[n], test = new Boolean[n], deleted = new Boolean[n];
        OffsetDateTime[] at = new OffsetDateTime[n], updated = new OffsetDateTime[n], activity = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            OrderChange c = newest.get(i);
            NormalizedOrder o = c.order();
            Credit credit = credits.get(i);
            org[i] = c.orgId();
            store[i] = c.storeId();
            platform[i] = o.platform().id();
            oid[i] = o.platformOrderId();
            number[i] = o.orderNumber();
            email[i] = o.email();
            currency[i] = o.currency();
            total[i] = Numeric.create(o.total());
            status[i] = o.status();
            paid[i] = o.paid();
            cancelled[i] = o.cancelled();
            test[i] = o.test();
            deleted[i] = o.deleted();
            at[i] = utc(o.createdAt());
            updated[i] = utc(o.updatedAt());
            items[i] = lineItems(o.lineItems()).encode();
            chat[i] = o.chatSessionId();
            conversation[i] = credit.conversationId();
            method[i] = credit.method();
            confidence[i] = Numeric.create(credit.confidence());
            reason[i] = credit.reasoning();
            activity[i] = utc(credit.lastActivity());
        }
        return sql.preparedQuery(UPSERT)
                .execute(Tuple.of(org, store, platform, oid, number, email, currency, total, status, paid, cancelled, test)
                        .addValue(at).addValue(updated).addValue(items).addValue(chat).addValue(conversation).addValue(method)
                        .addValue(confidence).addValue(reason).addValue(activity).addValue(deleted))
                .map(rows -> {
                    List<Upserted> upserted = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        upserted.add(new Upserted(storedOrder(r), r.getString("method"), r.getBoolean("attributed")));
                    }
                    return upserted;
                });
    }

    public static Future<Void> insertRefunds(SqlConnection sql, List<RefundChange> changes) {
        if (changes.isEmpty()) {
            return Future.succeededFuture();
        }
        // One row per refund: ON CONFLICT DO UPDATE may not meet the same row twice in one statement.
        Map<String, RefundChange> unique = new LinkedHashMap<>();
        changes.forEach(c -> unique.put(c.storeId() + "/" + c.refund().refundId(), c));
        List<RefundChange> refunds = new ArrayList<>(unique.values());
        int n = refunds.size();
        String[] org = new String[n], oid = new String[n], id = new String[n], currency = new String[n];
        Long[] store = new Long[n];
        Numeric[] amount = new Numeric[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            RefundChange r = refunds.get(i);
            org[i] = r.orgId();
            store[i] = r.storeId();
            oid[i] = r.refund().platformOrderId();
            id[i] = r.refund().refundId();
            amount[i] = Numeric.create(r.refund().amount());
            currency[i] = r.refund().currency();
            at[i] = utc(r.refund().createdAt());
        }
        return sql.preparedQuery(INSERT_REFUNDS).execute(Tuple.of(org, store, oid, id, amount, currency, at)).mapEmpty();
    }

    /** Recomputes refunded totals of the given (store, platform order id) pairs; completes with the orders it found. */
    public static Future<List<StoredOrder>> recomputeRefunded(SqlConnection sql, Map<Long, List<String>> ordersByStore) {
        return perOrder(sql, RECOMPUTE_REFUNDED, ordersByStore, null);
    }

    /** Marks WooCommerce orders trashed; an order not stored yet has nothing to mark. */
    public static Future<List<StoredOrder>> markDeleted(SqlConnection sql, Map<Long, List<String>> ordersByStore, Instant received) {
        return perOrder(sql, MARK_DELETED, ordersByStore, received);
    }

    private static Future<List<StoredOrder>> perOrder(SqlConnection sql, String statement, Map<Long, List<String>> ordersByStore,
                                                      Instant received) {
        List<Long> stores = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        ordersByStore.forEach((store, orderIds) -> orderIds.forEach(id -> {
            stores.add(store);
            ids.add(id);
        }));
        if (ids.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Tuple args = Tuple.tuple().addValue(stores.toArray(new Long[0])).addValue(ids.toArray(new String[0]));
        if (received != null) {
            OffsetDateTime[] times = new OffsetDateTime[ids.size()];
            java.util.Arrays.fill(times, utc(received));
            args.addValue(times);
        }
        return sql.preparedQuery(statement).execute(args).map(OrderWrites::stored);
    }

    private static List<StoredOrder> stored(Iterable<Row> rows) {
        List<StoredOrder> stored = new ArrayList<>();
        rows.forEach(r -> stored.add(storedOrder(r)));
        return stored;
    }

    private static StoredOrder storedOrder(Row r) {
        return new StoredOrder(r.getLong("id"), r.getString("org_id"), r.getLong("store_id"), r.getString("platform_order_id"),
                r.getString("email"), r.getString("chat_session_id"), r.getOffsetDateTime("ordered_at").toInstant());
    }

    /** The latest state of each order in the batch (later modification time; equal times: later in the batch). */
    public static List<OrderChange> newestPerOrder(Collection<OrderChange> changes) {
        Map<String, OrderChange> newest = new LinkedHashMap<>();
        for (OrderChange change : changes) {
            String key = change.storeId() + "/" + change.order().platformOrderId();
            OrderChange current = newest.get(key);
            if (current == null || !change.order().updatedAt().isBefore(current.order().updatedAt())) {
                newest.put(key, change);
            }
        }
        List<OrderChange> sorted = new ArrayList<>(newest.values());
        sorted.sort(Comparator.comparingLong(OrderChange::storeId).thenComparing(c -> c.order().platformOrderId()));
        return sorted;
    }

    private static JsonArray lineItems(List<LineItem> items) {
        JsonArray json = new JsonArray();
        for (LineItem item : items) {
            json.add(new JsonObject()
                    .put("productId", item.productId())
                    .put("variantId", item.variantId())
                    .put("name", item.name())
                    .put("sku", item.sku())
                    .put("quantity", item.quantity())
                    .put("price", item.price() == null ? null : item.price().toPlainString())
                    .put("total", item.total() == null ? null : item.total().toPlainString()));
        }
        return json;
    }

}
