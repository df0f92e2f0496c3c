package io.orderlink.inbox;

import io.orderlink.stores.Platform;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's side of the inbox: pending rows are claimed with {@code FOR UPDATE SKIP LOCKED} (workers in any
 * number of processes never share a row) and finished, in the caller's transaction, as processed, ignored or failed.
 */
public final class InboxClaims {

    /** A claimed inbox row. */
    public record Claimed(long id, String orgId, long storeId, Platform platform, String topic, byte[] body, Instant receivedAt) {
    }

    /** A row's end state; {@code error} only for {@code failed}, which stays replayable. */
    public record Finish(long id, String status, String error) {
    }

    private static final String CLAIM = """
            SELECT id, org_id, store_id, platform, topic, body, received_at FROM webhook_inbox
             WHERE status = 'pending' ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED""";
    private static final String CLAIM_ONE = """
            SELECT id, org_id, store_id, platform, topic, body, received_at FROM webhook_inbox
             WHERE id = $1 AND status = 'pending' FOR UPDATE SKIP LOCKED""";
    private static final String FINISH = """
            UPDATE webhook_inbox i SET status = f.status, error = f.error, attempts = i.attempts + 1,
                   processed_at = CASE WHEN f.status = 'failed' THEN NULL ELSE now() END
              FROM unnest($1::bigint[], $2::text[], $3::text[]) AS f(id, status, error)
             WHERE i.id = f.id""";

    private InboxClaims() {
    }

    /** Up to {@code limit} pending rows, oldest first, that no other transaction holds. */
    public static Future<List<Claimed>> claim(SqlConnection sql, int limit) {
        return sql.preparedQuery(CLAIM).execute(Tuple.of(limit)).map(InboxClaims::claimed);
    }

    /** The row if it is still pending and free; empty otherwise. */
    public static Future<List<Claimed>> claimOne(SqlConnection sql, long id) {
        return sql.preparedQuery(CLAIM_ONE).execute(Tuple.of(id)).map(InboxClaims::claimed);
    }

    public static Future<Void> finish(SqlConnection sql, List<Finish> finished) {
        int n = finished.size();
        Long[] ids = new Long[n];
        String[] status = new String[n], error = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = finished.get(i).id();
            status[i] = finished.get(i).status();
            error[i] = finished.get(i).error();
        }
        return sql.preparedQuery(FINISH).execute(Tuple.of(ids, status, error)).mapEmpty();
    }

    private static List<Claimed> claimed(Iterable<Row> rows) {
        List<Claimed> claimed = new ArrayList<>();
        for (Row r : rows) {
            claimed.add(new Claimed(r.getLong("id"), r.getString("org_id"), r.getLong("store_id"),
                    Platform.fromId(r.getString("platform")), r.getString("topic"), r.getBuffer("body").getBytes(),
                    r.getOffsetDateTime("received_at").toInstant()));
        }
        return claimed;
    }
}
