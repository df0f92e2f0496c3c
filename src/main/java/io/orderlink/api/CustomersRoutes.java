package io.orderlink.api;

import io.orderlink.db.ReadReplica;
import io.orderlink.analytics.CustomerQueries;
import io.orderlink.orders.Emails;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.orderlink.tenancy.TenantScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.util.List;

/** Customer lifetime value: the list by value, and one customer's rows by email. */
final class CustomersRoutes {

    private final ReadReplica reads;

    CustomersRoutes(ReadReplica reads) {
        this.reads = reads;
    }

    void mount(Router router) {
        router.get("/api/customers").handler(Endpoint.as(this::list, Role.VIEWER));
        router.get("/api/customers/:email").handler(Endpoint.as(this::get, Role.VIEWER));
    }

    private Future<Endpoint.Reply> list(RoutingContext context, Tenant tenant) {
        Requests.choice(context, "sort", "ltv", List.of("ltv"));
        Long storeId = Requests.storeId(context);
        String currency = Requests.query(context, "currency");
        int limit = Requests.limit(context, 50, 500);
        CustomerQueries.After after = Cursor.decode(Requests.query(context, "cursor"), key -> key.size() == 4
                ? new CustomerQueries.After(new BigDecimal(key.getString(0)), key.getLong(1), key.getString(2), key.getString(3))
                : null);
        return reads.read(pool -> TenantScope.run(pool, tenant, sql -> Requests.requireStore(sql, storeId)
                        .compose(v -> CustomerQueries.byLifetimeValue(sql, tenant.orgId(), storeId, currency, after, limit))))
                .map(page -> Endpoint.Reply.ok(new JsonObject().put("items", new JsonArray(page.items()))
                        .put("nextCursor", page.next() == null ? null : Cursor.encode(new JsonArray()
                                // The exact net, not the rounded display value, so no row is skipped or repeated.
                                .add(page.next().net().toPlainString()).add(page.next().storeId())
                                .add(page.next().email()).add(page.next().currency())))));
    }

    private Future<Endpoint.Reply> get(RoutingContext context, Tenant tenant) {
        String email = Emails.normalize(context.pathParam("email"));
        Long storeId = Requests.storeId(context);
        return reads.read(pool -> TenantScope.run(pool, tenant, sql -> Requests.requireStore(sql, storeId)
                        .compose(v -> CustomerQueries.byEmail(sql, tenant.orgId(), email, storeId))))
                .compose(rows -> rows.isEmpty() ? Future.failedFuture(ApiError.notFound("customer"))
                        : Future.succeededFuture(Endpoint.Reply.ok(new JsonObject().put("email", email).put("items", new JsonArray(rows)))));
    }
}
