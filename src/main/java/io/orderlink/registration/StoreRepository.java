package io.orderlink.registration;

import io.orderlink.inbox.Inbox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import static io.orderlink.db.SqlTimes.instant;

/** The stores table as the API sees it: always inside a tenant-scoped transaction, never secrets out. */
public final class StoreRepository {

    private static final Logger LOG = LoggerFactory.getLogger(StoreRepository.class);

    private static final String COLUMNS = """
            s.id, s.platform, s.domain, s.url, s.webhook_status, s.webhook_message, s.last_check_at,
            s.consecutive_failures, s.created_at, s.disconnected_at, s.managed_webhooks, s.proven_at IS NOT NULL AS proven,
            (SELECT coalesce(json_agg(json_build_object('topic', w.topic, 'id', w.remote_id, 'address', w.address,
                                                        'status', w.status, 'message', w.message) ORDER BY w.id), '[]')
               FROM store_webhooks w WHERE w.store_id = s.id) AS topics,
            """ + Inbox.lastDeliveryAt("s.id") + " AS last_delivery_at";

    private static final String ENSURE_ORG = "INSERT INTO organizations (id) VALUES ($1) ON CONFLICT DO NOTHING";

    /**
     * A new store, or the caller's own store with the new credentials (reconnected if it was disconnected: a
     * merchant corrects a wrong key by connecting again); a store connected elsewhere stays untouched.
     * Secrets that verify its webhooks stay until registration reseals them, so no delivery fails meanwhile.
     * Two statements rather than ON CONFLICT DO UPDATE: under row-level security that update would have to read
     * another organization's conflicting row, which the policy refuses with an error rather than a no-op.
     * Both count as the store's check ({@code last_check_at}): registration follows at once, and a health sweep
     * must not race it on a store that is not registered yet. A proven claim ($8) marks the store proven; an
     * unproven one leaves a store the organization proved before as it was (ownership does not lapse).
     */
    private static final String INSERT = """
            INSERT INTO stores (org_id, platform, domain, url, credentials, signing_secret, managed_webhooks, last_check_at,
                                proven_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, now(), CASE WHEN $8 THEN now() END)
            ON CONFLICT (platform, domain) DO NOTHING
            RETURNING id""";

    private static final String RECONNECT = """
            UPDATE stores
               SET url = $4, credentials = $5, signing_secret = coalesce($6, signing_secret), managed_webhooks = $7, disconnected_at = NULL,
                   webhook_status = 'missing', proven_at = CASE WHEN $8 THEN now() ELSE proven_at END,
                   webhook_message = NULL, consecutive_failures = 0, last_check_at = now(), updated_at = now()
             WHERE org_id = $1 AND platform = $2 AND domain = $3
            RETURNING id""";

    /** Another organization's unproven claim on the store gives way to a proven one (sql/V12). */
    private static final String RELEASE = "SELECT stores_release_unproven($1, $2) AS released";

    private StoreRepository() {
    }

    /**
     * The store's id, or null when another organization holds that platform and domain: with a proven claim
     * ({@code proven}: its platform accepted the credentials for the domain), only when that organization's claim is
     * proven too.
     */
    public static Future<Long> connect(SqlConnection sql, String orgId, String platform, String domain, String url,
                                       Buffer credentials, Buffer signingSecret, boolean managedWebhooks, boolean proven) {
        Tuple store = Tuple.of(orgId, platform, domain, url, credentials, signingSecret).addValue(managedWebhooks).addValue(proven);
        return sql.preparedQuery(ENSURE_ORG).execute(Tuple.of(orgId))
                .compose(v -> proven ? release(sql, orgId, platform, domain) : Future.succeededFuture())
                .compose(v -> sql.preparedQuery(INSERT).execute(store))
                .compose(inserted -> inserted.size() > 0 ? Future.succeededFuture(inserted)
                        : sql.preparedQuery(RECONNECT).execute(store))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
    }

    private static Future<Void> release(SqlConnection sql, String orgId, String platform, String domain) {
        return sql.preparedQuery(RELEASE).execute(Tuple.of(platform, domain)).map(rows -> {
            if (rows.iterator().next().getBoolean("released")) {
                LOG.info("{} {}: another organization's unproven claim gave way to the proven claim of {}", platform, domain, orgId);
            }
            return null;
        });
    }

    public static Future<List<JsonObject>> list(SqlConnection sql, String orgId) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM stores s WHERE s.org_id = $1 ORDER BY s.id")
                .execute(Tuple.of(orgId))
                .map(StoreRepository::toJson);
    }

    /** The store as JSON, or null when the tenant has no store with that id. */
    public static Future<JsonObject> find(SqlConnection sql, String orgId, long id) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM stores s WHERE s.org_id = $1 AND s.id = $2")
                .execute(Tuple.of(orgId, id))
                .map(rows -> rows.size() == 0 ? null : toJson(rows).get(0));
    }

    private static List<JsonObject> toJson(RowSet<Row> rows) {
        List<JsonObject> stores = new ArrayList<>(rows.size());
        for (Row r : rows) {
            stores.add(new JsonObject()
                    .put("id", r.getLong("id"))
                    .put("platform", r.getString("platform"))
                    .put("domain", r.getString("domain"))
                    .put("url", r.getString("url"))
                    .put("connected", r.getValue("disconnected_at") == null)
                    .put("proven", r.getBoolean("proven"))
                    .put("createdAt", instant(r.getOffsetDateTime("created_at")))
                    .put("webhooks", new JsonObject()
                            .put("status", r.getString("webhook_status"))
                            .put("managed", r.getBoolean("managed_webhooks"))
                            .put("message", r.getString("webhook_message"))
                            .put("lastDeliveryAt", instant(r.getOffsetDateTime("last_delivery_at")))
                            .put("lastCheckAt", instant(r.getOffsetDateTime("last_check_at")))
                            .put("consecutiveFailures", r.getInteger("consecutive_failures"))
                            .put("topics", r.getJsonArray("topics"))));
        }
        return stores;
    }

}
