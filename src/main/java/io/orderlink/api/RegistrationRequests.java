package io.orderlink.api;

import io.orderlink.registration.RegistrationQueue;
import io.orderlink.registration.StoreRepository;
import io.orderlink.tenancy.Tenant;
import io.orderlink.tenancy.TenantScope;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/**
 * Asks the registration worker on a tenant's behalf, and shapes its answers for the API: over the event bus when
 * this process runs the registration role, else through the database to a registration process
 * ({@link RegistrationQueue}).
 */
final class RegistrationRequests {

    private final Vertx vertx;
    private final Pool pool;
    private final long timeoutMs;
    private final boolean local;

    RegistrationRequests(Vertx vertx, Pool pool, long timeoutMs, boolean local) {
        this.vertx = vertx;
        this.pool = pool;
        this.timeoutMs = timeoutMs;
        this.local = local;
    }

    /** The worker's outcome; its refusals become API errors (404 for another tenant's store). */
    Future<JsonObject> ask(String address, Tenant tenant, JsonObject request) {
        JsonObject body = request.copy().put("orgId", tenant.orgId());
        Future<JsonObject> reply = local
                ? vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(timeoutMs)).map(m -> m.body())
                : RegistrationQueue.request(vertx, pool, address, body, timeoutMs);
        return reply.recover(failure -> Future.failedFuture(apiError(failure)));
    }

    /** The store as {@code GET /api/stores/{id}} shows it, its topics as {@code outcome} found them when it has any. */
    Future<JsonObject> storeWith(Tenant tenant, long storeId, JsonObject outcome) {
        return TenantScope.run(pool, tenant, sql -> StoreRepository.find(sql, tenant.orgId(), storeId)).map(store -> {
            if (store == null) {
                throw ApiError.notFound("store " + storeId);
            }
            JsonObject webhooks = store.getJsonObject("webhooks");
            if (outcome.containsKey("topics")) {
                webhooks.put("topics", outcome.getJsonArray("topics"));
            }
            if (outcome.containsKey("repairs")) {
                webhooks.put("repairs", outcome.getInteger("repairs"));
            }
            if (outcome.containsKey("reconciliation")) {
                store.put("reconciliation", outcome.getJsonObject("reconciliation"));
            }
            return store;
        });
    }

    private static Throwable apiError(Throwable failure) {
        if (!(failure instanceof ReplyException reply)) {
            return failure;
        }
        return switch (reply.failureType()) {
            case TIMEOUT -> new ApiError(504, "registration_timeout",
                    "the store platform is slow to answer; the operation goes on, see GET /api/stores/{id}");
            case NO_HANDLERS -> new ApiError(503, "registration_unavailable", "the registration worker is not running");
            default -> switch (reply.failureCode()) {
                case 400 -> new ApiError(400, "invalid_request", reply.getMessage());
                case 404 -> ApiError.notFound("store");
                case 409 -> new ApiError(409, "store_unavailable", reply.getMessage());
                case 502 -> new ApiError(502, "platform_error", reply.getMessage());
                default -> new ApiError(500, "internal", "internal error");
            };
        };
    }
}
