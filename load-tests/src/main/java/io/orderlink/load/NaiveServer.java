package io.orderlink.load;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The naive durable baseline of the ingest benchmark: the obvious implementation of "verify, store, answer".
 * It checks the HMAC of each body against one secret per platform, queues the raw JSON, and every 2 ms (or 500
 * rows) inserts the queue into a plain jsonb table in one statement, answering each request after that commit.
 * No store lookup, dedup, headers, limits or worker. Arguments: port, database URL, Shopify secret, WooCommerce
 * secret.
 */
public final class NaiveServer extends VerticleBase {

    private static final Buffer ACCEPTED = Buffer.buffer("{\"status\":\"accepted\"}");
    private static final String INSERT = "INSERT INTO naive_inbox (body) SELECT b::jsonb FROM unnest($1::text[]) AS t(b)";

    private final int port;
    private final PgConnectOptions database;
    private final byte[] shopifySecret;
    private final byte[] wooSecret;
    private Pool pool;
    private List<String> bodies = new ArrayList<>();
    private List<Promise<Void>> waiting = new ArrayList<>();
    private long timer = -1;

    private NaiveServer(int port, PgConnectOptions database, byte[] shopifySecret, byte[] wooSecret) {
        this.port = port;
        this.database = database;
        this.shopifySecret = shopifySecret;
        this.wooSecret = wooSecret;
    }

    @Override
    public Future<?> start() {
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(database).using(vertx).build();
        return vertx.createHttpServer().requestHandler(this::handle).listen(port, "127.0.0.1");
    }

    private void handle(HttpServerRequest request) {
        boolean shopify = request.path().contains("shopify");
        String signature = request.getHeader(shopify ? "X-Shopify-Hmac-Sha256" : "X-WC-Webhook-Signature");
        request.body().onSuccess(body -> {
            if (!valid(shopify ? shopifySecret : wooSecret, body.getBytes(), signature)) {
                request.response().setStatusCode(401).end();
                return;
            }
            Promise<Void> stored = Promise.promise();
            bodies.add(body.toString(StandardCharsets.UTF_8));
            waiting.add(stored);
            if (bodies.size() >= 500) {
                flush();
            } else if (timer < 0) {
                timer = vertx.setTimer(2, id -> flush());
            }
            stored.future()
                    .onSuccess(v -> request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(ACCEPTED))
                    .onFailure(e -> request.response().setStatusCode(503).end());
        });
    }

    private void flush() {
        vertx.cancelTimer(timer);
        timer = -1;
        List<Promise<Void>> batch = waiting;
        String[] rows = bodies.toArray(String[]::new);
        bodies = new ArrayList<>();
        waiting = new ArrayList<>();
        pool.preparedQuery(INSERT).execute(Tuple.of(rows)).onComplete(done -> batch.forEach(p -> {
            if (done.succeeded()) {
                p.complete();
            } else {
                p.fail(done.cause());
            }
        }));
    }

    private static boolean valid(byte[] secret, byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return MessageDigest.isEqual(mac.doFinal(body), Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        PgConnectOptions database = PgConnectOptions.fromUri(args[1]);
        byte[] shopify = args[2].getBytes(StandardCharsets.UTF_8);
        byte[] woo = args[3].getBytes(StandardCharsets.UTF_8);
        int instances = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx();
        PgBuilder.client().connectingTo(database).using(vertx).build()
                .query("CREATE TABLE IF NOT EXISTS naive_inbox (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body jsonb NOT NULL)")
                .execute()
                .compose(created -> vertx.deployVerticle(() -> new NaiveServer(port, database, shopify, woo),
                        new DeploymentOptions().setInstances(instances)))
                .onSuccess(id -> System.out.println("NaiveServer listening on 127.0.0.1:" + port + " with " + instances + " event loops"))
                .onFailure(error -> {
                    System.err.println("NaiveServer failed to start: " + error);
                    vertx.close();
                    System.exit(1);
                });
    }
}
