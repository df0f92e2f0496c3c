package io.orderlink.registration;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * When a webhook sync is followed by a reconciliation: after a repair, or once the store is healthy again after
 * failed checks or a gap in checking (the gateway was down), deliveries were probably missed, so orders are
 * fetched from the last one. A failed reconciliation counts as a failed check, so the next check reconciles again.
 */
final class ReconcilePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcilePolicy.class);

    private final RegistrationStore db;
    private final Reconciler reconciler;

    ReconcilePolicy(RegistrationStore db, Reconciler reconciler) {
        this.db = db;
        this.reconciler = reconciler;
    }

    /** True when deliveries were probably missed and the store can be asked for them now. */
    static boolean reconcileAfter(StoreAccess store, WebhookSync.Outcome outcome, boolean checkedLate) {
        boolean outage = store.consecutiveFailures() > 0 || checkedLate;
        return outcome.repairs() > 0 || (outage && !outcome.failing());
    }

    /** A periodic check comes late when the last one is more than two intervals old. */
    static boolean checkedLate(Instant lastCheckAt, int intervalSeconds, Instant now) {
        return intervalSeconds > 0 && lastCheckAt != null && lastCheckAt.isBefore(now.minusSeconds(2L * intervalSeconds));
    }

    /** The sync's outcome, with the reconciliation's result (or error) when {@link #reconcileAfter} says so. */
    Future<JsonObject> afterSync(PlatformApi api, StoreAccess store, WebhookSync.Outcome outcome, boolean checkedLate) {
        JsonObject result = outcome.toJson();
        if (!reconcileAfter(store, outcome, checkedLate)) {
            return Future.succeededFuture(result);
        }
        return reconciler.reconcile(api, store, store.lastEventAt())
                .map(reconciled -> result.put("reconciliation", reconciled))
                .recover(e -> {
                    String message = "reconciliation failed: " + e.getMessage();
                    LOG.warn("{} of {}", message, store);
                    return db.health(store, outcome.status(), message, true)
                            .map(v -> result.put("reconciliation", new JsonObject().put("error", e.getMessage())));
                });
    }
}
