package io.orderlink.attribution;

import io.orderlink.orders.CustomerLedger;
import io.orderlink.orders.CustomerLedger.Customer;
import io.orderlink.orders.OrderWrites.StoredOrder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import static io.orderlink.db.SqlTimes.utc;

/**
 * Recording conversations as the chat backend reports them. An upsert is idempotent and never loses history:
 * counts and times only grow, flags only turn on, and every reported activity time is kept. Orders the
 * conversation may have led to are re-attributed in the same transaction (an attribution only moves up).
 */
public final class Conversations {

    /** A validated conversation report; {@code storeId} is the caller's store. */
    public record Report(long storeId, String externalId, String email, String sessionId, Instant startedAt,
                         Instant lastMessageAt, int messageCount, boolean productInquiry, boolean priceCheck, JsonObject metadata) {

        public Report forStore(long id) {
            return new Report(id, externalId, email, sessionId, startedAt, lastMessageAt, messageCount, productInquiry,
                    priceCheck, metadata);
        }
    }

    private static final String UPSERT = """
            WITH previous AS (SELECT email FROM conversations WHERE org_id = $1 AND external_id = $2)
            INSERT INTO conversations AS c (org_id, store_id, external_id, email, session_id, started_at, last_message_at,
                                            message_count, product_inquiry, price_check, metadata)
            VALUES ($1, $3, $2, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb)
            ON CONFLICT (org_id, external_id) DO UPDATE
               SET store_id = EXCLUDED.store_id, email = COALESCE(EXCLUDED.email, c.email),
                   session_id = COALESCE(EXCLUDED.session_id, c.session_id),
                   started_at = least(c.started_at, EXCLUDED.started_at),
                   last_message_at = greatest(c.last_message_at, EXCLUDED.last_message_at),
                   message_count = greatest(c.message_count, EXCLUDED.message_count),
                   product_inquiry = c.product_inquiry OR EXCLUDED.product_inquiry,
                   price_check = c.price_check OR EXCLUDED.price_check,
                   metadata = c.metadata || EXCLUDED.metadata, updated_at = now()
            RETURNING c.*, (xmax = 0) AS created, (SELECT email FROM previous) AS previous_email""";

    /**
     * The start and the reported last message become activity points (one point when they coincide); a point
     * reported again only grows.
     */
    private static final String ACTIVITY = """
            INSERT INTO conversation_activity AS a (conversation_id, at, org_id, store_id, email, session_id,
                                                    message_count, product_inquiry, price_check)
            SELECT $1, p.at, $4, $5, $6, $7, max(p.messages), $9, $10
              FROM (VALUES ($2::timestamptz, least($8::int, 1)), ($3::timestamptz, $8::int)) AS p(at, messages)
             GROUP BY p.at
            ON CONFLICT (conversation_id, at) DO UPDATE
               SET message_count = greatest(a.message_count, EXCLUDED.message_count),
                   product_inquiry = a.product_inquiry OR EXCLUDED.product_inquiry,
                   price_check = a.price_check OR EXCLUDED.price_check""";

    private static final String SYNC_IDENTITY = """
            UPDATE conversation_activity SET email = $2, session_id = $3, store_id = $4
             WHERE conversation_id = $1
               AND (email IS DISTINCT FROM $2 OR session_id IS DISTINCT FROM $3 OR store_id <> $4)""";

    /** Orders of this customer (or carrying this chat session) that the conversation's activity could precede. */
    private static final String AFFECTED_ORDERS = """
            SELECT id, org_id, store_id, platform_order_id, email, chat_session_id, ordered_at FROM orders
             WHERE store_id = $1 AND (email = $2 OR ($3::text IS NOT NULL AND chat_session_id = $3))
               AND ordered_at >= $4 AND ordered_at <= $5::timestamptz + $6 * interval '1 second'""";

    private final Attributor attributor;
    private final PolicyCatalog policies;

    public Conversations(Attributor attributor, PolicyCatalog policies) {
        this.attributor = attributor;
        this.policies = policies;
    }

    /** Stores the report and completes with the conversation as JSON, with how many orders it re-attributed. */
    public Future<JsonObject> record(SqlConnection sql, String orgId, Report report) {
        return sql.preparedQuery(UPSERT).execute(Tuple.of(orgId, report.externalId(), report.storeId(), report.email(),
                        report.sessionId(), utc(report.startedAt()))
                        .addValue(utc(report.lastMessageAt())).addValue(report.messageCount())
                        .addValue(report.productInquiry()).addValue(report.priceCheck())
                        .addValue(report.metadata().encode()))
                .map(rows -> rows.iterator().next())
                .compose(row -> sql.preparedQuery(ACTIVITY).execute(Tuple.of(row.getLong("id"), utc(report.startedAt()),
                                        utc(report.lastMessageAt()), orgId, row.getLong("store_id"), row.getString("email"))
                                .addValue(row.getString("session_id")).addValue(report.messageCount())
                                .addValue(report.productInquiry()).addValue(report.priceCheck()))
                        .compose(v -> sql.preparedQuery(SYNC_IDENTITY).execute(Tuple.of(row.getLong("id"),
                                row.getString("email"), row.getString("session_id"), row.getLong("store_id"))))
                        .compose(v -> reattribute(sql, orgId, row))
                        .map(count -> json(row).put("reattributedOrders", count)));
    }

    private Future<Integer> reattribute(SqlConnection sql, String orgId, Row conversation) {
        long storeId = conversation.getLong("store_id");
        Set<Customer> customers = new LinkedHashSet<>();
        customers.add(new Customer(storeId, conversation.getString("email")));
        customers.add(new Customer(storeId, conversation.getString("previous_email")));
        return policies.policies(sql, Set.of(orgId))
                .compose(byOrg -> sql.preparedQuery(AFFECTED_ORDERS).execute(Tuple.of(storeId, conversation.getString("email"),
                                conversation.getString("session_id"), conversation.getOffsetDateTime("started_at"),
                                conversation.getOffsetDateTime("last_message_at"),
                                byOrg.get(orgId).settings().lookback().toSeconds())))
                .compose(rows -> {
                    List<StoredOrder> orders = new ArrayList<>();
                    for (Row r : rows) {
                        orders.add(new StoredOrder(r.getLong("id"), r.getString("org_id"), r.getLong("store_id"),
                                r.getString("platform_order_id"), r.getString("email"), r.getString("chat_session_id"),
                                r.getOffsetDateTime("ordered_at").toInstant()));
                        customers.add(new Customer(storeId, r.getString("email")));
                    }
                    return attributor.attribute(sql, orders);
                })
                .compose(applied -> CustomerLedger.recompute(sql, customers).map(applied.size()));
    }

    private static JsonObject json(Row c) {
        return new JsonObject()
                .put("id", c.getLong("id"))
                .put("externalId", c.getString("external_id"))
                .put("storeId", c.getLong("store_id"))
                .put("customerEmail", c.getString("email"))
                .put("sessionId", c.getString("session_id"))
                .put("startedAt", c.getOffsetDateTime("started_at").toInstant().toString())
                .put("lastMessageAt", c.getOffsetDateTime("last_message_at").toInstant().toString())
                .put("messageCount", c.getInteger("message_count"))
                .put("productInquiry", c.getBoolean("product_inquiry"))
                .put("priceCheck", c.getBoolean("price_check"))
                .put("metadata", c.getValue("metadata"))
                .put("created", c.getBoolean("created"));
    }

}
