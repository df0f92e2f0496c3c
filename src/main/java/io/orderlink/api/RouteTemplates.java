package io.orderlink.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * The route template a request matched ({@code /api/customers/:email}), for logs: a raw path may carry an email or
 * any other value a client put in it, a template never does.
 */
final class RouteTemplates {

    private static final String KEY = "orderlink.routeTemplates";
    /** Requests that no route with a path matches. */
    static final String UNMATCHED = "unmatched";

    private final Router router;

    RouteTemplates(Router router) {
        this.router = router;
    }

    /** Makes {@link #of} work for this request. */
    void attach(RoutingContext context) {
        context.put(KEY, this);
    }

    /** Without templates attached (a router with no access log), the route running now, if it has a path. */
    static String of(RoutingContext context) {
        RouteTemplates templates = context.get(KEY);
        if (templates != null) {
            return templates.match(context.request().method(), context.request().path());
        }
        Route current = context.currentRoute();
        return current == null || current.getPath() == null ? UNMATCHED : current.getPath();
    }

    /** The first route of exact segments and {@code :parameters} that matches, else the longest matching {@code prefix/*}. */
    String match(HttpMethod method, String path) {
        return match(router.getRoutes(), method, path);
    }

    static String match(List<Route> routes, HttpMethod method, String path) {
        String best = null;
        for (Route route : routes) {
            String template = route.getPath();
            boolean methodMatches = route.methods() == null || route.methods().isEmpty() || route.methods().contains(method);
            if (template == null || !methodMatches) {
                continue;
            }
            if (route.isExactPath() || template.contains(":")) {
                if (matchesSegments(template, path)) {
                    return template;
                }
            } else if (path != null && path.startsWith(template) && (best == null || template.length() + 1 > best.length())) {
                best = template + "*"; // vert.x keeps "/api/*" as the prefix "/api/"
            }
        }
        return best == null ? UNMATCHED : best;
    }

    private static boolean matchesSegments(String template, String path) {
        if (path == null) {
            return false;
        }
        String[] expected = template.split("/", -1);
        String[] actual = path.split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean parameter = expected[i].startsWith(":") && !actual[i].isEmpty();
            if (!parameter && !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }
}
