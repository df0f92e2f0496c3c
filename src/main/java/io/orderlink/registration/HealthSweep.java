package io.orderlink.registration;

import io.orderlink.stores.Platform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The periodic health check: every connected store about once per interval, spread out with jitter, each claimed
 * by row so one process checks it (docs/architecture.md, "Contracts"); the check repairs what the platform broke,
 * then reconciles if {@link ReconcilePolicy} says so.
 */
final class HealthSweep {

    private static final Logger LOG = LoggerFactory.getLogger(HealthSweep.class);
    /** Sweeps run this many times per interval; each spreads its checks over the time to the next one. */
    private static final int SWEEPS_PER_INTERVAL = 4;

    private final Vertx vertx;
    private final RegistrationStore db;
    private final WebhookSync sync;
    private final ReconcilePolicy policy;
    private final StoreLocks locks;
    private final Map<Platform, PlatformApi> platforms;
    private final int interval;
    private long sweeper = -1;

    HealthSweep(Vertx vertx, RegistrationStore db, WebhookSync sync, ReconcilePolicy policy, StoreLocks locks,
                Map<Platform, PlatformApi> platforms, int intervalSeconds) {
        this.vertx = vertx;
        this.db = db;
        this.sync = sync;
        this.policy = policy;
        this.locks = locks;
        this.platforms = platforms;
        this.interval = intervalSeconds;
    }

    /** Starts the periodic sweeps, at a random offset so processes started together do not sweep together. */
    void schedule() {
        if (interval > 0) {
            long period = interval * 1000L / SWEEPS_PER_INTERVAL;
            sweeper = vertx.setPeriodic(1 + ThreadLocalRandom.current().nextLong(period), period, id -> sweep(period));
        }
    }

    void cancel() {
        vertx.cancelTimer(sweeper);
    }

    /** Checks now every store not checked for {@code olderThanSeconds} (null: the interval); {@code {checked}}. */
    Future<JsonObject> now(Integer olderThanSeconds) {
        int threshold = olderThanSeconds != null ? olderThanSeconds : interval;
        return db.due(threshold)
                .compose(due -> Future.join(due.stream().map(store -> healthCheck(store, threshold)).toList()))
                .map(all -> new JsonObject().put("checked", all.list().stream().filter(Boolean.TRUE::equals).count()));
    }

    /** Finds the stores due and spreads their checks over the time to the next sweep. */
    private void sweep(long periodMs) {
        db.due(interval).onSuccess(due -> {
            for (RegistrationStore.Due store : due) {
                vertx.setTimer(1 + ThreadLocalRandom.current().nextLong(periodMs), id -> healthCheck(store, interval));
            }
        }).onFailure(e -> LOG.warn("Health sweep could not list stores: {}", e.getMessage()));
    }

    /**
     * Claims the store (one process checks it per interval), checks, repairs and reconciles if needed; true
     * when this process checked it.
     */
    private Future<Boolean> healthCheck(RegistrationStore.Due due, int olderThanSeconds) {
        return db.load(due.orgId(), due.storeId()).compose(store -> store == null || store.credentials() == null
                        ? Future.succeededFuture(false)
                        : db.claim(due, olderThanSeconds).compose(claimed -> !claimed ? Future.succeededFuture(false)
                                : locks.exclusive(store.id(), () -> {
                                    PlatformApi api = platforms.get(store.platform());
                                    boolean late = ReconcilePolicy.checkedLate(store.lastCheckAt(), interval, Instant.now());
                                    return sync.run(api, store, WebhookSync.Mode.REPAIR)
                                            .compose(outcome -> policy.afterSync(api, store, outcome, late)).map(true);
                                })))
                .recover(e -> {
                    LOG.warn("Health check of store {} failed: {}", due.storeId(), e.toString());
                    return Future.succeededFuture(false);
                });
    }
}
