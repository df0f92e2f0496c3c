package io.orderlink.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboard page at {@code /}: static files from the classpath's {@code webroot/}, loaded without a token
 * (the page asks for one and sends it to {@code /api}). Mounted after the API so it never shadows a route.
 */
final class Dashboard {

    /** Only the page's own files and API: the token lives in sessionStorage, so no foreign script may run. */
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private Dashboard() {
    }

    static void mount(Router router) {
        // No long-lived caching: after an upgrade the browser fetches the new page (a few kilobytes) at once.
        router.route("/*").handler(Dashboard::headers).handler(StaticHandler.create("webroot").setCachingEnabled(false));
    }

    private static void headers(RoutingContext context) {
        context.response().headers()
                .set("Content-Security-Policy", POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer")
                .set("Cache-Control", "no-cache");
        context.next();
    }
}
