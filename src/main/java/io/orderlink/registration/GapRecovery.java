package io.orderlink.registration;

import io.orderlink.stores.Platform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;

/**
 * Recovers the WooCommerce deliveries ingest refused (any 503): WooCommerce never sends them again, so each store in
 * {@code delivery_gaps} (written by the ingest role of any process) is reconciled from its earliest refusal. A gap
 * closes only when a reconciliation that started after its last refusal succeeded (docs/architecture.md, "Data flow").
 */
final class GapRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(GapRecovery.class);
    /** How often the gaps are looked at: well within a minute of the database coming back. */
    private static final long CHECK_MS = 2000;

    private final Vertx vertx;
    private final RegistrationStore db;
    private final Reconciler reconciler;
    private final StoreLocks locks;
    private final Map<Platform, PlatformApi> platforms;
    private long timer = -1;

    GapRecovery(Vertx vertx, RegistrationStore db, Reconciler reconciler, StoreLocks locks, Map<Platform, PlatformApi> platforms) {
        this.vertx = vertx;
        this.db = db;
        this.reconciler = reconciler;
        this.locks = locks;
        this.platforms = platforms;
    }

    void schedule() {
        timer = vertx.setPeriodic(CHECK_MS, id -> recoverAll());
    }

    void cancel() {
        vertx.cancelTimer(timer);
    }

    private void recoverAll() {
        db.gaps()
                .onSuccess(open -> open.stream().filter(gap -> !locks.busy(gap.storeId())).forEach(this::recover))
                .onFailure(e -> LOG.debug("Refused deliveries wait for the database: {}", e.getMessage()));
    }

    private void recover(RegistrationStore.Due gap) {
        Instant started = Instant.now();
        db.load(gap.orgId(), gap.storeId())
                .compose(store -> store == null || store.credentials() == null ? Future.succeededFuture()
                        : locks.exclusive(store.id(), () -> reconciler.reconcile(platforms.get(store.platform()), store, store.lastEventAt())
                                .compose(done -> db.closeGap(store, started))))
                .onFailure(e -> LOG.warn("Refused deliveries of store {} not recovered yet: {}", gap.storeId(), e.getMessage()));
    }
}
