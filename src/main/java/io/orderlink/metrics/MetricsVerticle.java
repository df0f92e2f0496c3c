package io.orderlink.metrics;

import io.orderlink.config.Config;
import io.orderlink.db.Database;
import io.orderlink.inbox.Inbox;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Operators' port: Prometheus metrics, liveness, and readiness (ready only when the database answers and every
 * verticle is up). The inbox gauges are refreshed by a periodic query rather than on the ingest path.
 */
public final class MetricsVerticle extends VerticleBase {

    private static final long INBOX_REFRESH_MS = 5000;

    private final Config.Listener listener;
    private final Database database;
    private final Metrics metrics;
    private final BooleanSupplier deployed;
    private Pool pool;
    private HttpServer server;
    private long refresher;

    public MetricsVerticle(Config.Listener listener, Database database, Metrics metrics, BooleanSupplier deployed) {
        this.listener = listener;
        this.database = database;
        this.metrics = metrics;
        this.deployed = deployed;
    }

    @Override
    public Future<?> start() {
        pool = database.pool(vertx, "health", 1, 16);
        refresher = vertx.setPeriodic(0, INBOX_REFRESH_MS, id -> refreshInbox());
        Router router = Router.router(vertx);
        // Rendering every meter is CPU work proportional to their number: kept off the event loop.
        router.get("/metrics").blockingHandler(PrometheusScrapingHandler.create(metrics.registry()));
        router.get("/health*").handler(HealthCheckHandler.createWithHealthChecks(healthChecks()));
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(listener.port(), listener.host())
                .onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(refresher);
        return (server == null ? Future.succeededFuture() : server.close()).eventually(pool::close);
    }

    public int port() {
        return server.actualPort();
    }

    /**
     * {@code /health/live}: the process answers. {@code /health/ready}: every verticle is deployed and the database
     * answers. A check reports DOWN (503) rather than failing, which the handler would turn into a 500.
     */
    private HealthChecks healthChecks() {
        long databaseTimeoutMs = database.connectTimeoutMs();
        return HealthChecks.create(vertx)
                .register("live/event-loop", promise -> promise.complete(Status.OK()))
                .register("ready/verticles", promise -> promise.complete(deployed.getAsBoolean() ? Status.OK()
                        : Status.KO(new JsonObject().put("reason", "starting"))))
                .register("ready/database", databaseTimeoutMs * 2, promise -> pool.query("SELECT 1").execute()
                        .timeout(databaseTimeoutMs, TimeUnit.MILLISECONDS)
                        .onSuccess(ok -> promise.complete(Status.OK()))
                        .onFailure(e -> promise.complete(Status.KO(new JsonObject().put("reason", String.valueOf(e.getMessage()))))));
    }

    private void refreshInbox() {
        Inbox.backlog(pool).onSuccess(backlog -> metrics.inbox(backlog.pending(), backlog.oldestSeconds()));
    }
}
