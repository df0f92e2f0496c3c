package io.orderlink.registration;

import io.orderlink.stores.DeliveryGaps;

import io.orderlink.stores.StoreDomain;
import io.orderlink.stores.StoreSecrets;

import io.orderlink.metrics.Metrics;
import io.orderlink.config.Config;
import io.orderlink.db.Database;
import io.orderlink.stores.Platform;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The only code that talks to store platforms, behind event-bus addresses. Requests carry {@code orgId} and
 * either {@code storeId} or {@code platform} and {@code domain}; another tenant's store is not found (404).
 * Replies are JSON; failures use the HTTP-like codes 400, 404, 409 and 502. Operations on one store run one
 * at a time. A periodic sweep checks every connected store about once per interval, spread out with jitter,
 * repairs what the platforms broke and then reconciles the orders that were missed.
 */
public final class RegistrationVerticle extends VerticleBase {

    /** Register or repair every webhook: {@code {orgId, storeId}}. */
    public static final String REGISTER = "registration.register";
    /** Check live on the platform: {@code {orgId, storeId, repair?}}; with repair, as the periodic check does. */
    public static final String CHECK = "registration.check";
    /** Remove the remote webhooks: {@code {orgId, storeId}}. */
    public static final String DELETE = "registration.delete";
    /** Remove the remote webhooks, erase credentials, keep history: {@code {orgId, storeId}}. */
    public static final String DISCONNECT = "registration.disconnect";
    /** Fetch orders modified since {@code since} (ISO instant; default the last delivery): {@code {orgId, storeId, since?}}. */
    public static final String RECONCILE = "registration.reconcile";
    /** Check now every store not checked for {@code olderThanSeconds} (default the interval): {@code {olderThanSeconds?}}. */
    public static final String SWEEP = "registration.sweep";

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationVerticle.class);
    /** How often refused deliveries are stored and their stores reconciled: well within a minute of recovery. */
    private static final long GAP_CHECK_MS = 2000;
    /** Sweeps run this many times per interval; each spreads its checks over the time to the next one. */
    private static final int SWEEPS_PER_INTERVAL = 4;

    private final Config config;
    private final Database database;
    private final StoreSecrets secrets;
    private final Metrics metrics;
    private final Map<Platform, PlatformApi> platforms = new EnumMap<>(Platform.class);
    private final Map<Long, Future<?>> busy = new HashMap<>();
    private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    private Pool pool;
    private PlatformHttp http;
    private RegistrationStore db;
    private WebhookSync sync;
    private Reconciler reconciler;
    private long sweeper = -1;
    private long gapTimer = -1;
    private final DeliveryGaps gaps;

    public RegistrationVerticle(Config config, Database database, StoreSecrets secrets, Metrics metrics, DeliveryGaps gaps) {
        this.gaps = gaps;
        this.config = config;
        this.database = database;
        this.secrets = secrets;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        String portWarning = WordPressPorts.warning(config.publicUrl());
        if (portWarning != null) {
            LOG.warn(portWarning);
        }
        if (config.allowHttpStores()) {
            LOG.warn("ORDERLINK_ALLOW_HTTP_STORES is on: store credentials may travel over plain http. Local testing only.");
        }
        pool = database.pool(vertx, "registration", 2, 256);
        http = new PlatformHttp(vertx, config.registration(), metrics,
                new OutboundGuard(OutboundGuard.system(vertx), config.allowHttpStores()));
        db = new RegistrationStore(pool, secrets);
        sync = new WebhookSync(db, metrics);
        reconciler = new Reconciler(db, metrics);
        String publicUrl = config.webhookBaseUrl(config.ingest().port());
        platforms.put(Platform.SHOPIFY, new ShopifyApi(http, publicUrl, config.shopify()));
        platforms.put(Platform.WOOCOMMERCE, new WooCommerceApi(http, publicUrl));

        consume(REGISTER, message -> onStore(message, false, this::register));
        consume(CHECK, message -> onStore(message, false,
                (api, store) -> check(api, store, message.body().getBoolean("repair", false))));
        consume(DELETE, message -> onStore(message, false, this::delete));
        consume(DISCONNECT, message -> onStore(message, true, this::disconnect));
        consume(RECONCILE, message -> onStore(message, false, (api, store) -> reconcile(api, store, message.body())));
        consume(SWEEP, this::onSweep);

        int interval = config.registration().healthCheckIntervalSeconds();
        if (interval > 0) {
            long period = interval * 1000L / SWEEPS_PER_INTERVAL;
            sweeper = vertx.setPeriodic(1 + ThreadLocalRandom.current().nextLong(period), period, id -> sweep(interval, period));
        }
        gapTimer = vertx.setPeriodic(GAP_CHECK_MS, id -> recoverGaps());
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    /**
     * Stores the refused WooCommerce deliveries recorded in memory (kept there while the database is down), then
     * reconciles each store with a gap from its earliest refusal; a gap closes only when a reconciliation that
     * started after its last refusal succeeded.
     */
    private void recoverGaps() {
        Map<String, Instant> refused = gaps.drain();
        Future<Void> stored = refused.isEmpty() ? Future.succeededFuture() : db.recordGaps(refused);
        stored.onFailure(e -> gaps.restore(refused))
                .compose(v -> db.gaps())
                .onSuccess(open -> open.stream().filter(gap -> !busy.containsKey(gap.storeId())).forEach(this::recoverGap))
                .onFailure(e -> LOG.debug("Refused deliveries wait for the database: {}", e.getMessage()));
    }

    private void recoverGap(RegistrationStore.Due gap) {
        Instant started = Instant.now();
        db.load(gap.orgId(), gap.storeId())
                .compose(store -> store == null || store.credentials() == null ? Future.succeededFuture()
                        : exclusive(store.id(), () -> reconciler.reconcile(platforms.get(store.platform()), store, store.lastEventAt())
                                .compose(done -> db.closeGap(store, started))))
                .onFailure(e -> LOG.warn("Refused deliveries of store {} not recovered yet: {}", gap.storeId(), e.getMessage()));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(sweeper);
        vertx.cancelTimer(gapTimer);
        http.close();
        return pool.close();
    }

    private interface Operation {
        Future<JsonObject> apply(PlatformApi api, StoreAccess store);
    }

    private void consume(String address, io.vertx.core.Handler<Message<JsonObject>> handler) {
        consumers.add(vertx.eventBus().localConsumer(address, handler));
    }

    /** Finds the tenant's store, then runs the operation on it exclusively and replies. */
    private void onStore(Message<JsonObject> message, boolean disconnectedToo, Operation operation) {
        JsonObject request = message.body();
        String orgId = request == null ? null : request.getString("orgId");
        if (orgId == null) {
            message.fail(400, "orgId is required");
            return;
        }
        storeId(orgId, request)
                .compose(id -> id == null ? Future.succeededFuture(null) : db.load(orgId, id))
                .compose(store -> {
                    if (store == null) {
                        return Future.failedFuture(new Refusal(404, "store not found"));
                    }
                    if (store.credentials() == null && !disconnectedToo) {
                        return Future.failedFuture(new Refusal(409, "store " + store.id() + " is disconnected"));
                    }
                    if (!config.allowHttpStores() && store.url() != null && store.url().startsWith("http:")) {
                        return Future.failedFuture(new Refusal(409, "store " + store.id()
                                + " has a plain http URL, refused unless ORDERLINK_ALLOW_HTTP_STORES=true"));
                    }
                    return exclusive(store.id(), () -> operation.apply(platforms.get(store.platform()), store));
                })
                .onSuccess(message::reply)
                .onFailure(failure -> fail(message, failure));
    }

    private Future<Long> storeId(String orgId, JsonObject request) {
        if (request.getValue("storeId") instanceof Number id) {
            return Future.succeededFuture(id.longValue());
        }
        String platform = request.getString("platform");
        String domain = StoreDomain.normalize(request.getString("domain"));
        if (domain == null || !("shopify".equals(platform) || "woocommerce".equals(platform))) {
            return Future.failedFuture(new Refusal(400, "storeId, or platform and domain, are required"));
        }
        return db.find(orgId, Platform.fromId(platform), domain);
    }

    private Future<JsonObject> register(PlatformApi api, StoreAccess store) {
        return sync.run(api, store, WebhookSync.Mode.REGISTER).compose(outcome -> afterwards(api, store, outcome, false));
    }

    private Future<JsonObject> check(PlatformApi api, StoreAccess store, boolean repair) {
        return sync.run(api, store, repair ? WebhookSync.Mode.REPAIR : WebhookSync.Mode.CHECK)
                .compose(outcome -> repair ? afterwards(api, store, outcome, false) : Future.succeededFuture(outcome.toJson()));
    }

    private Future<JsonObject> delete(PlatformApi api, StoreAccess store) {
        return sync.remove(api, store).map(WebhookSync.Outcome::toJson);
    }

    /** Local erasure does not wait for the platform: webhooks it could not remove fail their signature from now on. */
    private Future<JsonObject> disconnect(PlatformApi api, StoreAccess store) {
        if (store.credentials() == null) {
            return Future.succeededFuture(new JsonObject().put("status", "missing").put("message", "disconnected"));
        }
        return sync.remove(api, store)
                .compose(outcome -> db.disconnect(store).map(v -> outcome.toJson().put("status", "missing")
                        .put("message", "error".equals(outcome.status())
                                ? "disconnected; " + outcome.message() : "disconnected")))
                .onSuccess(v -> LOG.info("Disconnected {}", store));
    }

    private Future<JsonObject> reconcile(PlatformApi api, StoreAccess store, JsonObject request) {
        Instant since;
        try {
            since = request.getString("since") == null ? store.lastEventAt() : Instant.parse(request.getString("since"));
        } catch (DateTimeParseException e) {
            return Future.failedFuture(new Refusal(400, "since must be an ISO-8601 instant such as 2026-01-31T12:00:00Z"));
        }
        return reconciler.reconcile(api, store, since)
                .recover(e -> Future.failedFuture(e instanceof PlatformException ? new Refusal(502, e.getMessage()) : e));
    }

    /**
     * After a repair, or once the store is healthy again after failed checks or a gap in checking (the gateway
     * was down), deliveries were probably missed: reconcile from the last one. A failed reconciliation counts
     * as a failed check, so the next check reconciles again.
     */
    private Future<JsonObject> afterwards(PlatformApi api, StoreAccess store, WebhookSync.Outcome outcome, boolean checkedLate) {
        boolean outage = store.consecutiveFailures() > 0 || checkedLate;
        JsonObject result = outcome.toJson();
        if (outcome.repairs() == 0 && (!outage || outcome.failing())) {
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

    private void onSweep(Message<JsonObject> message) {
        int interval = config.registration().healthCheckIntervalSeconds();
        Integer olderThan = message.body() == null ? null : message.body().getInteger("olderThanSeconds");
        int threshold = olderThan != null ? olderThan : interval;
        db.due(threshold)
                .compose(due -> Future.join(due.stream().map(store -> healthCheck(store, threshold, interval)).toList()))
                .onSuccess(all -> message.reply(new JsonObject().put("checked",
                        all.list().stream().filter(Boolean.TRUE::equals).count())))
                .onFailure(failure -> fail(message, failure));
    }

    /** Finds the stores due and spreads their checks over the time to the next sweep. */
    private void sweep(int interval, long periodMs) {
        db.due(interval).onSuccess(due -> {
            for (RegistrationStore.Due store : due) {
                vertx.setTimer(1 + ThreadLocalRandom.current().nextLong(periodMs), id -> healthCheck(store, interval, interval));
            }
        }).onFailure(e -> LOG.warn("Health sweep could not list stores: {}", e.getMessage()));
    }

    /**
     * Claims the store (one process checks it per interval), checks, repairs and reconciles if needed; true
     * when this process checked it.
     */
    private Future<Boolean> healthCheck(RegistrationStore.Due due, int olderThanSeconds, int interval) {
        return db.load(due.orgId(), due.storeId()).compose(store -> store == null || store.credentials() == null
                        ? Future.succeededFuture(false)
                        : db.claim(due, olderThanSeconds).compose(claimed -> !claimed ? Future.succeededFuture(false)
                                : exclusive(store.id(), () -> {
                                    PlatformApi api = platforms.get(store.platform());
                                    boolean late = interval > 0 && store.lastCheckAt() != null
                                            && store.lastCheckAt().isBefore(Instant.now().minusSeconds(2L * interval));
                                    return sync.run(api, store, WebhookSync.Mode.REPAIR)
                                            .compose(outcome -> afterwards(api, store, outcome, late)).map(true);
                                })))
                .recover(e -> {
                    LOG.warn("Health check of store {} failed: {}", due.storeId(), e.toString());
                    return Future.succeededFuture(false);
                });
    }

    /** Runs after whatever is already running for the store, so two operations never interleave on it. */
    private <T> Future<T> exclusive(long storeId, Supplier<Future<T>> work) {
        Future<?> before = busy.getOrDefault(storeId, Future.succeededFuture());
        Future<T> mine = before.transform(previous -> work.get());
        busy.put(storeId, mine);
        mine.onComplete(done -> busy.remove(storeId, mine));
        return mine;
    }

    private static void fail(Message<JsonObject> message, Throwable failure) {
        if (failure instanceof Refusal refusal) {
            message.fail(refusal.code, refusal.getMessage());
        } else {
            LOG.error("Registration request to {} failed", message.address(), failure);
            message.fail(500, "internal error");
        }
    }

    /** A request this worker answers with a failure code rather than an outcome. */
    private static final class Refusal extends RuntimeException {
        private final int code;

        Refusal(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
