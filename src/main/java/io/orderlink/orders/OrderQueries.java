package io.orderlink.orders;

import io.orderlink.orders.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import static io.orderlink.db.SqlTimes.utc;
import static io.orderlink.db.SqlTimes.instant;

/** Orders with their attribution, as the API lists them: newest first, keyset-paginated on (ordered_at, id). */
public final class OrderQueries {

    /** Optional filters; null means no filter. {@code after} is the (ordered_at, id) of the last row already sent. */
    public record Filter(Long storeId, String method, BigDecimal minConfidence, Instant start, Instant end,
                         Instant afterTime, Long afterId) {
    }

    // org_id is repeated although row-level security enforces it: it is what the (org_id, ordered_at) index serves.
    private static final String LIST = """
            SELECT o.id, o.store_id, o.platform, o.platform_order_id, o.order_number, o.email, o.currency, o.total,
                   o.refunded, o.status, o.paid, o.cancelled, o.test, o.deleted, o.counts, o.ordered_at, o.method,
                   o.confidence, o.reasoning, o.last_activity_at, o.attributed_at, o.line_items, c.external_id
              FROM orders o LEFT JOIN conversations c ON c.id = o.conversation_id
             WHERE o.org_id = $1
               AND ($2::bigint IS NULL OR o.store_id = $2)
               AND ($3::text IS NULL OR o.method = $3)
               AND ($4::numeric IS NULL OR o.confidence >= $4)
               AND ($5::timestamptz IS NULL OR o.ordered_at >= $5)
               AND ($6::timestamptz IS NULL OR o.ordered_at < $6)
               AND ($7::timestamptz IS NULL OR (o.ordered_at, o.id) < ($7, $8::bigint))
             ORDER BY o.ordered_at DESC, o.id DESC
             LIMIT $9""";

    private OrderQueries() {
    }

    /** Up to {@code limit} orders after the filter's cursor position. */
    public static Future<List<JsonObject>> list(SqlConnection sql, String orgId, Filter filter, int limit) {
        return sql.preparedQuery(LIST).execute(Tuple.from(new Object[]{orgId, filter.storeId(), filter.method(),
                        filter.minConfidence(), utc(filter.start()), utc(filter.end()), utc(filter.afterTime()),
                        filter.afterId(), limit}))
                .map(OrderQueries::toJson);
    }

    private static List<JsonObject> toJson(RowSet<Row> rows) {
        List<JsonObject> orders = new ArrayList<>(rows.size());
        for (Row r : rows) {
            String currency = r.getString("currency");
            BigDecimal total = r.getBigDecimal("total");
            BigDecimal refunded = r.getBigDecimal("refunded");
            String method = r.getString("method");
            orders.add(new JsonObject()
                    .put("id", r.getLong("id"))
                    .put("storeId", r.getLong("store_id"))
                    .put("platform", r.getString("platform"))
                    .put("orderId", r.getString("platform_order_id"))
                    .put("orderNumber", r.getString("order_number"))
                    .put("email", r.getString("email"))
                    .put("currency", currency)
                    .put("total", Money.format(total, currency))
                    .put("refunded", Money.format(refunded, currency))
                    .put("net", Money.format(total.subtract(refunded), currency))
                    .put("status", r.getString("status"))
                    .put("paid", r.getBoolean("paid"))
                    .put("cancelled", r.getBoolean("cancelled"))
                    .put("test", r.getBoolean("test"))
                    .put("deleted", r.getBoolean("deleted"))
                    .put("countsAsRevenue", r.getBoolean("counts"))
                    .put("orderedAt", instant(r.getOffsetDateTime("ordered_at")))
                    .put("lineItems", r.getValue("line_items") instanceof JsonArray items ? items : new JsonArray())
                    .put("attribution", new JsonObject()
                            .put("method", method)
                            .put("attributed", !"no_match".equals(method))
                            .put("confidence", r.getBigDecimal("confidence").setScale(2).toPlainString())
                            .put("conversationId", r.getString("external_id"))
                            .put("reasoning", r.getString("reasoning"))
                            .put("lastActivityAt", instant(r.getOffsetDateTime("last_activity_at")))
                            .put("attributedAt", instant(r.getOffsetDateTime("attributed_at")))));
        }
        return orders;
    }


}
