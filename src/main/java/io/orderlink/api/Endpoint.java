package io.orderlink.api;

import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One JSON API operation on behalf of a tenant. */
@FunctionalInterface
public interface Endpoint {

    Future<Reply> handle(RoutingContext context, Tenant tenant);

    /** The status and JSON body (object or array) to answer with. */
    record Reply(int status, Object body) {
        public static Reply ok(Object body) {
            return new Reply(200, body);
        }

        public static Reply created(Object body) {
            return new Reply(201, body);
        }
    }

    String TENANT = "orderlink.tenant";

    /** The endpoint behind a role check: 403 when the token's role may not act as any of {@code roles}. */
    static Handler<RoutingContext> as(Endpoint endpoint, Role... roles) {
        return context -> {
            Tenant tenant = context.get(TENANT);
            if (!tenant.mayActAs(roles)) {
                fail(context, new ApiError(403, "forbidden", "role " + tenant.role().id() + " may not do this"));
                return;
            }
            Future<Reply> reply;
            try {
                reply = endpoint.handle(context, tenant);
            } catch (RuntimeException e) {
                reply = Future.failedFuture(e);
            }
            reply.onSuccess(r -> context.response().setStatusCode(r.status())
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .end(io.vertx.core.json.Json.encodeToBuffer(r.body())))
                    .onFailure(e -> fail(context, e));
        };
    }

    /** Every failure as {@code {"error":{"code","message"}}}; unexpected ones are logged and answered 500. */
    static void fail(RoutingContext context, Throwable error) {
        if (context.response().ended()) {
            return;
        }
        int status;
        JsonObject body;
        if (error instanceof ApiError api) {
            status = api.status();
            body = api.body();
        } else {
            status = 500;
            body = ApiError.body("internal", "internal error");
            // The route template, never the path, and the error's stack without its message: a path or a message can
            // quote input such as an email, and logs carry no personal data.
            Throwable stack = new Throwable(error.getClass().getName());
            stack.setStackTrace(error.getStackTrace());
            Log.LOG.error("API request {} {} failed: {}", context.request().method(), route(context), error.getClass().getName(), stack);
        }
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
    }

    private static String route(RoutingContext context) {
        return context.currentRoute() == null || context.currentRoute().getPath() == null ? "(no route)" : context.currentRoute().getPath();
    }

    /** Holder so the interface can log without a public constant. */
    final class Log {
        private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

        private Log() {
        }
    }
}
