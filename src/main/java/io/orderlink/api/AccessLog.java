package io.orderlink.api;

import io.orderlink.tenancy.Tenant;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API port's access log, one line per answered request: method, route template, status, duration and the token's
 * organization, as text and as key-value fields for JSON logs. Never the raw path or the query: they may carry an
 * email or other values a client sent. The first handler of every request; it also lets error logs name the route.
 */
final class AccessLog implements Handler<RoutingContext> {

    /** Logger name, so operators can route or silence the access log on its own. */
    static final String LOGGER = "io.orderlink.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final RouteTemplates templates;
    private final boolean enabled;

    AccessLog(Router router, boolean enabled) {
        this.templates = new RouteTemplates(router);
        this.enabled = enabled;
    }

    @Override
    public void handle(RoutingContext context) {
        templates.attach(context);
        if (enabled) {
            long started = System.nanoTime();
            context.addEndHandler(done -> log(context, (System.nanoTime() - started) / 1_000_000));
        }
        context.next();
    }

    private static void log(RoutingContext context, long millis) {
        Tenant tenant = context.get(Endpoint.TENANT);
        String organization = tenant == null ? "-" : tenant.orgId();
        String method = context.request().method().name();
        String route = RouteTemplates.of(context);
        int status = context.response().getStatusCode();
        LOG.atInfo().addKeyValue("method", method).addKeyValue("route", route).addKeyValue("status", status)
                .addKeyValue("durationMs", millis).addKeyValue("organization", organization)
                .log("{} {} {} {} ms organization={}", method, route, status, millis, organization);
    }
}
