package io.orderlink.inbox;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * What other capabilities may do to {@code webhook_inbox} besides writing deliveries ({@link InboxWriter}) and
 * claiming them ({@link InboxClaims}): wake the worker, add reconciled orders, read the backlog, erase for
 * compliance. No SQL naming the table lives outside this package (docs/architecture.md, "inbox").
 */
public final class Inbox {

    /**
     * Event-bus address where the worker wakes up (no body): each process's relay publishes here the inbox's
     * NOTIFY ({@link ReadySignal}), sent by whichever process made rows pending. The worker also polls, so a lost
     * wake-up only delays, never loses, work.
     */
    public static final String READY = "inbox.ready";

    /**
     * SQL expression for a store's latest delivery time, one step of the (store_id, id) index however many
     * deliveries the store has (V13, {@code store_last_delivery}); {@code store} names the stores alias's id column.
     */
    public static String lastDeliveryAt(String store) {
        return "store_last_delivery(" + store + ")";
    }

    /** An order fetched by reconciliation, keyed like the delivery that would have brought it. */
    public record Reconciled(String topic, String dedupKey, Buffer body) {
    }

    /**
     * The pending backlog: how many rows (counted up to {@link #PENDING_COUNT_CAP}), the age of the oldest in seconds
     * (0 when empty); and the dead letters.
     */
    public record Backlog(long pending, long oldestSeconds, long failed) {
    }

    private static final String RECONCILED = """
            INSERT INTO webhook_inbox (org_id, store_id, platform, topic, dedup_key, body, headers, status)
            VALUES ($1, $2, $3, $4, $5, $6, '{"source":"reconciliation"}'::jsonb, 'pending')
            ON CONFLICT (store_id, dedup_key) DO NOTHING""";
    /** The pending count stops here (see {@link #BACKLOG}). */
    public static final int PENDING_COUNT_CAP = 1_000;
    /**
     * Read every few seconds by each process's metrics: its cost must not grow with the backlog. Counting every
     * pending row did (1.2 s a scrape with 600,000 pending, during the burst that made them, when ingest needs the
     * cores most), and even 10,000 rows cost up to a second under that load: pending rows are the newest, so
     * each one counted is a heap visit. The count stops at {@link #PENDING_COUNT_CAP}; the age of the oldest
     * pending row, read from the pending index (ids follow arrival), says how far behind the worker is.
     */
    private static final String BACKLOG = """
            SELECT (SELECT count(*) FROM (SELECT 1 FROM webhook_inbox WHERE status = 'pending' ORDER BY id LIMIT %d) capped) AS pending,
                   COALESCE((SELECT extract(epoch FROM now() - received_at)::bigint FROM webhook_inbox
                              WHERE status = 'pending' ORDER BY id LIMIT 1), 0) AS oldest,
                   (SELECT count(*) FROM webhook_inbox WHERE status = 'failed') AS failed""".formatted(PENDING_COUNT_CAP);
    private static final String REDACT_BODIES = """
            UPDATE webhook_inbox SET body = convert_to('{"redacted":true}', 'UTF8')
             WHERE store_id = $1 AND ($2 <> '' AND strpos(lower(encode(body, 'escape')), $2) > 0
                   OR EXISTS (SELECT 1 FROM unnest($3::text[]) id WHERE strpos(encode(body, 'escape'), id) > 0))""";
    private static final String ERASE_STORE = "DELETE FROM webhook_inbox WHERE store_id = $1 AND id <> $2";

    private Inbox() {
    }

    /** Inserts the entries whose key the store's inbox does not hold yet, as pending; the number inserted. */
    public static Future<Integer> addReconciled(SqlClient sql, String orgId, long storeId, String platform, List<Reconciled> entries) {
        if (entries.isEmpty()) {
            return Future.succeededFuture(0);
        }
        List<Tuple> batch = new ArrayList<>(entries.size());
        for (Reconciled e : entries) {
            batch.add(Tuple.of(orgId, storeId, platform, e.topic(), e.dedupKey(), e.body()));
        }
        return sql.preparedQuery(RECONCILED).executeBatch(batch).map(rows -> {
            int inserted = 0;
            for (var r = rows; r != null; r = r.next()) {
                inserted += r.rowCount();
            }
            return inserted;
        });
    }

    public static Future<Backlog> backlog(SqlClient sql) {
        return sql.query(BACKLOG).execute().map(rows -> {
            Row row = rows.iterator().next();
            return new Backlog(row.getLong("pending"), row.getLong("oldest"), row.getLong("failed"));
        });
    }

    /** Raw deliveries of the store naming the customer ({@code email} or one of {@code orderIds}) lose their body. */
    public static Future<Void> redactBodies(SqlClient sql, long storeId, String email, String[] orderIds) {
        return sql.preparedQuery(REDACT_BODIES).execute(Tuple.of(storeId, email, orderIds)).mapEmpty();
    }

    /** Every delivery of the store except {@code keptId} (the shop redaction request itself) is deleted. */
    public static Future<Void> eraseStore(SqlClient sql, long storeId, long keptId) {
        return sql.preparedQuery(ERASE_STORE).execute(Tuple.of(storeId, keptId)).mapEmpty();
    }
}
