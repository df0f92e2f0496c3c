package io.orderlink.inbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import static io.orderlink.db.SqlTimes.instant;

/** The inbox as the API shows it (events and their processing state) and replay of dead letters. */
public final class InboxQueries {

    private static final String LIST = """
            SELECT id, store_id, platform, topic, dedup_key, status, attempts, error, received_at, processed_at,
                   octet_length(body) AS size
              FROM webhook_inbox
             WHERE org_id = $1 AND ($2::bigint IS NULL OR store_id = $2) AND ($3::text IS NULL OR status = $3)
               AND ($4::bigint IS NULL OR id < $4)
             ORDER BY id DESC LIMIT $5""";

    /**
     * Failed and ignored events go back to pending; the worker picks them up like new deliveries. An ignored
     * event whose body the retention dropped has nothing left to process.
     */
    private static final String REPLAY = """
            UPDATE webhook_inbox SET status = 'pending', error = NULL, processed_at = NULL
             WHERE org_id = $1 AND id = $2 AND status IN ('failed', 'ignored') AND body IS NOT NULL
            RETURNING id, store_id, platform, topic, dedup_key, status, attempts, error, received_at, processed_at,
                      octet_length(body) AS size""";

    private InboxQueries() {
    }

    public static Future<List<JsonObject>> list(SqlConnection sql, String orgId, Long storeId, String status, Long before, int limit) {
        return sql.preparedQuery(LIST).execute(Tuple.of(orgId, storeId, status, before, limit)).map(rows -> {
            List<JsonObject> events = new ArrayList<>();
            rows.forEach(row -> events.add(json(row)));
            return events;
        });
    }

    /** The event back in pending, or null when the tenant has no failed or ignored event with that id. */
    public static Future<JsonObject> replay(SqlConnection sql, String orgId, long id) {
        return sql.preparedQuery(REPLAY).execute(Tuple.of(orgId, id))
                .map(rows -> rows.size() == 0 ? null : json(rows.iterator().next()));
    }

    /** The event's status, {@code expired} when retention dropped its body, or null when there is no such event. */
    public static Future<String> status(SqlConnection sql, String orgId, long id) {
        return sql.preparedQuery("SELECT CASE WHEN body IS NULL THEN 'expired' ELSE status END FROM webhook_inbox WHERE org_id = $1 AND id = $2")
                .execute(Tuple.of(orgId, id))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    private static JsonObject json(Row r) {
        return new JsonObject()
                .put("id", r.getLong("id"))
                .put("storeId", r.getLong("store_id"))
                .put("platform", r.getString("platform"))
                .put("topic", r.getString("topic"))
                .put("dedupKey", r.getString("dedup_key"))
                .put("status", r.getString("status"))
                .put("attempts", r.getInteger("attempts"))
                .put("error", r.getString("error"))
                .put("receivedAt", instant(r.getOffsetDateTime("received_at")))
                .put("processedAt", instant(r.getOffsetDateTime("processed_at")))
                .put("bodyBytes", r.getInteger("size"));
    }

}
