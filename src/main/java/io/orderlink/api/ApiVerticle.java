package io.orderlink.api;

import io.orderlink.registration.RegistrationClient;
import io.orderlink.config.Config;
import io.orderlink.attribution.Attributor;
import io.orderlink.attribution.Conversations;
import io.orderlink.attribution.PolicyCatalog;
import io.orderlink.db.Database;
import io.orderlink.db.ReadReplica;
import io.orderlink.stores.StoreSecrets;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.sqlclient.Pool;

/** The JSON API under {@code /api}: every request authenticated by JWT and run in its tenant's scope. */
public final class ApiVerticle extends VerticleBase {

    private static final int BODY_LIMIT = 1024 * 1024;
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
        router.get("/api/openapi.yaml").handler(context -> context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml").end(openApi));
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        router.route("/api/*").handler(JWTAuthHandler.create(auth)).handler(ApiVerticle::tenant)
                .handler(new RateLimiter(config.api().rateLimitPerSecond(), config.api().rateLimitBurst()));
        RegistrationClient client = config.roles().contains(Config.Role.REGISTRATION)
                ? RegistrationClient.eventBus(vertx, config.registration().operationTimeoutMs())
                : RegistrationClient.queue(vertx, pool, config.registration().operationTimeoutMs());
        RegistrationRequests registration = new RegistrationRequests(client, pool);
        new StoresRoutes(pool, secrets, config.allowHttpStores(), registration).mount(router);
        new WebhookRoutes(registration).mount(router);
        PolicyCatalog policies = new PolicyCatalog(config.attribution().policyCacheSeconds() * 1000L);
        new ConversationsRoutes(pool, new Conversations(new Attributor(policies), policies)).mount(router);
        new EventsRoutes(pool, reads).mount(router);
        new SettingsRoutes(pool).mount(router);
        new CustomersRoutes(reads).mount(router);
        new OrdersRoutes(reads).mount(router);
        new AnalyticsRoutes(reads).mount(router);
        router.route("/api/*").handler(context -> Endpoint.fail(context, ApiError.notFound("route " + context.request().path())));
        Dashboard.mount(router);
        router.route().failureHandler(ApiVerticle::failure);
        return vertx.createHttpServer()
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

    /** A verified token must name an organization and a known role; anything else is not a credential. */
    private static void tenant(RoutingContext context) {
        JsonObject claims = context.user().principal();
        String org = claims.getValue("org") instanceof String s && !s.isBlank() ? s : null;
        Role role = claims.getValue("role") instanceof String s ? Role.parse(s) : null;
        if (org == null || role == null) {
            Endpoint.fail(context, new ApiError(401, "unauthorized", "token must carry an org claim and a role of admin, viewer or service"));
            return;
        }
        context.put(Endpoint.TENANT, new Tenant(org, role, claims.getString("sub")));
        context.next();
    }

    /** Failures raised by vertx-web handlers (authentication, body limit) in the API's error shape. */
    private static void failure(RoutingContext context) {
        if (context.failure() != null && !(context.failure() instanceof io.vertx.ext.web.handler.HttpException)) {
            Endpoint.fail(context, context.failure());
            return;
        }
        int status = context.statusCode() < 0 ? 500 : context.statusCode();
        String message = switch (status) {
            case 401 -> "missing, expired or invalid bearer token";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 413 -> "body exceeds " + BODY_LIMIT + " bytes";
            case 429 -> "too many requests";
            default -> "request failed";
        };
        Endpoint.fail(context, new ApiError(status, status == 401 ? "unauthorized" : "http_" + status, message));
    }
}
