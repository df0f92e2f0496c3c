package io.orderlink.api;

import io.orderlink.registration.RegistrationClient;
import io.orderlink.registration.RegistrationFailure;
import io.orderlink.registration.RegistrationOperation;
import io.orderlink.registration.RegistrationRequest;
import io.orderlink.registration.StoreRepository;
import io.orderlink.tenancy.Tenant;
import io.orderlink.tenancy.TenantScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/** Asks the registration worker on a tenant's behalf ({@link RegistrationClient}), and shapes its answers for the API. */
final class RegistrationRequests {

    private final RegistrationClient client;
    private final Pool pool;

    RegistrationRequests(RegistrationClient client, Pool pool) {
        this.client = client;
        this.pool = pool;
    }

    /** The worker's outcome for a request of the tenant's; its refusals become API errors (404 for another tenant's store). */
    Future<JsonObject> ask(RegistrationOperation operation, RegistrationRequest request) {
        return client.send(operation, request).recover(failure -> Future.failedFuture(apiError(failure)));
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
        if (!(failure instanceof RegistrationFailure refusal)) {
            return failure;
        }
        return switch (refusal.reason()) {
            case TIMEOUT -> new ApiError(504, "registration_timeout",
                    "the store platform is slow to answer; the operation goes on, see GET /api/stores/{id}");
            case NO_WORKER -> new ApiError(503, "registration_unavailable", "the registration worker is not running");
            case INVALID -> new ApiError(400, "invalid_request", refusal.getMessage());
            case NOT_FOUND -> ApiError.notFound("store");
            case STORE_UNAVAILABLE -> new ApiError(409, "store_unavailable", refusal.getMessage());
            case NOT_PROVEN -> new ApiError(422, "ownership_not_proven", refusal.getMessage());
            case PLATFORM -> new ApiError(502, "platform_error", refusal.getMessage());
            case INTERNAL -> new ApiError(500, "internal", "internal error");
        };
    }
}
