package io.orderlink.api;

import io.orderlink.attribution.AttributionMethod;
import io.orderlink.db.ReadReplica;

import io.orderlink.orders.OrderQueries;
import io.orderlink.orders.TimeRange;
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
    private final TimeRange times;

    OrdersRoutes(ReadReplica reads, TimeRange times) {
        this.reads = reads;
        this.times = times;
    }

    void mount(Router router) {
        router.get("/api/orders").handler(Endpoint.as(this::list, Role.VIEWER));
    }

    private Future<Endpoint.Reply> list(RoutingContext context, Tenant tenant) {
        Long storeId = Requests.storeId(context);
        int limit = Requests.limit(context, 50, 500);
        After after = Cursor.decode(Requests.query(context, "cursor"), this::after);
        Instant start = Requests.instant(context, "start", false, times);
        Instant end = Requests.instant(context, "end", true, times);
        OrderQueries.Filter filter = new OrderQueries.Filter(storeId, Requests.choice(context, "method", null, METHODS),
                Requests.decimal(context, "minConfidence", BigDecimal.ZERO, BigDecimal.ONE), start, end,
                after == null ? null : after.time(), after == null ? null : after.id());
        // One row more than asked says whether another page exists.
        return reads.read(pool -> TenantScope.run(pool, tenant, sql -> Requests.requireStore(sql, storeId)
                        .compose(v -> OrderQueries.list(sql, tenant.orgId(), filter, limit + 1))))
                .map(orders -> Endpoint.Reply.ok(page(orders, limit)));
    }

    /** The cursor's key, null unless it is what {@link #page} writes: an order time can only be in range. */
    private After after(JsonArray key) {
        Instant time = key.size() == 2 ? Instant.parse(key.getString(0)) : null;
        Long id = key.size() == 2 ? Requests.positiveLong(String.valueOf(key.getValue(1))) : null;
        return time != null && times.contains(time) && id != null ? new After(time, id) : null;
    }

    private static JsonObject page(List<JsonObject> orders, int limit) {
        boolean more = orders.size() > limit;
        List<JsonObject> items = more ? orders.subList(0, limit) : orders;
        JsonObject last = items.isEmpty() ? null : items.get(items.size() - 1);
        return new JsonObject().put("items", new JsonArray(items))
                .put("nextCursor", more ? Cursor.encode(new JsonArray().add(last.getString("orderedAt")).add(last.getLong("id"))) : null);
    }
}
