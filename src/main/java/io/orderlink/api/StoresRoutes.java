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
import io.vertx.core.buffer.Buffer;
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
     * Proves ownership (unless {@code "register": false}), stores the store, then registers its webhooks. A claim the
     * platform refuses is not stored (422, or 502 when the platform could not say); a proven store is kept whatever
     * the registration then meets, so the user can retry; the answer carries the outcome per topic.
     */
    private Future<Endpoint.Reply> connect(RoutingContext context, Tenant tenant) {
        StoreConnection store = StoreConnection.parse(Requests.jsonBody(context), allowHttpStores);
        Buffer credentials = secrets.sealCredentials(store.credentials());
        return prove(tenant, store, credentials)
                .compose(v -> TenantScope.run(pool, tenant, sql -> StoreRepository.connect(sql, tenant.orgId(), store.platform().id(),
                        store.domain(), store.url(), credentials,
                        store.signingSecrets().isEmpty() ? null : secrets.sealSigningSecrets(store.signingSecrets()),
                        store.register(), store.register())))
                .compose(id -> {
                    if (id == null) {
                        return Future.failedFuture(new ApiError(409, "store_exists", "a " + store.platform().id() + " store with domain "
                                + store.domain() + " is already connected" + (store.register() ? ""
                                : "; connecting with \"register\": true proves ownership, and a proven claim takes over one that never was")));
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

    /** Nothing to prove for a store whose webhooks the merchant manages: it is stored unproven. */
    private Future<Void> prove(Tenant tenant, StoreConnection store, Buffer credentials) {
        if (!store.register()) {
            return Future.succeededFuture();
        }
        RegistrationRequest claim = RegistrationRequest.claim(tenant.orgId(), store.platform().id(), store.domain(), store.url(),
                credentials);
        return registration.ask(RegistrationOperation.PROVE, claim).<Void>mapEmpty()
                .recover(e -> Future.failedFuture(e instanceof ApiError error && error.status() == 504
                        ? new ApiError(504, "registration_timeout", "the store platform did not answer in time: "
                                + store.domain() + " was not connected; try again") : e));
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
