package io.orderlink.registration;

import io.orderlink.db.SqlTimes;

import io.orderlink.stores.StoreSecrets;

import io.orderlink.stores.Platform;
import io.orderlink.inbox.Inbox;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.orderlink.tenancy.TenantScope;
import io.orderlink.inbox.ReadySignal;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The registration worker's SQL. Everything runs in the store's tenant scope except {@link #due}, which goes
 * through the narrow cross-tenant function {@code webhook_health_due}. Never held open across a platform call.
 */
final class RegistrationStore {

    /** A store due for a health check. */
    record Due(long storeId, String orgId) {
    }

    private static final String LOAD = """
            SELECT s.id, s.org_id, s.platform, s.domain, s.url, s.credentials, s.created_at, s.webhook_status,
                   s.last_check_at, s.consecutive_failures, s.proven_at IS NOT NULL AS proven,
                   LEAST(""" + Inbox.lastDeliveryAt("s.id") + """
            , (SELECT g.since FROM delivery_gaps g WHERE g.store_id = s.id)) AS last_delivery_at FROM stores s
             WHERE s.id = $1 AND s.org_id = $2""";
    private static final String GAPS = "SELECT store_id, org_id FROM delivery_gaps ORDER BY since";
    /** A reconciliation that started at $2 recovered the gap, unless a refusal was recorded since. */
    private static final String CLOSE_GAP = "DELETE FROM delivery_gaps WHERE store_id = $1 AND updated_at < $2";
    private static final String FIND = "SELECT id FROM stores WHERE org_id = $1 AND platform = $2 AND domain = $3";
    private static final String ROWS = """
            SELECT topic, remote_id, address, status, message, secret, pending_secret
              FROM store_webhooks WHERE store_id = $1 ORDER BY id""";
    /** Asking to register puts the store's webhooks in Orderlink's hands (and health checks) from now on. */
    private static final String WANT = """
            WITH managed AS (UPDATE stores SET managed_webhooks = true WHERE id = $2 AND NOT managed_webhooks)
            INSERT INTO store_webhooks (org_id, store_id, topic, address)
            SELECT $1, $2, t, $3 FROM unnest($4::text[]) AS t
            ON CONFLICT (store_id, topic) DO NOTHING""";
    private static final String SAVE = """
            UPDATE store_webhooks
               SET remote_id = $3, address = $4, status = $5, message = $6, secret = $7, pending_secret = $8,
                   checked_at = now(), updated_at = now()
             WHERE store_id = $1 AND topic = $2""";
    private static final String FORGET = "DELETE FROM store_webhooks WHERE store_id = $1 AND topic = ANY($2::text[])";
    private static final String LOCK_SIGNING = "SELECT signing_secret FROM stores WHERE id = $1 FOR UPDATE";
    private static final String ROW_SECRETS = "SELECT secret, pending_secret FROM store_webhooks WHERE store_id = $1 ORDER BY id";
    private static final String SET_SIGNING = "UPDATE stores SET signing_secret = $2, updated_at = now() WHERE id = $1";
    private static final String HEALTH = """
            UPDATE stores
               SET webhook_status = $2, webhook_message = $3, last_check_at = now(), updated_at = now(),
                   consecutive_failures = CASE WHEN $4 THEN consecutive_failures + 1 ELSE 0 END
             WHERE id = $1""";
    private static final String EVENT = """
            INSERT INTO store_webhook_events (org_id, store_id, topic, action, remote_id, detail)
            VALUES ($1, $2, $3, $4, $5, $6)""";
    /** History stays (inbox, orders, events); what could call or verify the store goes. */
    private static final String DISCONNECT = """
            UPDATE stores
               SET credentials = NULL, signing_secret = NULL, disconnected_at = now(), webhook_status = 'missing',
                   webhook_message = 'disconnected', updated_at = now()
             WHERE id = $1""";
    private static final String PROVEN = "UPDATE stores SET proven_at = now(), updated_at = now() WHERE id = $1 AND proven_at IS NULL";
    private static final String DUE = "SELECT store_id, org_id FROM webhook_health_due($1::int * interval '1 second')";
    /** Only one process checks a store per interval: the first to move last_check_at wins. */
    private static final String CLAIM = """
            UPDATE stores SET last_check_at = now()
             WHERE id = $1 AND disconnected_at IS NULL
               AND (last_check_at IS NULL OR last_check_at < now() - $2::int * interval '1 second')
            RETURNING id""";

    private final Pool pool;
    private final StoreSecrets secrets;

    RegistrationStore(Pool pool, StoreSecrets secrets) {
        this.pool = pool;
        this.secrets = secrets;
    }

    /** The store of that tenant, or null; {@code credentials} is null once disconnected. */
    Future<StoreAccess> load(String orgId, long storeId) {
        return scoped(orgId, sql -> sql.preparedQuery(LOAD).execute(Tuple.of(storeId, orgId)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            Buffer sealed = r.getBuffer("credentials");
            return new StoreAccess(r.getLong("id"), r.getString("org_id"), Platform.fromId(r.getString("platform")),
                    r.getString("domain"), r.getString("url"), sealed == null ? null : secrets.openCredentials(sealed),
                    instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("last_delivery_at")),
                    instant(r.getOffsetDateTime("last_check_at")), r.getString("webhook_status"),
                    r.getInteger("consecutive_failures"), r.getBoolean("proven"));
        }));
    }

    /** The tenant's store id for a platform and domain, or null. */
    Future<Long> find(String orgId, Platform platform, String domain) {
        return scoped(orgId, sql -> sql.preparedQuery(FIND).execute(Tuple.of(orgId, platform.id(), domain))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id")));
    }

    Future<List<WebhookRow>> rows(StoreAccess store) {
        return scoped(store.orgId(), sql -> sql.preparedQuery(ROWS).execute(Tuple.of(store.id())).map(rows -> {
            List<WebhookRow> list = new ArrayList<>();
            for (Row r : rows) {
                list.add(new WebhookRow(r.getString("topic"), r.getString("remote_id"), r.getString("address"),
                        r.getString("status"), r.getString("message"), open(r.getBuffer("secret")),
                        open(r.getBuffer("pending_secret"))));
            }
            return list;
        }));
    }

    /** Records the topics as wanted (rows with status missing); existing rows stay as they are. */
    Future<Void> want(StoreAccess store, String address, List<String> topics) {
        return scoped(store.orgId(), sql -> sql.preparedQuery(WANT)
                .execute(Tuple.of(store.orgId(), store.id(), address).addArrayOfString(topics.toArray(new String[0])))
                .mapEmpty());
    }

    /**
     * Writes the row and, in the same transaction, reseals the store's signing secrets so ingest accepts
     * exactly the secrets the rows hold (the stores trigger then tells ingest to drop its cache).
     */
    Future<WebhookRow> save(StoreAccess store, WebhookRow row) {
        Tuple values = Tuple.of(store.id(), row.topic(), row.remoteId(), row.address(), row.status(), row.message(),
                seal(row.secret()), seal(row.pendingSecret()));
        return scoped(store.orgId(), sql -> sql.preparedQuery(SAVE).execute(values)
                .compose(v -> reseal(sql, store))).map(row);
    }

    /** Drops the rows (the topics are no longer wanted) and their secrets. */
    Future<Void> forget(StoreAccess store, List<String> topics) {
        return scoped(store.orgId(), sql -> sql.preparedQuery(FORGET)
                .execute(Tuple.of(store.id()).addArrayOfString(topics.toArray(new String[0])))
                .compose(v -> reseal(sql, store)));
    }

    /** {@code failing} counts towards consecutive failures; anything else resets them. */
    Future<Void> health(StoreAccess store, String status, String message, boolean failing) {
        return scoped(store.orgId(), sql -> sql.preparedQuery(HEALTH)
                .execute(Tuple.of(store.id(), status, message, failing)).mapEmpty());
    }

    Future<Void> event(StoreAccess store, String topic, String action, String remoteId, String detail) {
        return scoped(store.orgId(), sql -> sql.preparedQuery(EVENT)
                .execute(Tuple.of(store.orgId(), store.id(), topic, action, remoteId, detail)).mapEmpty());
    }

    /** The platform accepted the store's credentials for its domain ({@link Ownership}). */
    Future<Void> proven(StoreAccess store) {
        return scoped(store.orgId(), sql -> sql.preparedQuery(PROVEN).execute(Tuple.of(store.id())).mapEmpty());
    }

    Future<Void> disconnect(StoreAccess store) {
        return scoped(store.orgId(), sql -> sql.preparedQuery(DISCONNECT).execute(Tuple.of(store.id())).mapEmpty());
    }

    Future<List<Due>> due(int olderThanSeconds) {
        return pool.preparedQuery(DUE).execute(Tuple.of(olderThanSeconds)).map(rows -> {
            List<Due> due = new ArrayList<>();
            rows.forEach(r -> due.add(new Due(r.getLong("store_id"), r.getString("org_id"))));
            return due;
        });
    }

    /** Stores with refused deliveries not yet recovered, earliest first (cross-tenant, like {@link #due}). */
    Future<List<Due>> gaps() {
        return pool.query(GAPS).execute().map(rows -> {
            List<Due> gaps = new ArrayList<>();
            rows.forEach(r -> gaps.add(new Due(r.getLong("store_id"), r.getString("org_id"))));
            return gaps;
        });
    }

    Future<Void> closeGap(StoreAccess store, Instant reconciliationStarted) {
        return scoped(store.orgId(), sql -> sql.preparedQuery(CLOSE_GAP)
                .execute(Tuple.of(store.id(), SqlTimes.utc(reconciliationStarted))).mapEmpty());
    }

    Future<Boolean> claim(Due store, int olderThanSeconds) {
        return scoped(store.orgId(), sql -> sql.preparedQuery(CLAIM).execute(Tuple.of(store.storeId(), olderThanSeconds))
                .map(rows -> rows.size() == 1));
    }

    /** Inserts the entries not already in the inbox; the number inserted. */
    Future<Integer> inbox(StoreAccess store, List<Inbox.Reconciled> entries) {
        // The NOTIFY is delivered when the rows commit, to the attribution workers of every process.
        return entries.isEmpty() ? Future.succeededFuture(0)
                : scoped(store.orgId(), sql -> Inbox.addReconciled(sql, store.orgId(), store.id(), store.platform().id(), entries)
                        .compose(inserted -> inserted == 0 ? Future.succeededFuture(0) : ReadySignal.once(sql).map(inserted)));
    }

    private Future<Void> reseal(SqlConnection sql, StoreAccess store) {
        return sql.preparedQuery(LOCK_SIGNING).execute(Tuple.of(store.id()))
                .compose(locked -> sql.preparedQuery(ROW_SECRETS).execute(Tuple.of(store.id())).compose(rows -> {
                    List<String> wanted = signingSecrets(store, rows);
                    Buffer current = locked.iterator().next().getBuffer("signing_secret");
                    if (wanted.equals(secrets.openSigningSecrets(current))) {
                        return Future.succeededFuture();
                    }
                    Buffer sealed = wanted.isEmpty() ? null : secrets.sealSigningSecrets(wanted);
                    return sql.preparedQuery(SET_SIGNING).execute(Tuple.of(store.id(), sealed)).mapEmpty();
                }));
    }

    /**
     * Exactly the secrets that can verify the store's deliveries: the ones given at connection (Shopify's client
     * secret and previous one, a WooCommerce webhook secret of the merchant's), then each row's current and
     * pending secret.
     */
    private List<String> signingSecrets(StoreAccess store, RowSet<Row> rows) {
        List<String> all = new ArrayList<>();
        for (String given : List.of("clientSecret", "previousClientSecret", "webhookSecret")) {
            addOnce(all, store.credentials().getString(given));
        }
        for (Row r : rows) {
            addOnce(all, open(r.getBuffer("secret")));
            addOnce(all, open(r.getBuffer("pending_secret")));
        }
        return all;
    }

    private static void addOnce(List<String> list, String secret) {
        if (secret != null && !list.contains(secret)) {
            list.add(secret);
        }
    }

    /** One secret sealed the way signing secrets are (a one-element array), so one key purpose covers both. */
    private Buffer seal(String secret) {
        return secret == null ? null : secrets.sealSigningSecrets(List.of(secret));
    }

    private String open(Buffer sealed) {
        return sealed == null ? null : secrets.openSigningSecrets(sealed).get(0);
    }

    private <T> Future<T> scoped(String orgId, Function<SqlConnection, Future<T>> work) {
        return TenantScope.run(pool, new Tenant(orgId, Role.SERVICE, "registration"), work);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
