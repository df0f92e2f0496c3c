package io.orderlink.stores;

import io.orderlink.db.SqlTimes;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WooCommerce deliveries this process refused (any 503), by store domain and earliest time, kept in memory until
 * they can be stored (the database may be what is down). WooCommerce sends a delivery once and never again
 * ({@code WC_Webhook::deliver}): each refusal is an order lost unless reconciliation fetches it back, from that
 * time (docs/architecture.md, "Data flow"). Shared by every ingest instance; bounded, since the source header
 * that names the store is not signed. {@link #flush} stores them in {@code delivery_gaps}, where the registration
 * role (in this process or another) finds them and reconciles.
 */
public final class DeliveryGaps {

    private static final int MAX_STORES = 10_000;
    /** The earliest refusal per known WooCommerce store; domains of no store are dropped. */
    private static final String RECORD = """
            INSERT INTO delivery_gaps AS g (store_id, org_id, since)
            SELECT s.id, s.org_id, t.since FROM unnest($1::text[], $2::timestamptz[]) AS t(domain, since)
              JOIN stores s ON s.platform = 'woocommerce' AND s.domain = t.domain AND s.disconnected_at IS NULL
            ON CONFLICT (store_id) DO UPDATE SET since = least(g.since, EXCLUDED.since), updated_at = now()""";

    private final Map<String, Instant> earliest = new HashMap<>();

    /** A WooCommerce delivery from {@code domain} was refused at {@code at}. */
    public synchronized void record(String domain, Instant at) {
        if (domain != null && (earliest.containsKey(domain) || earliest.size() < MAX_STORES)) {
            earliest.merge(domain, at, (a, b) -> a.isBefore(b) ? a : b);
        }
    }

    /** Everything recorded so far, forgotten here: the caller stores it or gives it back. */
    public synchronized Map<String, Instant> drain() {
        Map<String, Instant> drained = new HashMap<>(earliest);
        earliest.clear();
        return drained;
    }

    /** Gives back what could not be stored. */
    public synchronized void restore(Map<String, Instant> gaps) {
        gaps.forEach(this::record);
    }

    /** Stores what was recorded; kept in memory for the next try when the database refuses. */
    public Future<Void> flush(Pool pool) {
        Map<String, Instant> refused = drain();
        if (refused.isEmpty()) {
            return Future.succeededFuture();
        }
        List<String> domains = new ArrayList<>(refused.keySet());
        OffsetDateTime[] since = domains.stream().map(d -> SqlTimes.utc(refused.get(d))).toArray(OffsetDateTime[]::new);
        return pool.preparedQuery(RECORD).execute(Tuple.tuple().addValue(domains.toArray(new String[0])).addValue(since))
                .<Void>mapEmpty()
                .onFailure(e -> restore(refused));
    }
}
