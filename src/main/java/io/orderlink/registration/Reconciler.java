package io.orderlink.registration;

import io.orderlink.inbox.Inbox;

import io.orderlink.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Recovers what deliveries missed (WooCommerce never retries; Shopify drops a failing subscription): orders
 * modified since a time are fetched page by page and fed through the same inbox, keyed so that a version
 * already stored, or fetched before, adds nothing. Each page is stored before the next is fetched.
 */
final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final RegistrationStore db;
    private final Metrics metrics;

    Reconciler(RegistrationStore db, Metrics metrics) {
        this.db = db;
        this.metrics = metrics;
    }

    /** {@code {since, fetched, inserted}}. */
    Future<JsonObject> reconcile(PlatformApi api, StoreAccess store, Instant since) {
        return page(api, store, since, null, new int[2]).map(counts -> {
            LOG.info("Reconciled {} since {}: {} orders fetched, {} new", store, since, counts[0], counts[1]);
            return new JsonObject().put("since", since.toString()).put("fetched", counts[0]).put("inserted", counts[1]);
        });
    }

    private Future<int[]> page(PlatformApi api, StoreAccess store, Instant since, String cursor, int[] counts) {
        return api.ordersModifiedSince(store, since, cursor)
                .compose(page -> db.inbox(store, page.orders()).compose(inserted -> {
                    counts[0] += page.orders().size();
                    counts[1] += inserted;
                    if (inserted > 0) {
                        metrics.reconciled(store.platform(), inserted);
                    }
                    return page.next() == null ? Future.succeededFuture(counts) : page(api, store, since, page.next(), counts);
                }));
    }
}
