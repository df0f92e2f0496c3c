package io.orderlink.api;

import io.orderlink.orders.TimeRange;
import io.orderlink.registration.RegistrationOperation;
import io.orderlink.registration.RegistrationRequest;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.Map;

/**
 * A store's webhooks on its platform: register or repair, live check, removal, disconnection, reconciliation,
 * and the original system's {@code /api/webhooks/setup} API. The registration worker does the platform calls.
 */
final class WebhookRoutes {

    private static final Map<String, RegistrationOperation> SETUP_ACTIONS = Map.of(
            "register", RegistrationOperation.REGISTER,
            "check", RegistrationOperation.CHECK,
            "delete", RegistrationOperation.DELETE);

    private final RegistrationRequests registration;
    private final TimeRange times;

    WebhookRoutes(RegistrationRequests registration, TimeRange times) {
        this.registration = registration;
        this.times = times;
    }

    void mount(Router router) {
        router.post("/api/stores/:id/webhooks/register").handler(Endpoint.as(this::register, Role.ADMIN));
        router.get("/api/stores/:id/webhooks").handler(Endpoint.as(this::check, Role.VIEWER));
        router.delete("/api/stores/:id/webhooks").handler(Endpoint.as(this::remove, Role.ADMIN));
        router.delete("/api/stores/:id").handler(Endpoint.as(this::disconnect, Role.ADMIN));
        router.post("/api/stores/:id/reconcile").handler(Endpoint.as(this::reconcile, Role.ADMIN));
        router.post("/api/webhooks/setup").handler(Endpoint.as(this::setup, Role.ADMIN));
        router.get("/api/webhooks/setup").handler(Endpoint.as(this::setupCheck, Role.VIEWER));
    }

    private Future<Endpoint.Reply> register(RoutingContext context, Tenant tenant) {
        return onStore(context, tenant, RegistrationOperation.REGISTER);
    }

    private Future<Endpoint.Reply> check(RoutingContext context, Tenant tenant) {
        return onStore(context, tenant, RegistrationOperation.CHECK);
    }

    private Future<Endpoint.Reply> remove(RoutingContext context, Tenant tenant) {
        return onStore(context, tenant, RegistrationOperation.DELETE);
    }

    private Future<Endpoint.Reply> disconnect(RoutingContext context, Tenant tenant) {
        return onStore(context, tenant, RegistrationOperation.DISCONNECT);
    }

    /** Body (optional): {@code {"since": "<ISO instant>"}}; default since the store's last delivery. */
    private Future<Endpoint.Reply> reconcile(RoutingContext context, Tenant tenant) {
        long id = Requests.idParam(context, "id");
        JsonObject body = context.body().isEmpty() ? new JsonObject() : Requests.jsonBody(context);
        RegistrationRequest request = RegistrationRequest.store(tenant.orgId(), id);
        Instant since = Requests.instant(body, "since", times);
        if (since != null) {
            request = request.since(since.toString());
        }
        return registration.ask(RegistrationOperation.RECONCILE, request).map(Endpoint.Reply::ok);
    }

    private Future<Endpoint.Reply> onStore(RoutingContext context, Tenant tenant, RegistrationOperation operation) {
        long id = Requests.idParam(context, "id");
        return registration.ask(operation, RegistrationRequest.store(tenant.orgId(), id))
                .compose(outcome -> registration.storeWith(tenant, id, outcome))
                .map(Endpoint.Reply::ok);
    }

    /** {@code {domain, platform, action: register|check|delete}}. */
    private Future<Endpoint.Reply> setup(RoutingContext context, Tenant tenant) {
        JsonObject body = Requests.jsonBody(context);
        String action = body.getValue("action") instanceof String a ? a : null;
        if (!SETUP_ACTIONS.containsKey(action)) {
            throw ApiError.badRequest("action", "must be \"register\", \"check\" or \"delete\"");
        }
        return setupAction(tenant, action, body.getValue("platform"), body.getValue("domain"));
    }

    /** {@code ?domain=&platform=}: the check action. */
    private Future<Endpoint.Reply> setupCheck(RoutingContext context, Tenant tenant) {
        return setupAction(tenant, "check", context.queryParams().get("platform"), context.queryParams().get("domain"));
    }

    /**
     * The original API's answer: {@code success}, the action, platform and domain, the store's webhook
     * {@code status} and {@code message}, and {@code webhooks} per topic ({@code id, topic, address, status, message}).
     */
    private Future<Endpoint.Reply> setupAction(Tenant tenant, String action, Object platform, Object domain) {
        if (!("shopify".equals(platform) || "woocommerce".equals(platform))) {
            throw ApiError.badRequest("platform", "must be \"shopify\" or \"woocommerce\"");
        }
        String d = Requests.domain("domain", domain);
        RegistrationRequest request = RegistrationRequest.store(tenant.orgId(), (String) platform, d);
        return registration.ask(SETUP_ACTIONS.get(action), request).map(outcome -> {
            JsonArray webhooks = outcome.getJsonArray("topics", new JsonArray());
            String done = "delete".equals(action) ? "missing" : "active";
            boolean success = !webhooks.isEmpty()
                    && webhooks.stream().allMatch(w -> done.equals(((JsonObject) w).getString("status")));
            return Endpoint.Reply.ok(new JsonObject()
                    .put("success", success)
                    .put("action", action)
                    .put("platform", platform)
                    .put("domain", d)
                    .put("status", outcome.getString("status"))
                    .put("message", outcome.getString("message"))
                    .put("webhooks", webhooks));
        });
    }
}
