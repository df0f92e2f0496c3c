package io.orderlink.registration;

import io.orderlink.stores.Platform;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a sync is followed by a reconciliation, and when a periodic check counts as late. */
class ReconcilePolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final List<WebhookRow> ONE = List.of(new WebhookRow("orders/create", "1", "https://gw/webhooks/shopify",
            "active", null, null, null));

    private static StoreAccess store(int consecutiveFailures) {
        return new StoreAccess(7, "org", Platform.SHOPIFY, "shop.myshopify.com", null, new JsonObject(),
                NOW.minusSeconds(86_400), null, NOW.minusSeconds(60), "active", consecutiveFailures, true);
    }

    private static WebhookSync.Outcome outcome(String status, int repairs) {
        return new WebhookSync.Outcome(status, null, repairs, ONE);
    }

    @Test
    void aHealthyStoreCheckedOnTimeIsNotReconciled() {
        assertFalse(ReconcilePolicy.reconcileAfter(store(0), outcome("active", 0), false));
    }

    @Test
    void aRepairIsAlwaysFollowedByAReconciliation() {
        assertTrue(ReconcilePolicy.reconcileAfter(store(0), outcome("active", 1), false));
        assertTrue(ReconcilePolicy.reconcileAfter(store(0), outcome("error", 2), false), "even if another webhook still fails");
    }

    @Test
    void aStoreHealthyAgainAfterFailuresOrAGapIsReconciled() {
        assertTrue(ReconcilePolicy.reconcileAfter(store(3), outcome("active", 0), false));
        assertTrue(ReconcilePolicy.reconcileAfter(store(0), outcome("active", 0), true));
    }

    @Test
    void aStoreStillFailingWaitsForTheNextCheck() {
        assertFalse(ReconcilePolicy.reconcileAfter(store(3), outcome("error", 0), false));
        assertFalse(ReconcilePolicy.reconcileAfter(store(0), outcome("missing", 0), true));
    }

    @Test
    void aCheckIsLateWhenTheLastOneIsMoreThanTwoIntervalsOld() {
        assertTrue(ReconcilePolicy.checkedLate(NOW.minusSeconds(601), 300, NOW));
        assertFalse(ReconcilePolicy.checkedLate(NOW.minusSeconds(600), 300, NOW));
        assertFalse(ReconcilePolicy.checkedLate(null, 300, NOW), "never checked: nothing to compare with");
        assertFalse(ReconcilePolicy.checkedLate(NOW.minusSeconds(10_000), 0, NOW), "periodic checks off");
    }
}
