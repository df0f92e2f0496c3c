package io.orderlink.api;

import io.orderlink.tenancy.Role;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.Seed;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Customers by lifetime value and orders with their attribution: pages, filters and shapes. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomersAndOrdersTest {

    private static final String ORG = "org-lists";

    private TestGateway gateway;
    private Pool sql;
    private long store;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database, VertxTestContext context) {
        sql = database.pool(vertx);
        TestGateway.start(vertx, database.database(), Map.of())
                .compose(g -> {
                    gateway = g;
                    return g.connectShopify(ORG, "lists.myshopify.com", "secret");
                })
                .compose(id -> {
                    store = id;
                    return Seed.conversation(sql, ORG, store, "chat-42", "2024-03-01T08:00:00Z");
                })
                .compose(conversation -> Future.all(List.of(
                        // Equal lifetime values tie-break on email, so the order is fixed: e, d (500), c (300), b, a (100).
                        Seed.customer(sql, ORG, store, "a@example.com", "USD", 1, "100.00"),
                        Seed.customer(sql, ORG, store, "b@example.com", "USD", 1, "100.00"),
                        Seed.customer(sql, ORG, store, "c@example.com", "USD", 2, "300.00"),
                        Seed.customer(sql, ORG, store, "d@example.com", "EUR", 1, "500.00"),
                        Seed.customer(sql, ORG, store, "e@example.com", "USD", 4, "500.00"),
                        new Seed.Order(ORG, store, "2024-03-01T09:00:00Z").money("USD", "199.99").conversation(conversation)
                                .attributed("session_match", "0.95", "2024-03-01T08:30:00Z").insert(sql),
                        new Seed.Order(ORG, store, "2024-03-02T09:00:00Z").attributed("email_match", "0.55", "2024-02-28T09:00:00Z")
                                .insert(sql),
                        new Seed.Order(ORG, store, "2024-03-02T09:00:00Z").insert(sql),
                        new Seed.Order(ORG, store, "2024-03-03T09:00:00Z").cancelled().insert(sql))))
                .onComplete(context.succeedingThenComplete());
    }

    @AfterAll
    void stop(VertxTestContext context) {
        gateway.close().eventually(sql::close).onComplete(context.succeedingThenComplete());
    }

    private Future<JsonObject> get(String path) {
        return gateway.api(HttpMethod.GET, path, gateway.token(ORG, Role.VIEWER)).send().map(r -> {
            assertEquals(200, r.statusCode(), r.bodyAsString());
            return r.bodyAsJsonObject();
        });
    }

    /** Follows nextCursor to the end, collecting {@code field} of every item. */
    private Future<List<String>> all(String path, String field, List<String> sofar) {
        return get(path).compose(page -> {
            page.getJsonArray("items").forEach(item -> sofar.add(String.valueOf(((JsonObject) item).getValue(field))));
            String next = page.getString("nextCursor");
            String base = path.replaceAll("&cursor=.*$", "");
            return next == null ? Future.succeededFuture(sofar) : all(base + "&cursor=" + next, field, sofar);
        });
    }

    @Test
    void customersPageByLifetimeValueWithoutGapsOrRepeats(VertxTestContext context) {
        all("/api/customers?sort=ltv&limit=2", "email", new ArrayList<>())
                .onComplete(context.succeeding(emails -> context.verify(() -> {
                    assertEquals(List.of("e@example.com", "d@example.com", "c@example.com", "b@example.com", "a@example.com"), emails);
                    context.completeNow();
                })));
    }

    @Test
    void customersFilterByCurrencyAndShowLifetimeValue(VertxTestContext context) {
        get("/api/customers?currency=USD&limit=1").onComplete(context.succeeding(page -> context.verify(() -> {
            JsonObject top = page.getJsonArray("items").getJsonObject(0);
            assertEquals("e@example.com", top.getString("email"));
            assertEquals("500.00", top.getString("lifetimeValue"));
            assertEquals(true, top.getBoolean("returning"));
            context.completeNow();
        })));
    }

    @Test
    void oneCustomerByEmailIsCaseInsensitive(VertxTestContext context) {
        get("/api/customers/%20C@Example.com").onComplete(context.succeeding(customer -> context.verify(() -> {
            assertEquals("c@example.com", customer.getString("email"));
            assertEquals("300.00", customer.getJsonArray("items").getJsonObject(0).getString("lifetimeValue"));
            context.completeNow();
        })));
    }

    @Test
    void ordersAreNewestFirstWithTheirAttribution(VertxTestContext context) {
        all("/api/orders?limit=1", "orderedAt", new ArrayList<>())
                .compose(times -> {
                    context.verify(() -> assertEquals(List.of("2024-03-03T09:00:00Z", "2024-03-02T09:00:00Z",
                            "2024-03-02T09:00:00Z", "2024-03-01T09:00:00Z"), times));
                    return get("/api/orders?method=session_match");
                })
                .onComplete(context.succeeding(page -> context.verify(() -> {
                    assertEquals(1, page.getJsonArray("items").size());
                    JsonObject order = page.getJsonArray("items").getJsonObject(0);
                    assertEquals("199.99", order.getString("total"));
                    JsonObject attribution = order.getJsonObject("attribution");
                    assertEquals("0.95", attribution.getString("confidence"));
                    assertEquals("chat-42", attribution.getString("conversationId"));
                    assertEquals("2024-03-01T08:30:00Z", attribution.getString("lastActivityAt"));
                    assertNull(page.getString("nextCursor"));
                    context.completeNow();
                })));
    }

    @Test
    void ordersFilterByConfidenceAndTime(VertxTestContext context) {
        Future.all(get("/api/orders?minConfidence=0.5"), get("/api/orders?start=2024-03-02&end=2024-03-02"))
                .onComplete(context.succeeding(all -> context.verify(() -> {
                    assertEquals(2, ((JsonObject) all.resultAt(0)).getJsonArray("items").size());
                    assertEquals(2, ((JsonObject) all.resultAt(1)).getJsonArray("items").size(), "an end date includes that day");
                    context.completeNow();
                })));
    }

    @Test
    void badListInputIs400NamingTheField(VertxTestContext context) {
        String token = gateway.token(ORG, Role.VIEWER);
        Map<String, String> cases = Map.of("/api/orders?limit=0", "limit", "/api/orders?limit=501", "limit",
                "/api/orders?cursor=bm9wZQ", "cursor", "/api/orders?method=guess", "method",
                "/api/orders?minConfidence=2", "minConfidence", "/api/customers?sort=name", "sort",
                "/api/customers?cursor=%5B%5D", "cursor");
        Future.all(cases.entrySet().stream().map(c -> gateway.api(HttpMethod.GET, c.getKey(), token).send().map(r -> {
                    assertEquals(400, r.statusCode(), c.getKey());
                    assertEquals("invalid_" + c.getValue(), r.bodyAsJsonObject().getJsonObject("error").getString("code"), c.getKey());
                    return null;
                })).toList())
                .onComplete(context.succeedingThenComplete());
    }
}
