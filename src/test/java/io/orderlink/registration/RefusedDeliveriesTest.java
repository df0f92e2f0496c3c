package io.orderlink.registration;

import io.orderlink.db.Database;
import io.orderlink.testing.Payloads;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TcpProxy;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.orderlink.testing.Payloads.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * WooCommerce sends a delivery once (WC_Webhook::deliver): one refused while the database is unreachable is
 * fetched back by reconciliation as soon as the gateway can store again, even when a later delivery arrives first.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class RefusedDeliveriesTest {

    private static final String ORG = "org-refused";
    private static final String SECRET = "refused-secret";

    @Test
    @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
    void aDeliveryRefusedWhileTheDatabaseIsCutReachesOrdersOnceItIsBack(Vertx vertx, TestDatabase database,
                                                                        VertxTestContext context) {
        TcpProxy proxy = new TcpProxy(vertx, database.options().getHost(), database.options().getPort());
        FakeWooCommerce woo = new FakeWooCommerce(vertx, "ck_test", "cs_test");
        Pool sql = database.pool(vertx);
        Instant now = Instant.now();
        JsonObject first = Payloads.wooOrder(5101, "first@example.com", "10.00", "processing", now.minusSeconds(120), now.minusSeconds(120));
        JsonObject refused = Payloads.wooOrder(5102, "refused@example.com", "20.00", "processing", now.minusSeconds(60), now.minusSeconds(60));
        JsonObject later = Payloads.wooOrder(5103, "later@example.com", "30.00", "processing", now, now);
        TestGateway[] started = new TestGateway[1];
        Future.all(proxy.start(), woo.start()).compose(ready -> {
            Database viaProxy = Database.of(database.options().setHost("127.0.0.1").setPort(proxy.port()), 1000);
            return TestGateway.start(vertx, viaProxy, Map.of("ORDERLINK_ATTRIBUTION_POLL_INTERVAL_MS", "200"));
        }).compose(gateway -> {
            started[0] = gateway;
            woo.deliverTo("http://127.0.0.1:" + gateway.gateway().ingestPort());
            return gateway.connectWooCommerce(ORG, woo.url(), SECRET)
                    .compose(id -> gateway.deliverWooCommerce(woo.url(), SECRET, "order.created", bytes(first)))
                    .compose(accepted -> {
                        context.verify(() -> assertEquals(200, accepted.statusCode()));
                        proxy.cut();
                        woo.addOrder(refused);
                        return gateway.deliverWooCommerce(woo.url(), SECRET, "order.created", bytes(refused));
                    })
                    .compose(during -> {
                        context.verify(() -> assertEquals(503, during.statusCode(), "the database is unreachable"));
                        proxy.restore();
                        woo.addOrder(later);
                        // Another delivery arrives first once the database is back; WooCommerce never resends the refused one.
                        return until(vertx, () -> gateway.deliverWooCommerce(woo.url(), SECRET, "order.created", bytes(later))
                                .map(r -> r.statusCode() == 200), 300);
                    })
                    .compose(v -> until(vertx, () -> sql.preparedQuery("SELECT count(*) FROM orders WHERE platform_order_id = $1")
                            .execute(Tuple.of("5102")).map(rows -> rows.iterator().next().getLong(0) == 1), 600));
        }).compose(v -> sql.query("SELECT count(*) FROM delivery_gaps").execute())
                .onComplete(context.succeeding(gaps -> context.verify(() -> {
                    assertEquals(0L, gaps.iterator().next().getLong(0), "the gap closed once recovered");
                    started[0].close().eventually(proxy::close).eventually(woo::close).eventually(sql::close)
                            .onComplete(context.succeedingThenComplete());
                })));
    }

    private static Future<Void> until(Vertx vertx, Supplier<Future<Boolean>> done, int attempts) {
        return done.get().recover(e -> Future.succeededFuture(false)).compose(ok -> {
            if (ok) {
                return Future.succeededFuture();
            }
            if (attempts == 0) {
                return Future.failedFuture("not reached in time");
            }
            return vertx.timer(100).compose(t -> until(vertx, done, attempts - 1));
        });
    }
}
