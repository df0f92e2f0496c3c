package io.orderlink.orders;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Customer lifetime value, recomputed from the customer's orders in the transaction that changed them, so it
 * always equals their sum. A transaction-scoped advisory lock per customer (taken in a fixed order) makes a
 * concurrent worker wait and then recompute from a snapshot that includes this one's orders.
 */
public final class CustomerLedger {

    /** A customer of one store. */
    public record Customer(long storeId, String email) {
    }

    private static final String LOCK = """
            SELECT pg_advisory_xact_lock(k)
              FROM (SELECT DISTINCT hashtextextended(s::text || '/' || e, 0) AS k
                      FROM unnest($1::bigint[], $2::text[]) AS t(s, e) ORDER BY k) keys""";

    private static final String RECOMPUTE = """
            WITH keys AS (SELECT DISTINCT s AS store_id, e AS email FROM unnest($1::bigint[], $2::text[]) AS t(s, e)),
            totals AS (
                SELECT o.store_id, o.email, o.currency, min(o.org_id) AS org_id, count(*) AS orders,
                       count(*) FILTER (WHERE o.counts) AS paid_orders,
                       COALESCE(sum(o.total) FILTER (WHERE o.counts), 0) AS gross,
                       COALESCE(sum(o.refunded) FILTER (WHERE o.counts), 0) AS refunds,
                       min(o.ordered_at) FILTER (WHERE o.counts) AS first_purchase_at,
                       max(o.ordered_at) FILTER (WHERE o.counts) AS last_purchase_at,
                       count(*) FILTER (WHERE o.counts AND o.method <> 'no_match') AS attributed_orders
                  FROM orders o JOIN keys k ON o.store_id = k.store_id AND o.email = k.email
                 GROUP BY o.store_id, o.email, o.currency),
            stale AS (
                DELETE FROM customers c USING keys k
                 WHERE c.store_id = k.store_id AND c.email = k.email
                   AND NOT EXISTS (SELECT 1 FROM totals t
                                    WHERE t.store_id = c.store_id AND t.email = c.email AND t.currency = c.currency))
            INSERT INTO customers AS c (store_id, email, currency, org_id, orders, paid_orders, gross, refunds, net,
                                        first_purchase_at, last_purchase_at, conversations, attributed_orders, updated_at)
            SELECT t.store_id, t.email, t.currency, t.org_id, t.orders, t.paid_orders, t.gross, t.refunds, t.gross - t.refunds,
                   t.first_purchase_at, t.last_purchase_at,
                   (SELECT count(*) FROM conversations v WHERE v.store_id = t.store_id AND v.email = t.email),
                   t.attributed_orders, now()
              FROM totals t
            ON CONFLICT (store_id, email, currency) DO UPDATE
               SET orders = EXCLUDED.orders, paid_orders = EXCLUDED.paid_orders, gross = EXCLUDED.gross,
                   refunds = EXCLUDED.refunds, net = EXCLUDED.net, first_purchase_at = EXCLUDED.first_purchase_at,
                   last_purchase_at = EXCLUDED.last_purchase_at, conversations = EXCLUDED.conversations,
                   attributed_orders = EXCLUDED.attributed_orders, updated_at = now()""";

    private CustomerLedger() {
    }

    /** Recomputes the given customers (those without an email have no lifetime value to keep). */
    public static Future<Void> recompute(SqlConnection sql, Set<Customer> customers) {
        List<Long> stores = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        for (Customer customer : customers) {
            if (customer.email() != null) {
                stores.add(customer.storeId());
                emails.add(customer.email());
            }
        }
        if (stores.isEmpty()) {
            return Future.succeededFuture();
        }
        // Tuple.tuple().addValue: Tuple.of(x, array) would pick the varargs overload and spread the array.
        Tuple keys = Tuple.tuple().addValue(stores.toArray(new Long[0])).addValue(emails.toArray(new String[0]));
        return sql.preparedQuery(LOCK).execute(keys)
                .compose(locked -> sql.preparedQuery(RECOMPUTE).execute(keys))
                .mapEmpty();
    }
}
