package io.orderlink.metrics;

import io.orderlink.config.Config;
import io.orderlink.db.Database;
import io.orderlink.inbox.Inbox;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

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
        return vertx.createHttpServer()
                .requestHandler(this::handle)
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

    private void handle(HttpServerRequest request) {
        switch (request.path()) {
            case "/health/live" -> answer(request, 200, new JsonObject().put("status", "up"));
            case "/health/ready" -> ready(request);
            case "/metrics" -> scrape(request);
            default -> answer(request, 404, new JsonObject().put("error", "not found"));
        }
    }

    /** Rendering every meter is CPU work proportional to their number: kept off the event loop. */
    private void scrape(HttpServerRequest request) {
        vertx.executeBlocking(() -> metrics.registry().scrape()).onComplete(text -> {
            if (text.failed()) {
                request.response().setStatusCode(500).end();
                return;
            }
            request.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(text.result());
        });
    }

    private void refreshInbox() {
        Inbox.backlog(pool).onSuccess(backlog -> metrics.inbox(backlog.pending(), backlog.oldestSeconds()));
    }

    private void ready(HttpServerRequest request) {
        if (!deployed.getAsBoolean()) {
            answer(request, 503, new JsonObject().put("status", "starting"));
            return;
        }
        pool.query("SELECT 1").execute()
                .onSuccess(ok -> answer(request, 200, new JsonObject().put("status", "ready").put("database", "up")))
                .onFailure(e -> answer(request, 503, new JsonObject().put("status", "unavailable")
                        .put("database", "down").put("reason", e.getMessage())));
    }

    private static void answer(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
    }
}
