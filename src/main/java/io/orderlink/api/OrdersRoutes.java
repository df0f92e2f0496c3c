package io.orderlink.api;

import io.orderlink.attribution.AttributionMethod;
import io.orderlink.db.ReadReplica;

import io.orderlink.orders.OrderQueries;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.orderlink.tenancy.TenantScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/orders}: orders with their attribution, newest first. */
final class OrdersRoutes {

    /** The cursor: the last row's order time and id. */
    private record After(Instant time, long id) {
    }

    static final List<String> METHODS = AttributionMethod.ids();

    private final ReadReplica reads;

    OrdersRoutes(ReadReplica reads) {
        this.reads = reads;
    }

    void mount(Router router) {
        router.get("/api/orders").handler(Endpoint.as(this::list, Role.VIEWER));
    }

    private Future<Endpoint.Reply> list(RoutingContext context, Tenant tenant) {
        Long storeId = Requests.storeId(context);
        int limit = Requests.limit(context, 50, 500);
        After after = Cursor.decode(Requests.query(context, "cursor"),
                key -> key.size() == 2 ? new After(Instant.parse(key.getString(0)), key.getLong(1)) : null);
        Instant start = Requests.instant(context, "start", false);
        Instant end = Requests.instant(context, "end", true);
        OrderQueries.Filter filter = new OrderQueries.Filter(storeId, Requests.choice(context, "method", null, METHODS),
                Requests.decimal(context, "minConfidence", BigDecimal.ZERO, BigDecimal.ONE), start, end,
                after == null ? null : after.time(), after == null ? null : after.id());
        // One row more than asked says whether another page exists.
        return reads.read(pool -> TenantScope.run(pool, tenant, sql -> Requests.requireStore(sql, storeId)
                        .compose(v -> OrderQueries.list(sql, tenant.orgId(), filter, limit + 1))))
                .map(orders -> Endpoint.Reply.ok(page(orders, limit)));
    }

    private static JsonObject page(List<JsonObject> orders, int limit) {
        boolean more = orders.size() > limit;
        List<JsonObject> items = more ? orders.subList(0, limit) : orders;
        JsonObject last = items.isEmpty() ? null : items.get(items.size() - 1);
        return new JsonObject().put("items", new JsonArray(items))
                .put("nextCursor", more ? Cursor.encode(new JsonArray().add(last.getString("orderedAt")).add(last.getLong("id"))) : null);
    }
}
