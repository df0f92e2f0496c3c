package io.orderlink.ingest;

import io.orderlink.db.Database;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.RawSocket;
import io.orderlink.testing.TcpProxy;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingest port against hostile clients and a database that stops answering, each with a handful of sockets
 * and small limits: memory stays within its budget, every admission slot comes back, signed deliveries still
 * get through afterwards, and no delivery waits longer than the acknowledgement deadline.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class IngestAttackTest {

    private static final String ORG = "org-attacks";
    private static final String SECRET = "attack-secret";
    private static final String SHOPIFY = "/webhooks/shopify";

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void declaredLengthsAllocateNothingAndBufferedBytesStayWithinTheBudget(Vertx vertx, TestDatabase database,
                                                                          VertxTestContext context) {
        String shop = "budget.myshopify.com";
        int budget = 65_536;
        byte[] part = new byte[20_000];
        List<RawSocket> attackers = new ArrayList<>();
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_INGEST_MAX_BUFFERED_BYTES", Integer.toString(budget),
                "ORDERLINK_INGEST_BODY_TIMEOUT_MS", "20000")).compose(gateway -> gateway.connectShopify(ORG, shop, SECRET)
                .compose(id -> open(vertx, gateway, 5, attackers))
                // Five heads announcing 1 MB each, no body: slots taken, not one byte reserved or allocated.
                .compose(v -> each(attackers, s -> s.write(RawSocket.head(SHOPIFY, 1_048_576, "X-Shopify-Shop-Domain: " + shop))))
                .compose(v -> waitFor(vertx, () -> gateway.inFlight() == 5))
                .compose(v -> {
                    context.verify(() -> assertEquals(0, gateway.gateway().admission().bufferedBytes()));
                    // 5 x 20,000 bytes against a 65,536-byte budget: the senders past it get 503 and are closed.
                    return each(attackers, s -> s.write(part));
                })
                .compose(v -> waitFor(vertx, () -> attackers.stream().filter(s -> s.closed().isComplete()).count() == 2))
                .compose(v -> {
                    context.verify(() -> {
                        long buffered = gateway.gateway().admission().bufferedBytes();
                        assertEquals(3 * part.length, buffered, "three bodies' bytes so far, within " + budget);
                        for (RawSocket refused : attackers.stream().filter(s -> s.closed().isComplete()).toList()) {
                            String answer = refused.received();
                            assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("retry-after: 2"), answer);
                        }
                    });
                    return each(attackers, RawSocket::close);
                })
                .compose(v -> waitFor(vertx, () -> gateway.inFlight() == 0 && gateway.gateway().admission().bufferedBytes() == 0))
                .compose(v -> deliver(gateway, shop))
                .onComplete(context.succeeding(status -> context.verify(() -> {
                    assertEquals(200, status, "slots and bytes came back: a signed delivery gets through");
                    gateway.close().onComplete(context.succeedingThenComplete());
                }))));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void bodiesDrippedPastTheDeadlineGet408AndTheirSlotsBack(Vertx vertx, TestDatabase database, VertxTestContext context) {
        String shop = "slowloris.myshopify.com";
        List<RawSocket> attackers = new ArrayList<>();
        // As many drippers as slots; each byte comes well within the idle timeout, so only the body deadline ends them.
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_INGEST_MAX_IN_FLIGHT", "3",
                "ORDERLINK_INGEST_BODY_TIMEOUT_MS", "1000", "ORDERLINK_INGEST_IDLE_TIMEOUT_SECONDS", "30"))
                .compose(gateway -> gateway.connectShopify(ORG, shop, SECRET)
                        .compose(id -> open(vertx, gateway, 3, attackers))
                        .compose(v -> each(attackers, s -> s.write(RawSocket.head(SHOPIFY, 500, "X-Shopify-Shop-Domain: " + shop))))
                        .compose(v -> {
                            attackers.forEach(s -> s.drip(vertx, "{\"id\":1}", 100));
                            return Future.all(attackers.stream().map(RawSocket::closed).toList());
                        })
                        .compose(all -> {
                            context.verify(() -> attackers.forEach(s -> assertTrue(s.received().startsWith("HTTP/1.1 408"), s.received())));
                            return waitFor(vertx, () -> gateway.inFlight() == 0);
                        })
                        .compose(v -> deliver(gateway, shop))
                        .onComplete(context.succeeding(status -> context.verify(() -> {
                            assertEquals(200, status);
                            gateway.close().onComplete(context.succeedingThenComplete());
                        }))));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void aHeadDrippedPastTheDeadlineIsClosed(Vertx vertx, TestDatabase database, VertxTestContext context) {
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_INGEST_BODY_TIMEOUT_MS", "1000",
                "ORDERLINK_INGEST_IDLE_TIMEOUT_SECONDS", "30"))
                .compose(gateway -> RawSocket.connect(vertx, gateway.gateway().ingestPort())
                        .compose(socket -> {
                            socket.drip(vertx, RawSocket.head(SHOPIFY, 10), 100);
                            return socket.closed();
                        })
                        .onComplete(context.succeeding(answer -> context.verify(() -> {
                            assertEquals("", answer, "closed without a request ever starting");
                            gateway.close().onComplete(context.succeedingThenComplete());
                        }))));
    }

    @Test
    @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
    void aStalledDatabaseGets503WithinTheAckDeadlineAndReadinessFailsUntilCommitsReturn(Vertx vertx, TestDatabase database,
                                                                                       VertxTestContext context) {
        String shop = "stalled.myshopify.com";
        String webhookId = UUID.randomUUID().toString();
        TcpProxy proxy = new TcpProxy(vertx, database.options().getHost(), database.options().getPort());
        Pool sql = database.pool(vertx);
        proxy.start().compose(port -> TestGateway.start(vertx, Database.of(database.options().setHost("127.0.0.1").setPort(port), 1000),
                        Map.of("ORDERLINK_INGEST_ACK_TIMEOUT_MS", "500")))
                .compose(gateway -> gateway.connectShopify(ORG, shop, SECRET)
                        .compose(id -> deliver(gateway, shop))
                        .compose(warm -> {
                            context.verify(() -> assertEquals(200, warm));
                            // Connections stay open; the database simply stops answering.
                            proxy.stall();
                            return gateway.deliverShopify(shop, SECRET, "orders/create", body(webhookId), webhookId)
                                    .timeout(3, TimeUnit.SECONDS);
                        })
                        .compose(during -> {
                            context.verify(() -> {
                                assertEquals(503, during.statusCode());
                                assertNotNull(during.getHeader("Retry-After"));
                            });
                            return gateway.metrics("/health/ready").send().timeout(5, TimeUnit.SECONDS);
                        })
                        .compose(notReady -> {
                            context.verify(() -> assertEquals(503, notReady.statusCode()));
                            proxy.restore();
                            return retryUntil(vertx, () -> gateway.metrics("/health/ready").send().map(r -> r.statusCode() == 200));
                        })
                        // The stalled commit went through after all: the platform's retries (a 503 while the pool's
                        // connections recover, as Shopify would retry it) end in a duplicate, never a second row.
                        .compose(v -> retryUntil(vertx, () -> gateway.deliverShopify(shop, SECRET, "orders/create", body(webhookId), webhookId)
                                .map(retry -> retry.statusCode() != 503)))
                        .compose(v -> gateway.deliverShopify(shop, SECRET, "orders/create", body(webhookId), webhookId))
                        .compose(retry -> {
                            context.verify(() -> {
                                assertEquals(200, retry.statusCode());
                                assertEquals("duplicate", retry.bodyAsJsonObject().getString("status"));
                            });
                            return sql.preparedQuery("SELECT count(*) FROM webhook_inbox WHERE dedup_key = $1").execute(Tuple.of(webhookId));
                        })
                        .onComplete(context.succeeding(rows -> context.verify(() -> {
                            assertEquals(1L, rows.iterator().next().getLong(0));
                            assertEquals(0, gateway.gateway().admission().awaiting(),
                                    "each delivery that arrived whole was counted answered once, the one answered at the deadline included");
                            gateway.close().eventually(proxy::close).eventually(sql::close)
                                    .onComplete(context.succeedingThenComplete());
                        }))));
    }

    private static byte[] body(String id) {
        return ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static Future<Integer> deliver(TestGateway gateway, String shop) {
        String id = UUID.randomUUID().toString();
        return gateway.deliverShopify(shop, SECRET, "orders/create", body(id), id).map(r -> r.statusCode());
    }

    private static Future<Void> open(Vertx vertx, TestGateway gateway, int count, List<RawSocket> into) {
        List<Future<RawSocket>> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sockets.add(RawSocket.connect(vertx, gateway.gateway().ingestPort()).onSuccess(into::add));
        }
        return Future.all(sockets).mapEmpty();
    }

    private static Future<Void> each(List<RawSocket> sockets, java.util.function.Function<RawSocket, Future<Void>> action) {
        return Future.join(sockets.stream().map(action).toList()).mapEmpty();
    }

    private static Future<Void> waitFor(Vertx vertx, BooleanSupplier condition) {
        return retryUntil(vertx, () -> Future.succeededFuture(condition.getAsBoolean()));
    }

    private static Future<Void> retryUntil(Vertx vertx, Supplier<Future<Boolean>> attempt) {
        return attempt.get().transform(done -> done.succeeded() && done.result()
                ? Future.succeededFuture()
                : vertx.timer(100).compose(t -> retryUntil(vertx, attempt)));
    }
}
