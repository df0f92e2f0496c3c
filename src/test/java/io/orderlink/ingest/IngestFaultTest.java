package io.orderlink.ingest;

import io.orderlink.crypto.HmacVerifier;
import io.orderlink.db.Database;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.RawSocket;
import io.orderlink.testing.TcpProxy;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Overload, database outage and shutdown: nothing is acknowledged that is not stored. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class IngestFaultTest {

    private static final String ORG = "org-faults";
    private static final String SECRET = "fault-secret";

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void overTheInFlightLimitDeliveriesGet503WithRetryAfterBeforeTheBodyIsReadAndKeepTheirConnection(
            Vertx vertx, TestDatabase database, VertxTestContext context) {
        String shop = "inflight.myshopify.com";
        HttpClient client = vertx.createHttpClient();
        List<HttpClientRequest> held = new ArrayList<>();
        List<RawSocket> sender = new ArrayList<>();
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_INGEST_MAX_IN_FLIGHT", "2")).compose(gateway ->
                gateway.connectShopify(ORG, shop, SECRET)
                        // Two deliveries that never finish their body hold both admission slots.
                        .compose(id -> holdOpen(client, gateway, shop, held))
                        .compose(v -> holdOpen(client, gateway, shop, held))
                        .compose(v -> waitFor(vertx, () -> gateway.inFlight() == 2))
                        .compose(v -> RawSocket.connect(vertx, gateway.gateway().ingestPort()))
                        .compose(socket -> {
                            sender.add(socket);
                            return socket.write(signedDelivery(shop, "{\"id\":1}"));
                        })
                        .compose(v -> waitFor(vertx, () -> sender.get(0).received().endsWith("}")))
                        .compose(v -> {
                            String refused = sender.get(0).received().toLowerCase(Locale.ROOT);
                            context.verify(() -> {
                                assertTrue(refused.startsWith("http/1.1 503"), refused);
                                assertTrue(refused.contains("retry-after: 2"), refused);
                                assertFalse(refused.contains("connection: close"), refused);
                            });
                            held.forEach(request -> request.end(Buffer.buffer("}")));
                            return waitFor(vertx, () -> gateway.inFlight() == 0);
                        })
                        // The refused sender's connection is still open: its next delivery goes through on it.
                        .compose(v -> sender.get(0).write(signedDelivery(shop, "{\"id\":2}")))
                        .compose(v -> waitFor(vertx, () -> sender.get(0).received().contains("HTTP/1.1 200")))
                        .onComplete(context.succeeding(v -> context.verify(() -> {
                            assertFalse(sender.get(0).closed().isComplete(), "one connection for both deliveries");
                            client.close();
                            sender.get(0).close();
                            gateway.close().onComplete(context.succeedingThenComplete());
                        }))));
    }

    @Test
    @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
    void whileTheDatabaseIsUnreachableIngestAnswers503AndReadinessFailsThenBothRecover(Vertx vertx, TestDatabase database,
                                                                                      VertxTestContext context) {
        String shop = "outage.myshopify.com";
        TcpProxy proxy = new TcpProxy(vertx, database.options().getHost(), database.options().getPort());
        Pool sql = database.pool(vertx);
        String lostId = UUID.randomUUID().toString();
        proxy.start().compose(port -> {
            Database viaProxy = Database.of(database.options().setHost("127.0.0.1").setPort(port), 1000);
            return TestGateway.start(vertx, viaProxy, Map.of());
        }).compose(gateway -> gateway.connectShopify(ORG, shop, SECRET)
                .compose(id -> deliver(gateway, shop, UUID.randomUUID().toString()))
                .compose(warm -> {
                    context.verify(() -> assertEquals(200, warm.statusCode()));
                    proxy.cut();
                    return deliver(gateway, shop, lostId);
                })
                .compose(during -> {
                    context.verify(() -> {
                        assertEquals(503, during.statusCode());
                        assertNotNull(during.getHeader("Retry-After"));
                    });
                    return gateway.metrics("/health/ready").send();
                })
                .compose(notReady -> {
                    context.verify(() -> assertEquals(503, notReady.statusCode()));
                    proxy.restore();
                    // The platform retries the same delivery; the gateway recovers by itself.
                    return retryUntil(vertx, () -> deliver(gateway, shop, lostId), 200);
                })
                .compose(after -> retryUntil(vertx, () -> gateway.metrics("/health/ready").send(), 200))
                .compose(ready -> sql.preparedQuery("SELECT count(*) FROM webhook_inbox WHERE dedup_key = $1")
                        .execute(Tuple.of(lostId)))
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    assertEquals(1L, rows.iterator().next().getLong(0), "the retried delivery is stored once");
                    gateway.close().eventually(proxy::close).eventually(sql::close)
                            .onComplete(context.succeedingThenComplete());
                }))));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void gracefulShutdownCommitsDeliveriesInFlight(Vertx vertx, TestDatabase database, VertxTestContext context) {
        String shop = "shutdown.myshopify.com";
        Pool sql = database.pool(vertx);
        // A long batch delay keeps the deliveries queued in the writer when shutdown begins.
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_INGEST_BATCH_MAX_DELAY_MS", "400"))
                .compose(gateway -> gateway.connectShopify(ORG, shop, SECRET).compose(id -> {
                    List<Future<HttpResponse<Buffer>>> deliveries = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        deliveries.add(deliver(gateway, shop, "shutdown-" + i));
                    }
                    return waitFor(vertx, () -> gateway.inFlight() == 20)
                            .compose(v -> gateway.close())
                            .compose(v -> Future.all(deliveries))
                            .map(all -> deliveries);
                }))
                .compose(deliveries -> {
                    context.verify(() -> deliveries.forEach(d -> assertEquals(200, d.result().statusCode())));
                    return sql.query("SELECT count(*) FROM webhook_inbox WHERE dedup_key LIKE 'shutdown-%'").execute();
                })
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    assertEquals(20L, rows.iterator().next().getLong(0));
                    sql.close().onComplete(context.succeedingThenComplete());
                })));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void aSlowClientIsDisconnectedAfterTheIdleTimeoutAndItsSlotReleased(Vertx vertx, TestDatabase database, VertxTestContext context) {
        long[] opened = new long[1];
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_INGEST_IDLE_TIMEOUT_SECONDS", "1")).compose(gateway ->
                vertx.createNetClient().connect(gateway.gateway().ingestPort(), "127.0.0.1").compose(socket -> {
                    io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
                    socket.closeHandler(v -> closed.complete());
                    opened[0] = System.nanoTime();
                    // Headers promise a body that never comes.
                    return socket.write("POST /webhooks/shopify HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{")
                            .compose(v -> closed.future());
                }).compose(v -> waitFor(vertx, () -> gateway.inFlight() == 0).map(gateway)))
                .onComplete(context.succeeding(gateway -> context.verify(() -> {
                    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - opened[0]);
                    assertTrue(seconds >= 1 && seconds < 5, "closed after the idle timeout, not before: " + seconds + " s");
                    gateway.close().onComplete(context.succeedingThenComplete());
                })));
    }

    private static Future<HttpResponse<Buffer>> deliver(TestGateway gateway, String shop, String webhookId) {
        return gateway.deliverShopify(shop, SECRET, "orders/create", ("{\"id\":\"" + webhookId + "\"}").getBytes(StandardCharsets.UTF_8), webhookId);
    }

    /** A whole signed Shopify delivery as raw HTTP, for a connection the test holds itself. */
    private static String signedDelivery(String shop, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return RawSocket.head("/webhooks/shopify", bytes.length, "X-Shopify-Shop-Domain: " + shop,
                "X-Shopify-Topic: orders/create", "X-Shopify-Webhook-Id: " + UUID.randomUUID(),
                "X-Shopify-Hmac-Sha256: " + HmacVerifier.sign(SECRET.getBytes(StandardCharsets.UTF_8), bytes)) + body;
    }

    private static Future<Void> holdOpen(HttpClient client, TestGateway gateway, String shop, List<HttpClientRequest> held) {
        return client.request(HttpMethod.POST, gateway.gateway().ingestPort(), "127.0.0.1", "/webhooks/shopify")
                .compose(request -> {
                    request.setChunked(true).putHeader("X-Shopify-Shop-Domain", shop);
                    held.add(request);
                    return request.write(Buffer.buffer("{"));
                });
    }

    private static Future<Void> waitFor(Vertx vertx, Supplier<Boolean> condition) {
        return retryUntil(vertx, () -> Future.succeededFuture(condition.get()), true).mapEmpty();
    }

    private static Future<HttpResponse<Buffer>> retryUntil(Vertx vertx, Supplier<Future<HttpResponse<Buffer>>> attempt, int status) {
        return retryUntil(vertx, attempt, response -> response.statusCode() == status, 100);
    }

    private static Future<Boolean> retryUntil(Vertx vertx, Supplier<Future<Boolean>> attempt, boolean expected) {
        return retryUntil(vertx, attempt, value -> value == expected, 100);
    }

    private static <T> Future<T> retryUntil(Vertx vertx, Supplier<Future<T>> attempt, java.util.function.Predicate<T> done, int left) {
        return attempt.get().transform(result -> {
            if (result.succeeded() && done.test(result.result())) {
                return Future.succeededFuture(result.result());
            }
            if (left == 0) {
                return Future.failedFuture("condition not reached: " + (result.succeeded() ? result.result() : result.cause()));
            }
            return vertx.timer(100).compose(t -> retryUntil(vertx, attempt, done, left - 1));
        });
    }
}
