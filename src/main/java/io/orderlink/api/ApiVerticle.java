package io.orderlink.api;

import io.orderlink.registration.RegistrationClient;
import io.orderlink.config.Config;
import io.orderlink.attribution.Attributor;
import io.orderlink.attribution.Conversations;
import io.orderlink.attribution.PolicyCatalog;
import io.orderlink.db.Database;
import io.orderlink.db.ReadReplica;
import io.orderlink.http.HttpEdge;
import io.orderlink.orders.TimeRange;
import io.orderlink.stores.StoreSecrets;
import io.orderlink.registration.WordPressPorts;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.sqlclient.Pool;

import java.util.regex.Pattern;

/** The JSON API under {@code /api}: every request authenticated by JWT and run in its tenant's scope. */
public final class ApiVerticle extends VerticleBase {

    /** RFC 6750 credentials: the scheme, one space or more, then a compact JWS (three base64url parts). */
    private static final Pattern BEARER = Pattern.compile("(?i:bearer) +[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    /** The OpenAPI document, served as written (classpath resource, read once at start). */
    static final String OPENAPI = "openapi.yaml";

    private final Config config;
    private final Database database;
    private final JWTAuth auth;
    private final StoreSecrets secrets;
    private final Runnable replicaFallback;
    private Pool pool;
    private ReadReplica reads;
    private Router router;
    private HttpServer server;

    /** {@code replicaFallback} counts the reads the primary served because the read replica was unreachable. */
    public ApiVerticle(Config config, Database database, JWTAuth auth, StoreSecrets secrets, Runnable replicaFallback) {
        this.config = config;
        this.database = database;
        this.auth = auth;
        this.secrets = secrets;
        this.replicaFallback = replicaFallback;
    }

    @Override
    public Future<?> start() {
        return vertx.fileSystem().readFile(OPENAPI).compose(this::listen);
    }

    private Future<HttpServer> listen(Buffer openApi) {
        pool = database.pool(vertx, "api", config.database().poolSize(), config.database().poolWaitQueue());
        Database replica = Database.replica(config.database());
        reads = new ReadReplica(pool, replica == null ? null
                : replica.pool(vertx, "api-read", config.database().poolSize(), config.database().poolWaitQueue()),
                replicaFallback);
        router = Router.router(vertx);
        router.route().handler(new AccessLog(router, config.api().accessLog()));
        HttpEdge edge = new HttpEdge(vertx, config.api().requestTimeoutMs());
        router.route().handler(context -> {
            edge.bodyDeadline(context.request());
            context.next();
        });
        router.get("/api/openapi.yaml").handler(context -> context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml").end(openApi));
        // The token first, the body only after it: an unauthenticated request never has its body buffered
        // (the router keeps the request paused until the body handler; a refusal closes the connection).
        router.route("/api/*").handler(Requests::screen);
        router.route("/api/*").handler(ApiVerticle::bearer);
        router.route("/api/*").handler(JWTAuthHandler.create(auth)).handler(ApiVerticle::tenant)
                .handler(new RateLimiter(config.api().rateLimitPerSecond(), config.api().rateLimitBurst()));
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.api().bodyLimitBytes()));
        RegistrationClient client = config.roles().contains(Config.Role.REGISTRATION)
                ? RegistrationClient.eventBus(vertx, config.registration().operationTimeoutMs())
                : RegistrationClient.queue(vertx, pool, config.registration().operationTimeoutMs());
        RegistrationRequests registration = new RegistrationRequests(client, pool);
        new StoresRoutes(pool, secrets, config.allowHttpStores(), WordPressPorts.warning(config.publicUrl()), registration)
                .mount(router);
        TimeRange times = new TimeRange(config.validation().minYear(), config.validation().maxYear());
        new WebhookRoutes(registration, times).mount(router);
        PolicyCatalog policies = new PolicyCatalog(config.attribution().policyCacheSeconds() * 1000L);
        new ConversationsRoutes(pool, new Conversations(new Attributor(policies), policies), times).mount(router);
        new EventsRoutes(pool, reads).mount(router);
        new SettingsRoutes(pool).mount(router);
        new CustomersRoutes(reads).mount(router);
        new OrdersRoutes(reads, times).mount(router);
        new AnalyticsRoutes(reads, times).mount(router);
        router.route("/api/*").handler(context -> Endpoint.fail(context, ApiError.notFound("route " + context.request().path())));
        Dashboard.mount(router);
        router.route().failureHandler(this::failure);
        return vertx.createHttpServer(HttpEdge.options(config.api().idleTimeoutSeconds()))
                .connectionHandler(edge::opened)
                .requestHandler(router)
                .listen(config.api().port(), config.api().host())
                .onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        return (server == null ? Future.succeededFuture() : server.shutdown())
                .eventually(() -> reads == null ? Future.succeededFuture() : reads.close())
                .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
    }

    public int port() {
        return server.actualPort();
    }

    /** The routes, so a test can hold them against the OpenAPI document. */
    Router router() {
        return router;
    }

    /** Before verification: a token is there, as {@code Bearer <compact JWS>}; anything else is a 401 as well. */
    private static void bearer(RoutingContext context) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            unauthorized(context, "missing bearer token: send Authorization: Bearer <jwt>");
        } else if (!BEARER.matcher(header).matches()) {
            unauthorized(context, "malformed bearer token: send Authorization: Bearer <jwt>");
        } else {
            context.next();
        }
    }

    /**
     * RFC 6750: every 401 names the scheme in {@code WWW-Authenticate}, with {@code error="invalid_token"} when a
     * token was given.
     */
    private static void unauthorized(RoutingContext context, String message) {
        boolean given = context.request().getHeader(HttpHeaders.AUTHORIZATION) != null;
        context.response().putHeader("WWW-Authenticate",
                given ? "Bearer realm=\"orderlink\", error=\"invalid_token\"" : "Bearer realm=\"orderlink\"");
        closeIfUnread(context);
        Endpoint.fail(context, new ApiError(401, "unauthorized", message));
    }

    /**
     * A request refused before the body it announced was read is answered with {@code Connection: close}: the unread
     * rest is dropped. A request without a body keeps its connection.
     */
    private static void closeIfUnread(RoutingContext context) {
        HttpServerRequest request = context.request();
        boolean bodyAnnounced = request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || !"0".equals(request.getHeader(HttpHeaders.CONTENT_LENGTH)) && request.getHeader(HttpHeaders.CONTENT_LENGTH) != null;
        if (bodyAnnounced && !request.isEnded() && context.response().headers().get(HttpHeaders.CONNECTION) == null) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            context.addEndHandler(ended -> context.request().connection().close());
        }
    }

    /** A verified token must name an organization and a known role; anything else is not a credential. */
    private static void tenant(RoutingContext context) {
        JsonObject claims = context.user().principal();
        String org = claims.getValue("org") instanceof String s && !s.isBlank() ? s : null;
        Role role = claims.getValue("role") instanceof String s ? Role.parse(s) : null;
        if (org == null || role == null) {
            unauthorized(context, "token must carry an org claim and a role of admin, viewer or service");
            return;
        }
        context.put(Endpoint.TENANT, new Tenant(org, role, claims.getString("sub")));
        context.next();
    }

    /**
     * Failures raised by vertx-web handlers (authentication, body limit) in the API's error shape.
     */
    private void failure(RoutingContext context) {
        closeIfUnread(context);
        if (context.failure() != null && !(context.failure() instanceof io.vertx.ext.web.handler.HttpException)) {
            Endpoint.fail(context, context.failure());
            return;
        }
        int status = context.statusCode() < 0 ? 500 : context.statusCode();
        if (status == 401) {
            unauthorized(context, "expired, not yet valid, wrongly signed or otherwise invalid bearer token");
            return;
        }
        if (status == 400) {
            // The router refuses a URL it cannot decode before any route runs.
            Endpoint.fail(context, ApiError.badRequest("url", Requests.BAD_ENCODING));
            return;
        }
        String message = switch (status) {
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 413 -> "body exceeds " + config.api().bodyLimitBytes() + " bytes";
            case 429 -> "too many requests";
            default -> "request failed";
        };
        Endpoint.fail(context, new ApiError(status, "http_" + status, message));
    }
}
