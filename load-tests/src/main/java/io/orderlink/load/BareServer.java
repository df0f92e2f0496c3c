package io.orderlink.load;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;

/**
 * The baseline of the ingest benchmark: a bare Vert.x server that reads the whole request body and
 * answers 200 {"status":"accepted"}, with no signature check, storage or routing. Port: first
 * argument, else {@code -Dport}, else 8091.
 */
public final class BareServer extends VerticleBase {

    private static final Buffer ACCEPTED = Buffer.buffer("{\"status\":\"accepted\"}");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

    private final int port;

    private BareServer(int port) {
        this.port = port;
    }

    @Override
    public Future<?> start() {
        HttpServer server = vertx.createHttpServer();
        server.requestHandler(request -> request.body()
                .onSuccess(body -> request.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                        .end(ACCEPTED))
                .onFailure(error -> request.response().setStatusCode(400).end()));
        return server.listen(port, "127.0.0.1");
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : Integer.getInteger("port", 8091);
        // One instance per core, each with its own event loop, like the gateway's ingest verticle.
        int instances = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new BareServer(port), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println("BareServer listening on 127.0.0.1:" + port
                        + " with " + instances + " event loops"))
                .onFailure(error -> {
                    System.err.println("BareServer failed to start: " + error);
                    vertx.close();
                    System.exit(1);
                });
    }
}
