package io.orderlink.registration;

import io.orderlink.config.Config;
import io.orderlink.metrics.Metrics;
import io.orderlink.registration.RegistrationFailure.Reason;
import io.orderlink.stores.Platform;
import io.orderlink.stores.StoreDomain;
import io.orderlink.stores.StoreSecrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The registration worker without its transport: each {@link RegistrationOperation} on a {@link RegistrationRequest}.
 * A store operation finds the tenant's store (another tenant's is not found), refuses a disconnected one or a plain
 * http one unless allowed, and runs exclusively on the store ({@link StoreLocks}). Failures are
 * {@link RegistrationFailure}s; anything else is an internal error.
 */
final class RegistrationService {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationService.class);

    private final boolean allowHttpStores;
    private final StoreSecrets secrets;
    private final PlatformHttp http;
    private final RegistrationStore db;
    private final WebhookSync sync;
    private final Reconciler reconciler;
    private final ReconcilePolicy policy;
    private final StoreLocks locks = new StoreLocks();
    private final Map<Platform, PlatformApi> platforms = new EnumMap<>(Platform.class);
    private final HealthSweep sweep;
    private final GapRecovery gaps;

    private interface Operation {
        Future<JsonObject> apply(PlatformApi api, StoreAccess store);
    }

    /** Talks to the platforms with {@code config}'s settings and keeps its rows through {@code pool}. */
    RegistrationService(Vertx vertx, Config config, Pool pool, StoreSecrets secrets, Metrics metrics) {
        allowHttpStores = config.allowHttpStores();
        this.secrets = secrets;
        http = new PlatformHttp(vertx, config.registration(), metrics,
                new OutboundGuard(OutboundGuard.system(vertx), config.allowHttpStores()));
        db = new RegistrationStore(pool, secrets);
        sync = new WebhookSync(db, metrics);
        reconciler = new Reconciler(db, metrics);
        policy = new ReconcilePolicy(db, reconciler);
        String publicUrl = config.webhookBaseUrl(config.ingest().port());
        platforms.put(Platform.SHOPIFY, new ShopifyApi(http, publicUrl, config.shopify()));
        platforms.put(Platform.WOOCOMMERCE, new WooCommerceApi(http, publicUrl));
        sweep = new HealthSweep(vertx, db, sync, policy, locks, platforms, config.registration().healthCheckIntervalSeconds());
        gaps = new GapRecovery(vertx, db, reconciler, locks, platforms);
    }

    /** Starts the periodic health sweeps and the recovery of refused deliveries. */
    void start() {
        sweep.schedule();
        gaps.schedule();
    }

    void close() {
        sweep.cancel();
        gaps.cancel();
        http.close();
    }

    Future<JsonObject> handle(RegistrationOperation operation, RegistrationRequest request) {
        return switch (operation) {
            case PROVE -> prove(request);
            case REGISTER -> onStore(request, false, this::register);
            case CHECK -> onStore(request, false, (api, store) -> check(api, store, request.repair()));
            case DELETE -> onStore(request, false, this::delete);
            case DISCONNECT -> onStore(request, true, this::disconnect);
            case RECONCILE -> onStore(request, false, (api, store) -> reconcile(api, store, request.since()));
            case SWEEP -> sweep.now(request.olderThanSeconds());
        };
    }

    /** Finds the tenant's store, then runs the operation on it exclusively. */
    private Future<JsonObject> onStore(RegistrationRequest request, boolean disconnectedToo, Operation operation) {
        String orgId = request.orgId();
        if (orgId == null) {
            return refused(Reason.INVALID, "orgId is required");
        }
        return storeId(request)
                .compose(id -> id == null ? Future.succeededFuture(null) : db.load(orgId, id))
                .compose(store -> {
                    if (store == null) {
                        return refused(Reason.NOT_FOUND, "store not found");
                    }
                    if (store.credentials() == null && !disconnectedToo) {
                        return refused(Reason.STORE_UNAVAILABLE, "store " + store.id() + " is disconnected");
                    }
                    if (plainHttpRefused(store)) {
                        return refused(Reason.STORE_UNAVAILABLE, plainHttp(store));
                    }
                    return locks.exclusive(store.id(), () -> operation.apply(platforms.get(store.platform()), store));
                });
    }

    private boolean plainHttpRefused(StoreAccess store) {
        return !allowHttpStores && store.url() != null && store.url().startsWith("http:");
    }

    private static String plainHttp(StoreAccess store) {
        return store + " has a plain http URL, refused unless ORDERLINK_ALLOW_HTTP_STORES=true";
    }

    /** A claim on a store not connected yet: nothing is stored, whatever the platform answers. */
    private Future<JsonObject> prove(RegistrationRequest request) {
        Platform platform = request.knownPlatform();
        String domain = StoreDomain.normalize(request.domain());
        Buffer sealed = request.sealedCredentials();
        if (request.orgId() == null || platform == null || domain == null || request.url() == null || sealed == null) {
            return refused(Reason.INVALID, "orgId, platform, domain, url and credentials are required");
        }
        return Future.succeededFuture(sealed).map(secrets::openCredentials).compose(credentials -> {
            StoreAccess claim = StoreAccess.claim(request.orgId(), platform, domain, request.url(), credentials);
            if (plainHttpRefused(claim)) {
                return refused(Reason.STORE_UNAVAILABLE, plainHttp(claim));
            }
            return ownership(platforms.get(platform), claim).map(v -> new JsonObject().put("proven", true));
        });
    }

    /**
     * Proven when the platform answers the credentials with the store's own domain; NOT_PROVEN when it refuses
     * them or names another store, PLATFORM when it could not be asked or did not answer.
     */
    private Future<Void> ownership(PlatformApi api, StoreAccess store) {
        return api.owner(store).<Void>transform(answer -> {
            if (answer.succeeded()) {
                String mismatch = Ownership.mismatch(store, answer.result());
                return mismatch == null ? Future.succeededFuture() : refused(Reason.NOT_PROVEN, mismatch);
            }
            if (!(answer.cause() instanceof PlatformException platform)) {
                return Future.failedFuture(answer.cause());
            }
            return platform.credentialsRefused() ? refused(Reason.NOT_PROVEN, Ownership.refused(store, platform.getMessage()))
                    : refused(Reason.PLATFORM, Ownership.unverified(store, platform.getMessage()));
        }).onFailure(e -> LOG.info("Ownership of {} not proven: {}", store, e.getMessage()));
    }

    private Future<Long> storeId(RegistrationRequest request) {
        if (request.storeId() != null) {
            return Future.succeededFuture(request.storeId());
        }
        String domain = StoreDomain.normalize(request.domain());
        Platform platform = request.knownPlatform();
        if (domain == null || platform == null) {
            return refused(Reason.INVALID, "storeId, or platform and domain, are required");
        }
        return db.find(request.orgId(), platform, domain);
    }

    /**
     * Webhooks are registered only with credentials proven to be the store's: a store connected unproven
     * ({@code "register": false}) is proven first, and when it cannot be, its status says why.
     */
    private Future<JsonObject> register(PlatformApi api, StoreAccess store) {
        Future<Void> proven = store.proven() ? Future.succeededFuture() : ownership(api, store)
                .compose(v -> db.proven(store))
                .recover(e -> e instanceof RegistrationFailure refusal
                        ? db.health(store, "error", refusal.getMessage(), true).compose(v -> Future.failedFuture(e))
                        : Future.failedFuture(e));
        return proven.compose(v -> sync.run(api, store, WebhookSync.Mode.REGISTER))
                .compose(outcome -> policy.afterSync(api, store, outcome, false));
    }

    private Future<JsonObject> check(PlatformApi api, StoreAccess store, boolean repair) {
        return sync.run(api, store, repair ? WebhookSync.Mode.REPAIR : WebhookSync.Mode.CHECK)
                .compose(outcome -> repair ? policy.afterSync(api, store, outcome, false) : Future.succeededFuture(outcome.toJson()));
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

    private Future<JsonObject> reconcile(PlatformApi api, StoreAccess store, String sinceText) {
        Instant since;
        try {
            since = sinceText == null ? store.lastEventAt() : Instant.parse(sinceText);
        } catch (DateTimeParseException e) {
            return refused(Reason.INVALID, "since must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
        return reconciler.reconcile(api, store, since)
                .recover(e -> Future.failedFuture(e instanceof PlatformException
                        ? new RegistrationFailure(Reason.PLATFORM, e.getMessage()) : e));
    }

    private static <T> Future<T> refused(Reason reason, String message) {
        return Future.failedFuture(new RegistrationFailure(reason, message));
    }
}
