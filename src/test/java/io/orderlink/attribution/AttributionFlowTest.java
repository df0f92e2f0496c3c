package io.orderlink.attribution;

import io.orderlink.processing.AttributionVerticle;

import io.orderlink.testing.Payloads;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.StoredState;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.orderlink.tenancy.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.orderlink.testing.Payloads.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signed webhooks and conversations in through HTTP; orders, attributions and lifetime values out of PostgreSQL. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class AttributionFlowTest {

    private static final String ORG = "org-flow";
    private static final String SECRET = "flow-secret";
    private static final Instant T = Instant.parse("2026-03-10T15:00:00Z");

    private TestGateway gateway;
    private Pool sql;
    private StoredState stored;
    private Vertx vertx;
    private TestDatabase database;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database, VertxTestContext context) {
        this.vertx = vertx;
        this.database = database;
        sql = database.pool(vertx);
        stored = new StoredState(vertx, sql);
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_ATTRIBUTION_POLL_INTERVAL_MS", "200",
                        "ORDERLINK_ATTRIBUTION_POLICY_CACHE_SECONDS", "0"))
                .onSuccess(g -> gateway = g)
                .onComplete(context.succeedingThenComplete());
    }

    @AfterAll
    void stop(VertxTestContext context) {
        gateway.close().eventually(sql::close).onComplete(context.succeedingThenComplete());
    }

    /** After every test: each customer's lifetime value equals the plain SQL sum of their orders. */
    @AfterEach
    void lifetimeValueEqualsTheSumOfOrders(VertxTestContext context) {
        String independent = """
                SELECT store_id, email, currency, count(*) AS orders,
                       count(*) FILTER (WHERE paid AND NOT cancelled AND NOT test AND NOT deleted) AS paid_orders,
                       COALESCE(sum(total - refunded) FILTER (WHERE paid AND NOT cancelled AND NOT test AND NOT deleted), 0) AS net
                  FROM orders WHERE email IS NOT NULL GROUP BY store_id, email, currency""";
        String mismatches = "SELECT count(*) FROM ((" + independent + ") EXCEPT (SELECT store_id, email, currency, orders, paid_orders, net "
                + "FROM customers)) a";
        String extra = "SELECT count(*) FROM ((SELECT store_id, email, currency, orders, paid_orders, net FROM customers) EXCEPT ("
                + independent + ")) b";
        sql.query(mismatches).execute().compose(a -> sql.query(extra).execute().map(b -> List.of(a, b)))
                .onComplete(context.succeeding(both -> context.verify(() -> {
                    assertEquals(0L, both.get(0).iterator().next().getLong(0), "every customer with orders has an exact ledger row");
                    assertEquals(0L, both.get(1).iterator().next().getLong(0), "no ledger row without matching orders");
                    context.completeNow();
                })));
    }

    @Test
    void aChatBeforeTheOrderIsCreditedAndTheCustomerLedgerKept(VertxTestContext context) {
        String shop = "credit.myshopify.com";
        gateway.connectShopify(ORG, shop, SECRET)
                .compose(storeId -> conversation("chat-credit", new JsonObject().put("storeId", storeId)
                        .put("customerEmail", "  Buyer@Example.COM ").put("startedAt", T.minus(Duration.ofMinutes(50)).toString())
                        .put("lastMessageAt", T.minus(Duration.ofMinutes(24)).toString()).put("messageCount", 7)
                        .put("productInquiry", true)))
                .compose(created -> {
                    context.verify(() -> assertEquals(201, created.statusCode(), created.bodyAsString()));
                    JsonObject order = Payloads.shopifyOrder("5001", "buyer@example.com", "120.50", T, T, "paid");
                    return deliver(shop, "orders/create", order);
                })
                .compose(v -> stored.awaitProcessed())
                .compose(v -> stored.order(shop, "5001"))
                .onComplete(context.succeeding(order -> context.verify(() -> {
                    assertEquals("session_match", order.getString("method"));
                    assertEquals(new BigDecimal("0.95"), order.getBigDecimal("confidence"));
                    assertEquals("chat 0.4 h before order, 7 messages, product inquiry", order.getString("reasoning"));
                    assertEquals(T.minus(Duration.ofMinutes(24)), order.getOffsetDateTime("last_activity_at").toInstant());
                    context.completeNow();
                })));
    }

    @Test
    void aConversationRecordedAfterItsOrderReattributesIt(VertxTestContext context) {
        String shop = "late.myshopify.com";
        long[] store = new long[1];
        gateway.connectShopify(ORG, shop, SECRET)
                .compose(storeId -> {
                    store[0] = storeId;
                    return deliver(shop, "orders/create", Payloads.shopifyOrder("6001", "late@example.com", "80.00", T, T, "paid"));
                })
                .compose(v -> stored.awaitProcessed())
                .compose(v -> stored.order(shop, "6001"))
                .compose(before -> {
                    context.verify(() -> assertEquals("no_match", before.getString("method")));
                    return conversation("chat-late", new JsonObject().put("storeId", store[0]).put("customerEmail", "late@example.com")
                            .put("startedAt", T.minus(Duration.ofHours(3)).toString())
                            .put("lastMessageAt", T.minus(Duration.ofHours(2)).toString()).put("messageCount", 2));
                })
                .compose(response -> {
                    context.verify(() -> assertEquals(1, response.bodyAsJsonObject().getInteger("reattributedOrders")));
                    return stored.order(shop, "6001");
                })
                .compose(after -> {
                    context.verify(() -> {
                        assertEquals("time_proximity", after.getString("method"));
                        assertEquals(new BigDecimal("0.85"), after.getBigDecimal("confidence"));
                    });
                    // A weaker conversation afterwards never lowers the attribution.
                    return conversation("chat-older", new JsonObject().put("storeId", store[0]).put("customerEmail", "late@example.com")
                            .put("startedAt", T.minus(Duration.ofDays(4)).toString()));
                })
                .compose(v -> stored.order(shop, "6001"))
                .onComplete(context.succeeding(after -> context.verify(() -> {
                    assertEquals(new BigDecimal("0.85"), after.getBigDecimal("confidence"));
                    context.completeNow();
                })));
    }

    @Test
    void theChatSessionIdOnTheOrderMatchesWhateverTheEmail(VertxTestContext context) {
        String shop = "session.myshopify.com";
        gateway.connectShopify(ORG, shop, SECRET)
                .compose(storeId -> conversation("chat-session", new JsonObject().put("storeId", storeId)
                        .put("sessionId", "widget-42").put("startedAt", T.minus(Duration.ofDays(2)).toString())))
                .compose(v -> deliver(shop, "orders/create", Payloads.withChatSession(
                        Payloads.shopifyOrder("7001", "someone-else@example.com", "10.00", T, T, "paid"), "widget-42")))
                .compose(v -> stored.awaitProcessed())
                .compose(v -> stored.order(shop, "7001"))
                .onComplete(context.succeeding(order -> context.verify(() -> {
                    assertEquals("session_match", order.getString("method"));
                    assertEquals(new BigDecimal("0.95"), order.getBigDecimal("confidence"));
                    assertTrue(order.getString("reasoning").startsWith("session id matched"), order.getString("reasoning"));
                    context.completeNow();
                })));
    }

    /** Update before create and a refund twice end exactly like create, update, refund once. */
    @Test
    void outOfOrderAndRepeatedShopifyDeliveriesEndInTheCleanState(VertxTestContext context) {
        JsonObject created = Payloads.shopifyOrder("8001", "ooo@example.com", "200.00", T, T, "pending");
        JsonObject paid = Payloads.shopifyOrder("8001", "ooo@example.com", "200.00", T, T.plusSeconds(60), "paid");
        JsonObject refund = Payloads.shopifyRefund("9001", "8001", "25.50", T.plusSeconds(600));
        List<Delivery> clean = List.of(new Delivery("orders/create", created), new Delivery("orders/paid", paid),
                new Delivery("refunds/create", refund));
        List<Delivery> shuffled = List.of(new Delivery("refunds/create", refund), new Delivery("orders/paid", paid),
                new Delivery("orders/create", created), new Delivery("refunds/create", refund));
        compareSequences(context, "clean.myshopify.com", "shuffled.myshopify.com", clean, shuffled, "8001", state -> {
            assertEquals("paid", state.getString("status"));
            assertEquals(0, new BigDecimal("25.50").compareTo(state.getBigDecimal("refunded")));
            assertTrue(state.getBoolean("counts"));
        });
    }

    /** WooCommerce: cancel then restore, delivered backwards, ends restored and paid. */
    @Test
    void cancelThenRestoreInAnyOrderEndsRestored(VertxTestContext context) {
        JsonObject created = Payloads.wooOrder(727, "woo@example.com", "29.35", "processing", T, T);
        JsonObject cancelled = Payloads.wooOrder(727, "woo@example.com", "29.35", "cancelled", T, T.plusSeconds(60));
        JsonObject restored = Payloads.wooOrder(727, "woo@example.com", "29.35", "processing", T, T.plusSeconds(120));
        List<Delivery> clean = List.of(new Delivery("order.created", created), new Delivery("order.updated", cancelled),
                new Delivery("order.restored", restored));
        List<Delivery> backwards = List.of(new Delivery("order.restored", restored), new Delivery("order.updated", cancelled),
                new Delivery("order.created", created));
        compareSequences(context, "http://clean.woo.example", "http://backwards.woo.example", clean, backwards, "727", state -> {
            assertEquals("processing", state.getString("status"));
            assertTrue(state.getBoolean("counts"));
        });
    }

    /** WooCommerce totals of 1e400 or -50.00 (the issue's): a dead letter naming the total, no order, no revenue. */
    @Test
    void aWooCommerceTotalThatIsNoSaneAmountIsADeadLetterNeverRevenue(VertxTestContext context) {
        String store = "http://insane-totals.woo.example";
        gateway.connectWooCommerce(ORG, store, SECRET)
                .compose(id -> sequentially(store, List.of(
                        new Delivery("order.created", Payloads.wooOrder(4001, "big@example.com", "1e400", "processing", T, T)),
                        new Delivery("order.created", Payloads.wooOrder(4002, "neg@example.com", "-50.00", "processing", T, T)))))
                .compose(v -> sql.preparedQuery("SELECT i.status, i.error, (SELECT count(*) FROM orders o WHERE o.store_id = s.id) AS orders"
                                + " FROM webhook_inbox i JOIN stores s ON s.id = i.store_id WHERE s.domain = $1 ORDER BY i.id")
                        .execute(Tuple.of(domain(store))))
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    List<String> outcomes = new ArrayList<>();
                    rows.forEach(row -> outcomes.add(row.getString("status") + ": " + row.getString("error") + " / orders " + row.getLong("orders")));
                    assertEquals(List.of(
                            "failed: Invalid total value: 1e400 (an amount of money is a decimal of at most 1000000000000000 "
                                    + "with at most 20 decimals) / orders 0",
                            "failed: Invalid total value: -50.00 (must not be negative) / orders 0"), outcomes);
                    context.completeNow();
                })));
    }

    @Test
    void anUnparseableOrderIsADeadLetterThatCanBeReplayed(VertxTestContext context) {
        String shop = "deadletter.myshopify.com";
        JsonObject broken = Payloads.shopifyOrder("9901", "x@example.com", "12abc", T, T, "paid");
        String admin = gateway.token(ORG, Role.ADMIN);
        gateway.connectShopify(ORG, shop, SECRET)
                .compose(id -> deliver(shop, "orders/create", broken))
                .compose(v -> stored.awaitProcessed())
                .compose(v -> gateway.api(HttpMethod.GET, "/api/events?status=failed", gateway.token(ORG, Role.VIEWER)).send())
                .compose(list -> {
                    JsonObject event = list.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
                    context.verify(() -> {
                        assertEquals("failed", event.getString("status"));
                        assertTrue(event.getString("error").contains("total"), event.getString("error"));
                    });
                    return gateway.api(HttpMethod.POST, "/api/events/" + event.getLong("id") + "/replay", admin).send()
                            .map(replayed -> {
                                context.verify(() -> assertEquals(202, replayed.statusCode()));
                                return event.getLong("id");
                            });
                })
                .compose(id -> stored.awaitProcessed().compose(v -> sql.preparedQuery("SELECT status, attempts FROM webhook_inbox WHERE id = $1")
                        .execute(Tuple.of(id))).map(rows -> rows.iterator().next()))
                .compose(row -> {
                    context.verify(() -> {
                        assertEquals("failed", row.getString("status"), "the same broken body fails again");
                        assertEquals(2, row.getInteger("attempts"));
                    });
                    return gateway.api(HttpMethod.POST, "/api/events/999999/replay", admin).send();
                })
                .onComplete(context.succeeding(missing -> context.verify(() -> {
                    assertEquals(404, missing.statusCode());
                    context.completeNow();
                })));
    }

    @Test
    void twoWorkersProcessABurstWithEveryOrderExactlyOnce(VertxTestContext context) {
        String shop = "burst.myshopify.com";
        int orders = 200;
        List<String> extraWorkers = new ArrayList<>();
        Future<Void> deployed = Future.succeededFuture();
        for (int i = 0; i < 2; i++) {
            deployed = deployed.compose(v -> vertx.deployVerticle(new AttributionVerticle(database.database(),
                            gateway.config().attribution(), io.orderlink.orders.TimeRange.DEFAULT, new io.orderlink.metrics.Metrics(), io.orderlink.processing.IngestLoad.NONE), new io.vertx.core.DeploymentOptions().setThreadingModel(io.vertx.core.ThreadingModel.WORKER))
                    .map(id -> {
                        extraWorkers.add(id);
                        return null;
                    }));
        }
        deployed.compose(v -> gateway.connectShopify(ORG, shop, SECRET))
                .compose(id -> {
                    List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
                    for (int i = 0; i < orders; i++) {
                        String orderId = String.valueOf(20_000 + i);
                        all.add(deliver(shop, "orders/paid", Payloads.shopifyOrder(orderId, "c" + (i % 17) + "@example.com",
                                "10.01", T.plusSeconds(i), T.plusSeconds(i), "paid")));
                    }
                    return Future.all(all);
                })
                .compose(v -> stored.awaitProcessed())
                .compose(v -> sql.query("""
                        SELECT count(*) AS rows, count(*) FILTER (WHERE i.status = 'processed' AND i.attempts = 1) AS once,
                               (SELECT count(*) FROM orders o JOIN stores s ON s.id = o.store_id WHERE s.domain = 'burst.myshopify.com') AS orders,
                               (SELECT sum(net) FROM customers c JOIN stores s ON s.id = c.store_id WHERE s.domain = 'burst.myshopify.com') AS net
                          FROM webhook_inbox i JOIN stores s ON s.id = i.store_id WHERE s.domain = 'burst.myshopify.com'""").execute())
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    Row r = rows.iterator().next();
                    assertEquals(orders, r.getLong("rows"));
                    assertEquals(orders, r.getLong("once"), "every row processed by exactly one worker, once");
                    assertEquals(orders, r.getLong("orders"));
                    assertEquals(0, new BigDecimal("2002.00").compareTo(r.getBigDecimal("net")));
                    extraWorkers.forEach(vertx::undeploy);
                    context.completeNow();
                })));
    }

    @Test
    void complianceRequestsRedactRecordAndRemove(VertxTestContext context) {
        String shop = "privacy.myshopify.com";
        String email = "private@example.com";
        gateway.connectShopify(ORG, shop, SECRET)
                .compose(storeId -> conversation("chat-private", new JsonObject().put("storeId", storeId).put("customerEmail", email)
                        .put("startedAt", T.minusSeconds(600).toString())))
                .compose(v -> deliver(shop, "orders/create", Payloads.shopifyOrder("3001", email, "40.00", T, T, "paid")))
                .compose(v -> stored.awaitProcessed())
                .compose(v -> deliver(shop, "customers/data_request", new JsonObject().put("shop_domain", shop)
                        .put("customer", new JsonObject().put("id", 1).put("email", email))
                        .put("orders_requested", new io.vertx.core.json.JsonArray().add(3001)).put("data_request", new JsonObject().put("id", 9))))
                .compose(v -> stored.awaitProcessed())
                .compose(v -> sql.query("SELECT data FROM compliance_requests WHERE topic = 'customers/data_request'").execute())
                .compose(rows -> {
                    JsonObject data = (JsonObject) rows.iterator().next().getValue("data");
                    context.verify(() -> assertEquals("3001", data.getJsonArray("orders").getJsonObject(0).getString("orderId")));
                    return deliver(shop, "customers/redact", new JsonObject().put("shop_domain", shop)
                            .put("customer", new JsonObject().put("id", 1).put("email", email))
                            .put("orders_to_redact", new io.vertx.core.json.JsonArray().add(3001)));
                })
                .compose(v -> stored.awaitProcessed())
                .compose(v -> sql.preparedQuery("""
                        SELECT (SELECT count(*) FROM orders WHERE email = $1) + (SELECT count(*) FROM customers WHERE email = $1)
                             + (SELECT count(*) FROM conversations WHERE email = $1) + (SELECT count(*) FROM conversation_activity WHERE email = $1)
                             + (SELECT count(*) FROM webhook_inbox WHERE strpos(encode(body, 'escape'), $1) > 0) AS left,
                               (SELECT net FROM customers c JOIN stores s ON s.id = c.store_id WHERE s.domain = $2) AS net""")
                        .execute(Tuple.of(email, shop)))
                .compose(rows -> {
                    context.verify(() -> {
                        assertEquals(0L, rows.iterator().next().getLong("left"), "the email is nowhere any more");
                        assertEquals(0, new BigDecimal("40.00").compareTo(rows.iterator().next().getBigDecimal("net")),
                                "aggregates survive under the pseudonym");
                    });
                    return deliver(shop, "shop/redact", new JsonObject().put("shop_id", 1).put("shop_domain", shop));
                })
                .compose(v -> stored.awaitProcessed())
                .compose(v -> sql.preparedQuery("""
                        SELECT (SELECT count(*) FROM orders o WHERE o.store_id = s.id) + (SELECT count(*) FROM conversations c WHERE c.store_id = s.id)
                               AS left, s.credentials IS NULL AS erased FROM stores s WHERE s.domain = $1""").execute(Tuple.of(shop)))
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    assertEquals(0L, rows.iterator().next().getLong("left"));
                    assertTrue(rows.iterator().next().getBoolean("erased"));
                    context.completeNow();
                })));
    }

    @Test
    void anOrganizationsOwnWindowsDecideItsAttributions(VertxTestContext context) {
        String org = "org-settings";
        String shop = "settings.myshopify.com";
        String admin = gateway.token(org, Role.ADMIN);
        long[] store = new long[1];
        gateway.api(HttpMethod.PUT, "/api/settings/attribution", admin)
                .sendJsonObject(new JsonObject().put("sessionWindow", "PT10M"))
                .compose(bad -> {
                    context.verify(() -> {
                        assertEquals(400, bad.statusCode(), "a 10 min session window is shorter than the 30 min tier inside it");
                        assertTrue(bad.bodyAsJsonObject().getJsonObject("error").getString("message").contains("sessionWindow"));
                    });
                    // Email matches reach only 2 days back in this organization.
                    return gateway.api(HttpMethod.PUT, "/api/settings/attribution", admin).sendJsonObject(new JsonObject()
                            .put("emailHighWindow", "P1D").put("emailMidWindow", "P2D").put("emailWindow", "P2D")
                            .put("sessionIdWindow", "P2D"));
                })
                .compose(saved -> {
                    context.verify(() -> {
                        assertEquals(200, saved.statusCode(), saved.bodyAsString());
                        assertEquals("PT48H", saved.bodyAsJsonObject().getString("emailWindow"));
                        assertEquals("0.95", saved.bodyAsJsonObject().getValue("sessionHighConfidence").toString());
                    });
                    return gateway.api(HttpMethod.PUT, "/api/settings/attribution", gateway.token(org, Role.VIEWER))
                            .sendJsonObject(new JsonObject());
                })
                .compose(viewer -> {
                    context.verify(() -> assertEquals(403, viewer.statusCode()));
                    return gateway.connectShopify(org, shop, SECRET);
                })
                .compose(id -> {
                    store[0] = id;
                    return gateway.api(HttpMethod.PUT, "/api/conversations/settings-chat", gateway.token(org, Role.SERVICE))
                            .sendJsonObject(new JsonObject().put("storeId", id).put("customerEmail", "window@example.com")
                                    .put("startedAt", T.minus(Duration.ofDays(4)).toString()));
                })
                .compose(v -> deliver(shop, "orders/create", Payloads.shopifyOrder("4401", "window@example.com", "30.00", T, T, "paid")))
                .compose(v -> stored.awaitProcessed())
                .compose(v -> stored.order(shop, "4401"))
                .onComplete(context.succeeding(order -> context.verify(() -> {
                    assertEquals("no_match", order.getString("method"), "4 days is outside this organization's 2-day window");
                    context.completeNow();
                })));
    }

    @Test
    void badConversationInputNamesTheField(VertxTestContext context) {
        String token = gateway.token(ORG, Role.SERVICE);
        gateway.api(HttpMethod.PUT, "/api/conversations/c-bad", token)
                .sendJsonObject(new JsonObject().put("domain", "nowhere.example").put("startedAt", "yesterday"))
                .compose(bad -> {
                    context.verify(() -> {
                        assertEquals(400, bad.statusCode());
                        assertTrue(bad.bodyAsJsonObject().getJsonObject("error").getString("message").startsWith("startedAt"));
                    });
                    return gateway.api(HttpMethod.PUT, "/api/conversations/c-bad", gateway.token(ORG, Role.VIEWER))
                            .sendJsonObject(new JsonObject());
                })
                .compose(viewer -> {
                    context.verify(() -> assertEquals(403, viewer.statusCode()));
                    return gateway.api(HttpMethod.PUT, "/api/conversations/c-bad", token)
                            .sendJsonObject(new JsonObject().put("storeId", 987654).put("startedAt", T.toString()));
                })
                .onComplete(context.succeeding(missing -> context.verify(() -> {
                    assertEquals(404, missing.statusCode());
                    context.completeNow();
                })));
    }

    private record Delivery(String topic, JsonObject body) {
    }

    /** Delivers each sequence to its own store, then compares the two orders' final states. */
    private void compareSequences(VertxTestContext context, String storeA, String storeB, List<Delivery> a, List<Delivery> b,
                                  String orderId, java.util.function.Consumer<Row> expectations) {
        boolean woo = storeA.startsWith("http");
        Future<Long> connected = woo
                ? gateway.connectWooCommerce(ORG, storeA, SECRET).compose(id -> gateway.connectWooCommerce(ORG, storeB, SECRET))
                : gateway.connectShopify(ORG, storeA, SECRET).compose(id -> gateway.connectShopify(ORG, storeB, SECRET));
        connected.compose(v -> sequentially(storeA, a))
                .compose(v -> sequentially(storeB, b))
                .compose(v -> stored.awaitProcessed())
                .compose(v -> stored.order(domain(storeA), orderId).compose(x -> stored.order(domain(storeB), orderId).map(y -> List.of(x, y))))
                .onComplete(context.succeeding(both -> context.verify(() -> {
                    for (String column : List.of("total", "refunded", "status", "paid", "cancelled", "deleted", "counts",
                            "source_updated_at", "method", "confidence")) {
                        assertEquals(String.valueOf(both.get(0).getValue(column)), String.valueOf(both.get(1).getValue(column)), column);
                    }
                    expectations.accept(both.get(1));
                    context.completeNow();
                })));
    }

    /** One at a time, each processed before the next, so the worker sees them in exactly this order. */
    private Future<Void> sequentially(String store, List<Delivery> deliveries) {
        Future<Void> chain = Future.succeededFuture();
        for (Delivery d : deliveries) {
            chain = chain.compose(v -> (store.startsWith("http")
                            ? gateway.deliverWooCommerce(store, SECRET, d.topic(), bytes(d.body()))
                            : gateway.deliverShopify(store, SECRET, d.topic(), bytes(d.body()), UUID.randomUUID().toString()))
                    .compose(response -> stored.awaitProcessed()));
        }
        return chain;
    }

    private static String domain(String store) {
        return store.startsWith("http") ? store.substring(store.indexOf("://") + 3) : store;
    }

    private Future<HttpResponse<Buffer>> deliver(String shop, String topic, JsonObject body) {
        return gateway.deliverShopify(shop, SECRET, topic, bytes(body), UUID.randomUUID().toString()).map(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("delivery refused: " + response.statusCode() + " " + response.bodyAsString());
            }
            return response;
        });
    }

    private Future<HttpResponse<Buffer>> conversation(String externalId, JsonObject body) {
        return gateway.api(HttpMethod.PUT, "/api/conversations/" + externalId, gateway.token(ORG, Role.SERVICE)).sendJsonObject(body);
    }
}
