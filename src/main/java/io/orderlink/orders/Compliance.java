package io.orderlink.orders;

import io.orderlink.inbox.Inbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Shopify's mandatory compliance requests. A customer's redaction replaces the email by a one-way hash
 * everywhere it is stored (so aggregates survive) and erases raw deliveries that name it; a shop's
 * redaction removes all of the shop's data; a data request is recorded with the data it concerns.
 */
public final class Compliance {

    /** JSON travels as text: a Java string bound to a jsonb parameter would be stored as a JSON string. */
    private static final String RECORD = """
            INSERT INTO compliance_requests (org_id, store_id, topic, inbox_id, request, data)
            VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb)""";

    /** What the gateway holds on one customer of one store. */
    private static final String CUSTOMER_DATA = """
            SELECT json_build_object(
              'orders', COALESCE((SELECT json_agg(json_build_object('orderId', o.platform_order_id, 'orderNumber', o.order_number,
                         'orderedAt', o.ordered_at, 'currency', o.currency, 'total', o.total::text, 'refunded', o.refunded::text,
                         'status', o.status, 'lineItems', o.line_items, 'attribution', o.method) ORDER BY o.ordered_at)
                         FROM orders o WHERE o.store_id = $1 AND (o.email = $2 OR o.platform_order_id = ANY($3))), '[]'),
              'lifetimeValue', COALESCE((SELECT json_agg(json_build_object('currency', c.currency, 'orders', c.orders,
                         'net', c.net::text)) FROM customers c WHERE c.store_id = $1 AND c.email = $2), '[]'),
              'conversations', COALESCE((SELECT json_agg(json_build_object('externalId', v.external_id, 'startedAt', v.started_at,
                         'lastMessageAt', v.last_message_at, 'messageCount', v.message_count))
                         FROM conversations v WHERE v.store_id = $1 AND v.email = $2), '[]'))::text AS data""";

    private Compliance() {
    }

    public static Future<Void> dataRequest(SqlConnection sql, String orgId, long storeId, long inboxId, ComplianceRequest request) {
        return sql.preparedQuery(CUSTOMER_DATA)
                .execute(Tuple.of(storeId, request.customerEmail(), request.orderIds().toArray(new String[0])))
                .compose(rows -> record(sql, orgId, storeId, inboxId, request, rows.iterator().next().getString("data")));
    }

    /** Completes with the customers whose lifetime value must be recomputed (the old and the hashed identity). */
    public static Future<Set<CustomerLedger.Customer>> redactCustomer(SqlConnection sql, String orgId, long storeId, long inboxId,
                                                                      ComplianceRequest request) {
        String email = request.customerEmail() == null ? "" : request.customerEmail();
        String pseudonym = pseudonym(email);
        String[] orderIds = request.orderIds().toArray(new String[0]);
        Tuple byEmail = Tuple.of(storeId, email, pseudonym);
        return sql.preparedQuery("UPDATE orders SET email = $3, updated_at = now() "
                        + "WHERE store_id = $1 AND (email = $2 OR platform_order_id = ANY($4))")
                .execute(Tuple.of(storeId, email, pseudonym, orderIds))
                .compose(v -> sql.preparedQuery("UPDATE conversations SET email = $3, metadata = '{}'::jsonb, updated_at = now() "
                        + "WHERE store_id = $1 AND email = $2").execute(byEmail))
                .compose(v -> sql.preparedQuery("UPDATE conversation_activity SET email = $3 WHERE store_id = $1 AND email = $2")
                        .execute(byEmail))
                // Raw deliveries naming the customer (their email or order ids) lose their body.
                .compose(v -> Inbox.redactBodies(sql, storeId, email, orderIds))
                .compose(v -> {
                    JsonObject redacted = new JsonObject().put("customerEmail", pseudonym).put("orderIds", new JsonArray(request.orderIds()));
                    return sql.preparedQuery(RECORD).execute(Tuple.of(orgId, storeId, request.topic(), inboxId, redacted.encode(), null));
                })
                .map(v -> Set.of(new CustomerLedger.Customer(storeId, request.customerEmail()),
                        new CustomerLedger.Customer(storeId, pseudonym)));
    }

    /** One-way, stable per email, so a redacted customer's aggregates stay together without identifying them. */
    static String pseudonym(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(email.getBytes(StandardCharsets.UTF_8));
            return "redacted:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes the shop's orders, customers, conversations and deliveries and erases its credentials; keeps this request. */
    public static Future<Void> redactShop(SqlConnection sql, String orgId, long storeId, long inboxId, ComplianceRequest request) {
        Tuple store = Tuple.of(storeId);
        return sql.preparedQuery("DELETE FROM customers WHERE store_id = $1").execute(store)
                .compose(v -> sql.preparedQuery("DELETE FROM orders WHERE store_id = $1").execute(store))
                .compose(v -> sql.preparedQuery("DELETE FROM order_refunds WHERE store_id = $1").execute(store))
                .compose(v -> sql.preparedQuery("DELETE FROM conversations WHERE store_id = $1").execute(store))
                .compose(v -> Inbox.eraseStore(sql, storeId, inboxId))
                .compose(v -> sql.preparedQuery("""
                        UPDATE stores SET credentials = NULL, signing_secret = NULL, disconnected_at = COALESCE(disconnected_at, now()),
                               updated_at = now() WHERE id = $1""").execute(store))
                .compose(v -> record(sql, orgId, storeId, inboxId, request, null));
    }

    private static Future<Void> record(SqlConnection sql, String orgId, long storeId, long inboxId, ComplianceRequest request,
                                       String data) {
        JsonObject json = new JsonObject().put("shopDomain", request.shopDomain()).put("customerEmail", request.customerEmail())
                .put("orderIds", new JsonArray(request.orderIds())).put("requestId", request.requestId());
        return sql.preparedQuery(RECORD).execute(Tuple.of(orgId, storeId, request.topic(), inboxId, json.encode(), data)).mapEmpty();
    }
}
