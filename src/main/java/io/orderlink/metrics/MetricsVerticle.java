package io.orderlink.metrics;

import io.orderlink.Config;
import io.orderlink.db.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.function.BooleanSupplier;

/** Operators' port: liveness and readiness (ready only when the database answers and every verticle is up). */
public final class MetricsVerticle extends VerticleBase {

    private final Config.Listener listener;
    private final Database database;
    private final BooleanSupplier deployed;
    private Pool pool;
    private HttpServer server;

    public MetricsVerticle(Config.Listener listener, Database database, BooleanSupplier deployed) {
        this.listener = listener;
        this.database = database;
        this.deployed = deployed;
    }

    @Override
    public Future<?> start() {
        pool = database.pool(vertx, 1, 16);
        return vertx.createHttpServer()
                .requestHandler(this::handle)
                .listen(listener.port(), listener.host())
                .onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        return (server == null ? Future.succeededFuture() : server.close()).eventually(pool::close);
    }

    public int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        switch (request.path()) {
            case "/health/live" -> answer(request, 200, new JsonObject().put("status", "up"));
            case "/health/ready" -> ready(request);
            default -> answer(request, 404, new JsonObject().put("error", "not found"));
        }
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
