package io.orderlink.orders;

import io.orderlink.testing.Payloads;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.StoredState;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.orderlink.testing.Payloads.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Order state as the platforms mean it, through signed deliveries into PostgreSQL (docs/architecture.md). */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class PlatformStateFlowTest {

    private static final String ORG = "org-platform-state";
    private static final String SECRET = "platform-state-secret";
    private static final Instant T = Instant.parse("2026-04-02T10:00:00Z");

    private TestGateway gateway;
    private Pool sql;
    private StoredState stored;
    private Vertx vertx;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database, VertxTestContext context) {
        this.vertx = vertx;
        sql = database.pool(vertx);
        stored = new StoredState(vertx, sql);
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_ATTRIBUTION_POLL_INTERVAL_MS", "200"))
                .onSuccess(g -> gateway = g)
                .onComplete(context.succeedingThenComplete());
    }

    @AfterAll
    void stop(VertxTestContext context) {
        gateway.close().eventually(sql::close).onComplete(context.succeedingThenComplete());
    }

    /** An on-hold order (bank transfer, cheque) awaits payment: it counts once the store marks it processing. */
    @Test
    void anOnHoldOrderCountsOnlyOncePaid(VertxTestContext context) {
        String store = "http://on-hold.example";
        JsonObject order = Payloads.wooOrder(4100, "transfer@example.com", "80.00", "on-hold", T, T);
        gateway.connectWooCommerce(ORG, store, SECRET)
                .compose(id -> woo(store, "order.created", order))
                .compose(v -> stored.order("on-hold.example", "4100"))
                .compose(onHold -> {
                    context.verify(() -> {
                        assertFalse(onHold.getBoolean("paid"));
                        assertFalse(onHold.getBoolean("counts"));
                    });
                    return customerNet("on-hold.example", "transfer@example.com").compose(net -> {
                        context.verify(() -> assertEquals(0, BigDecimal.ZERO.compareTo(net), "no revenue while on hold"));
                        return woo(store, "order.updated", order.copy().put("status", "processing")
                                .put("date_modified_gmt", "2026-04-03T09:00:00"));
                    });
                })
                .compose(v -> stored.order("on-hold.example", "4100"))
                .compose(paid -> {
                    context.verify(() -> assertTrue(paid.getBoolean("counts")));
                    return customerNet("on-hold.example", "transfer@example.com");
                })
                .onComplete(context.succeeding(net -> context.verify(() -> {
                    assertEquals(new BigDecimal("80.00"), net);
                    context.completeNow();
                })));
    }

    /**
     * A USD shop selling in EUR: the order is kept in shop money, refunds arrive in the buyer's currency and
     * subtract exactly in USD; one that cannot be converted yet is corrected by a later version of the order.
     */
    @Test
    void buyerCurrencyRefundsSubtractExactlyInTheOrdersCurrency(VertxTestContext context) {
        String shop = "multi-currency.myshopify.com";
        JsonObject order = Payloads.shopifyOrder("8801", "euro@example.com", "110.00", T, T, "paid")
                .put("presentment_currency", "EUR");
        order.getJsonObject("total_price_set").put("presentment_money",
                new JsonObject().put("amount", "100.00").put("currency_code", "EUR"));
        JsonObject converted = eurRefund("9901", "8801", "50.00", true);
        JsonObject unconvertible = eurRefund("9902", "8801", "10.00", false);
        gateway.connectShopify(ORG, shop, SECRET)
                .compose(id -> shopify(shop, "orders/paid", order))
                .compose(v -> shopify(shop, "refunds/create", converted))
                .compose(v -> shopify(shop, "refunds/create", unconvertible))
                .compose(v -> stored.order(shop, "8801"))
                .compose(first -> {
                    context.verify(() -> {
                        assertEquals("USD", first.getString("currency"));
                        assertEquals(new BigDecimal("55.00"), first.getBigDecimal("refunded"), "50.00 EUR of items was 55.00 USD");
                    });
                    // The order again, later, with the second refund's transaction in shop money (as reconciliation reads it).
                    JsonObject later = order.copy().put("updated_at", T.plusSeconds(3600).toString())
                            .put("refunds", new JsonArray().add(unconvertible.copy().put("transactions", new JsonArray()
                                    .add(new JsonObject().put("kind", "refund").put("status", "success").put("amount", "10.00")
                                            .put("currency", "EUR").put("amount_set", new JsonObject().put("shop_money",
                                                    new JsonObject().put("amount", "11.00").put("currency_code", "USD")))))));
                    return shopify(shop, "orders/updated", later);
                })
                .compose(v -> stored.order(shop, "8801"))
                .onComplete(context.succeeding(after -> context.verify(() -> {
                    assertEquals(new BigDecimal("66.00"), after.getBigDecimal("refunded"), "the stored EUR refund was replaced in USD");
                    context.completeNow();
                })));
    }

    /**
     * Only the body is signed: a captured order.created re-sent as order.deleted is read as the order it is, a
     * captured customers/redact re-sent as shop/redact erases nothing, and a request naming another shop is refused.
     */
    @Test
    void aSignedBodyReplayedUnderAnotherTopicChangesNothing(VertxTestContext context) {
        String store = "http://topic-swap.example";
        String shop = "topic-swap.myshopify.com";
        JsonObject order = Payloads.wooOrder(4200, "swap@example.com", "30.00", "processing", T, T);
        JsonObject redact = new JsonObject().put("shop_id", 7).put("shop_domain", shop)
                .put("customer", new JsonObject().put("id", 1).put("email", "kept@example.com"))
                .put("orders_to_redact", new JsonArray().add(8802));
        gateway.connectWooCommerce(ORG, store, SECRET)
                .compose(id -> woo(store, "order.created", order))
                .compose(v -> woo(store, "order.deleted", order))
                .compose(v -> stored.order("topic-swap.example", "4200"))
                .compose(swapped -> {
                    context.verify(() -> {
                        assertFalse(swapped.getBoolean("deleted"), "an order body is not a deletion, whatever the topic says");
                        assertTrue(swapped.getBoolean("counts"));
                    });
                    return gateway.connectShopify(ORG, shop, SECRET);
                })
                .compose(id -> shopify(shop, "orders/paid", Payloads.shopifyOrder("8802", "kept@example.com", "20.00", T, T, "paid")))
                .compose(v -> shopify(shop, "shop/redact", redact))
                .compose(v -> shopify(shop, "customers/data_request", new JsonObject().put("shop_id", 8)
                        .put("shop_domain", "other-shop.myshopify.com").put("customer", new JsonObject().put("email", "kept@example.com"))
                        .put("orders_requested", new JsonArray()).put("data_request", new JsonObject().put("id", 1))))
                .compose(v -> stored.order(shop, "8802"))
                .compose(kept -> {
                    context.verify(() -> assertEquals("kept@example.com", kept.getString("email"), "no shop was redacted"));
                    return sql.preparedQuery("SELECT i.topic, i.status FROM webhook_inbox i JOIN stores s ON s.id = i.store_id "
                            + "WHERE s.domain = $1 AND i.topic IN ('shop/redact', 'customers/data_request') ORDER BY i.id")
                            .execute(Tuple.of(shop));
                })
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    assertEquals(2, rows.size());
                    rows.forEach(row -> assertEquals("failed", row.getString("status"), row.getString("topic")));
                    context.completeNow();
                })));
    }

    /** A refunds/create body whose transaction is in EUR; with or without the money sets that convert it. */
    private static JsonObject eurRefund(String refundId, String orderId, String eur, boolean withMoneySets) {
        JsonObject refund = Payloads.shopifyRefund(refundId, orderId, eur, T.plusSeconds(60));
        refund.getJsonArray("transactions").getJsonObject(0).put("currency", "EUR");
        if (withMoneySets) {
            BigDecimal usd = new BigDecimal(eur).multiply(new BigDecimal("1.1")).setScale(2);
            refund.put("refund_line_items", new JsonArray().add(new JsonObject().put("id", 1).put("quantity", 1)
                    .put("subtotal_set", new JsonObject()
                            .put("shop_money", new JsonObject().put("amount", usd.toPlainString()).put("currency_code", "USD"))
                            .put("presentment_money", new JsonObject().put("amount", eur).put("currency_code", "EUR")))));
        }
        return refund;
    }

    private Future<Void> shopify(String shop, String topic, JsonObject body) {
        return accepted(gateway.deliverShopify(shop, SECRET, topic, bytes(body), UUID.randomUUID().toString()));
    }

    private Future<Void> woo(String store, String topic, JsonObject body) {
        return accepted(gateway.deliverWooCommerce(store, SECRET, topic, bytes(body)));
    }

    private Future<Void> accepted(Future<HttpResponse<Buffer>> delivery) {
        return delivery.compose(response -> response.statusCode() == 200 ? stored.awaitProcessed()
                : Future.failedFuture("delivery refused: " + response.statusCode() + " " + response.bodyAsString()));
    }

    private Future<BigDecimal> customerNet(String domain, String email) {
        return sql.preparedQuery("SELECT c.net FROM customers c JOIN stores s ON s.id = c.store_id WHERE s.domain = $1 AND c.email = $2")
                .execute(Tuple.of(domain, email))
                .map(rows -> rows.size() == 0 ? BigDecimal.ZERO : rows.iterator().next().getBigDecimal("net"));
    }
}
