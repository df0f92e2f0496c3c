package io.orderlink.api;

import io.orderlink.attribution.AttributionSettings;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.orderlink.tenancy.TenantScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * The organization's attribution policy (docs/architecture.md, "Attribution policy"): every window and number, defaults where the
 * organization set none. A change applies to attributions made from then on; stored ones only ever rise.
 */
final class SettingsRoutes {

    private static final String READ = "SELECT attribution_settings::text AS settings FROM organizations WHERE id = $1";
    private static final String WRITE = """
            INSERT INTO organizations (id, attribution_settings) VALUES ($1, $2::text::jsonb)
            ON CONFLICT (id) DO UPDATE SET attribution_settings = EXCLUDED.attribution_settings""";

    private final Pool pool;

    SettingsRoutes(Pool pool) {
        this.pool = pool;
    }

    void mount(Router router) {
        router.get("/api/settings/attribution").handler(Endpoint.as(this::read, Role.VIEWER));
        router.put("/api/settings/attribution").handler(Endpoint.as(this::write, Role.ADMIN));
    }

    private Future<Endpoint.Reply> read(RoutingContext context, Tenant tenant) {
        return TenantScope.run(pool, tenant, sql -> sql.preparedQuery(READ).execute(Tuple.of(tenant.orgId())))
                .map(rows -> Endpoint.Reply.ok(new JsonObject(AttributionSettings.fromJson(
                        rows.size() == 0 ? null : rows.iterator().next().getString("settings")).toJson())));
    }

    /** The body overrides any subset of the defaults; the whole resulting policy is stored and returned. */
    private Future<Endpoint.Reply> write(RoutingContext context, Tenant tenant) {
        JsonObject body = Requests.jsonBody(context);
        AttributionSettings settings;
        try {
            settings = AttributionSettings.fromJson(body.encode());
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "invalid_setting", e.getMessage());
        }
        String json = settings.toJson();
        return TenantScope.run(pool, tenant, sql -> sql.preparedQuery(WRITE).execute(Tuple.of(tenant.orgId(), json)))
                .map(done -> Endpoint.Reply.ok(new JsonObject(json)));
    }
}
