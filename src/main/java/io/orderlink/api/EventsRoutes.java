package io.orderlink.api;

import io.orderlink.db.ReadReplica;
import io.orderlink.inbox.InboxQueries;
import io.orderlink.inbox.ReadySignal;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.orderlink.tenancy.TenantScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.Set;

/** Inbox events with their processing state, and replay of failed or ignored ones (the dead letters). */
final class EventsRoutes {

    private static final Set<String> STATUSES = Set.of("pending", "processed", "ignored", "failed");
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final Pool pool;
    private final ReadReplica reads;

    /** Lists read through {@code reads}; a replay writes, and answers with its own write, on {@code pool}. */
    EventsRoutes(Pool pool, ReadReplica reads) {
        this.pool = pool;
        this.reads = reads;
    }

    void mount(Router router) {
        router.get("/api/events").handler(Endpoint.as(this::list, Role.VIEWER));
        router.post("/api/events/:id/replay").handler(Endpoint.as(this::replay, Role.ADMIN));
    }

    private Future<Endpoint.Reply> list(RoutingContext context, Tenant tenant) {
        Long storeId = Requests.optionalLong(context, "storeId");
        String status = context.queryParams().get("status");
        if (status != null && !STATUSES.contains(status)) {
            throw ApiError.badRequest("status", "must be one of pending, processed, ignored, failed");
        }
        Long before = Requests.optionalLong(context, "cursor");
        int limit = Requests.limit(context, DEFAULT_LIMIT, MAX_LIMIT);
        return reads.read(replica -> TenantScope.run(replica, tenant,
                        sql -> InboxQueries.list(sql, tenant.orgId(), storeId, status, before, limit)))
                .map(events -> Endpoint.Reply.ok(new JsonObject().put("items", new JsonArray(events))
                        .put("nextCursor", nextCursor(events, limit))));
    }

    private static String nextCursor(List<JsonObject> events, int limit) {
        return events.size() < limit ? null : String.valueOf(events.get(events.size() - 1).getLong("id"));
    }

    private Future<Endpoint.Reply> replay(RoutingContext context, Tenant tenant) {
        long id = Requests.idParam(context, "id");
        return TenantScope.run(pool, tenant, sql -> InboxQueries.replay(sql, tenant.orgId(), id).compose(event -> {
                    if (event != null) {
                        return Future.succeededFuture(event);
                    }
                    return InboxQueries.status(sql, tenant.orgId(), id).compose(status -> Future.failedFuture(status == null
                            ? ApiError.notFound("event " + id)
                            : new ApiError(409, "not_replayable", "event " + id + " is " + status
                                    + ": only failed or ignored events whose body is kept can be replayed")));
                }))
                .compose(event -> ReadySignal.once(pool).map(new Endpoint.Reply(202, event)));
    }
}
