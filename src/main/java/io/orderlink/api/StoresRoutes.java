package io.orderlink.api;

import io.orderlink.registration.RegistrationOperation;
import io.orderlink.registration.RegistrationRequest;
import io.orderlink.stores.Platform;
import io.orderlink.registration.StoreRepository;
import io.orderlink.stores.StoreSecrets;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.orderlink.tenancy.TenantScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/** Connecting stores (webhooks registered on the way) and reading their webhook health. */
final class StoresRoutes {

    private final Pool pool;
    private final StoreSecrets secrets;
    private final boolean allowHttpStores;
    /** Why WooCommerce stores may not reach the public URL, or null (WordPressPorts). */
    private final String wooCommerceWarning;
    private final RegistrationRequests registration;

    StoresRoutes(Pool pool, StoreSecrets secrets, boolean allowHttpStores, String wooCommerceWarning,
                 RegistrationRequests registration) {
        this.wooCommerceWarning = wooCommerceWarning;
        this.pool = pool;
        this.secrets = secrets;
        this.allowHttpStores = allowHttpStores;
        this.registration = registration;
    }

    void mount(Router router) {
        router.post("/api/stores").handler(Endpoint.as(this::connect, Role.ADMIN));
        router.get("/api/stores").handler(Endpoint.as(this::list, Role.VIEWER));
        router.get("/api/stores/:id").handler(Endpoint.as(this::get, Role.VIEWER));
    }

    /**
     * Stores the store, then registers its webhooks. The store is kept whatever the platform says, so the
     * user can retry; the answer carries the outcome per topic.
     */
    private Future<Endpoint.Reply> connect(RoutingContext context, Tenant tenant) {
        StoreConnection store = StoreConnection.parse(Requests.jsonBody(context), allowHttpStores);
        return TenantScope.run(pool, tenant, sql -> StoreRepository.connect(sql, tenant.orgId(), store.platform().id(),
                        store.domain(), store.url(), secrets.sealCredentials(store.credentials()),
                        store.signingSecrets().isEmpty() ? null : secrets.sealSigningSecrets(store.signingSecrets()), store.register()))
                .compose(id -> {
                    if (id == null) {
                        return Future.failedFuture(new ApiError(409, "store_exists",
                                "a " + store.platform().id() + " store with domain " + store.domain() + " is already connected"));
                    }
                    if (!store.register()) {
                        return registration.storeWith(tenant, id, new JsonObject());
                    }
                    return registration.ask(RegistrationOperation.REGISTER, RegistrationRequest.store(tenant.orgId(), id))
                            .recover(e -> Future.succeededFuture(new JsonObject().put("message", e.getMessage())))
                            .compose(outcome -> registration.storeWith(tenant, id, outcome));
                })
                .map(json -> store.platform() == Platform.WOOCOMMERCE && wooCommerceWarning != null
                        ? json.put("warning", wooCommerceWarning) : json)
                .map(Endpoint.Reply::created);
    }

    private Future<Endpoint.Reply> list(RoutingContext context, Tenant tenant) {
        return TenantScope.run(pool, tenant, sql -> StoreRepository.list(sql, tenant.orgId()))
                // The one list envelope; every store fits one page.
                .map(stores -> Endpoint.Reply.ok(new JsonObject().put("items", new JsonArray(stores)).putNull("nextCursor")));
    }

    private Future<Endpoint.Reply> get(RoutingContext context, Tenant tenant) {
        long id = Requests.idParam(context, "id");
        return TenantScope.run(pool, tenant, sql -> StoreRepository.find(sql, tenant.orgId(), id))
                .compose(store -> store == null ? Future.failedFuture(ApiError.notFound("store " + id))
                        : Future.succeededFuture(Endpoint.Reply.ok(store)));
    }
}
