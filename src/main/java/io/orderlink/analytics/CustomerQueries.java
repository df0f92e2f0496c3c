package io.orderlink.analytics;

import io.orderlink.orders.Money;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import static io.orderlink.db.SqlTimes.instant;

/** Customer lifetime value rows, one per (store, email, currency), maintained by the attribution worker. */
public final class CustomerQueries {

    /** The keyset position after a row, in the list's order (net, store, email, currency, all descending). */
    public record After(BigDecimal net, long storeId, String email, String currency) {
    }

    private static final String COLUMNS = """
            store_id, email, currency, orders, paid_orders, gross, refunds, net, first_purchase_at, last_purchase_at,
            is_returning, conversations, attributed_orders""";

    private static final String BY_LTV = "SELECT " + COLUMNS + """
             FROM customers
            WHERE org_id = $1 AND ($2::bigint IS NULL OR store_id = $2) AND ($3::text IS NULL OR currency = $3)
              AND ($4::numeric IS NULL OR (net, store_id, email, currency) < ($4, $5::bigint, $6::text, $7::text))
            ORDER BY net DESC, store_id DESC, email DESC, currency DESC
            LIMIT $8""";

    private static final String BY_EMAIL = "SELECT " + COLUMNS + """
             FROM customers
            WHERE org_id = $1 AND email = $2 AND ($3::bigint IS NULL OR store_id = $3)
            ORDER BY store_id, currency""";

    private CustomerQueries() {
    }

    /** One page of the list and the position after its last row, null at the end. */
    public record Page(List<JsonObject> items, After next) {
    }

    /** Customers by lifetime value (net), highest first. */
    public static Future<Page> byLifetimeValue(SqlConnection sql, String orgId, Long storeId, String currency,
                                               After after, int limit) {
        Object[] position = after == null ? new Object[4]
                : new Object[]{after.net(), after.storeId(), after.email(), after.currency()};
        // One row more than asked says whether another page exists.
        return sql.preparedQuery(BY_LTV).execute(Tuple.from(new Object[]{orgId, storeId, currency,
                        position[0], position[1], position[2], position[3], limit + 1}))
                .map(rows -> {
                    List<JsonObject> items = new ArrayList<>(limit);
                    After next = null;
                    for (Row r : rows) {
                        if (items.size() == limit) {
                            break;
                        }
                        items.add(toJson(r));
                        next = new After(r.getBigDecimal("net"), r.getLong("store_id"), r.getString("email"), r.getString("currency"));
                    }
                    return new Page(items, rows.size() > limit ? next : null);
                });
    }

    /** Every row of one (normalized) email: one per store and currency. */
    public static Future<List<JsonObject>> byEmail(SqlConnection sql, String orgId, String email, Long storeId) {
        return sql.preparedQuery(BY_EMAIL).execute(Tuple.of(orgId, email, storeId)).map(CustomerQueries::toJson);
    }

    static List<JsonObject> toJson(RowSet<Row> rows) {
        List<JsonObject> customers = new ArrayList<>(rows.size());
        for (Row r : rows) {
            customers.add(toJson(r));
        }
        return customers;
    }

    static JsonObject toJson(Row r) {
        String currency = r.getString("currency");
        return new JsonObject()
                .put("storeId", r.getLong("store_id"))
                .put("email", r.getString("email"))
                .put("currency", currency)
                .put("lifetimeValue", Money.format(r.getBigDecimal("net"), currency))
                .put("grossRevenue", Money.format(r.getBigDecimal("gross"), currency))
                .put("refunds", Money.format(r.getBigDecimal("refunds"), currency))
                .put("orders", r.getInteger("orders"))
                .put("paidOrders", r.getInteger("paid_orders"))
                .put("returning", r.getBoolean("is_returning"))
                .put("conversations", r.getInteger("conversations"))
                .put("attributedOrders", r.getInteger("attributed_orders"))
                .put("firstPurchaseAt", instant(r.getOffsetDateTime("first_purchase_at")))
                .put("lastPurchaseAt", instant(r.getOffsetDateTime("last_purchase_at")));
    }

}
