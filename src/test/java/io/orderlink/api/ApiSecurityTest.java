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

import static io.orderlink.testing.Jwts.b64;
import static io.orderlink.testing.Jwts.hs256;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Authentication, authorization and tenant isolation through the API: bad tokens are 401, a too-small role is 403,
 * another organization's objects are 404 on every endpoint that takes an id.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiSecurityTest {

    private static final String ISSUER = "https://auth.orderlink.test";
    private static final String AUDIENCE = "orderlink-api";
    private static final String A = "org-a";
    private static final String B = "org-b";

    private TestGateway gateway;
    private Pool sql;
    private long storeA;
    private long storeB;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database, VertxTestContext context) {
        sql = database.pool(vertx);
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_JWT_ISSUER", ISSUER, "ORDERLINK_JWT_AUDIENCE", AUDIENCE))
                .compose(g -> {
                    gateway = g;
                    return g.connectShopify(A, "a.myshopify.com", "secret");
                })
                .compose(id -> {
                    storeA = id;
                    return gateway.connectShopify(B, "b.myshopify.com", "secret");
                })
                .compose(id -> {
                    storeB = id;
                    return Future.all(new Seed.Order(B, storeB, "2024-03-01T10:00:00Z").email("bee@example.com").insert(sql),
                            Seed.customer(sql, B, storeB, "bee@example.com", "USD", 1, "10.00"),
                            new Seed.Order(A, storeA, "2024-03-01T10:00:00Z").email("ay@example.com").insert(sql),
                            Seed.customer(sql, A, storeA, "ay@example.com", "USD", 1, "10.00"));
                })
                .onComplete(context.succeedingThenComplete());
    }

    @AfterAll
    void stop(VertxTestContext context) {
        gateway.close().eventually(sql::close).onComplete(context.succeedingThenComplete());
    }

    private static JsonObject claims(long expiresIn) {
        long now = System.currentTimeMillis() / 1000;
        return new JsonObject().put("org", A).put("role", "admin").put("sub", "tester").put("iss", ISSUER)
                .put("aud", AUDIENCE).put("iat", now - 5).put("exp", now + expiresIn);
    }

    private Future<Integer> status(HttpMethod method, String path, String token) {
        return gateway.api(method, path, token).send().map(response -> response.statusCode());
    }

    private void expect(VertxTestContext context, Map<String, Integer> expected, Map<String, Future<Integer>> actual) {
        Future.all(List.copyOf(actual.values())).onComplete(context.succeeding(all -> context.verify(() -> {
            Map<String, Integer> got = new java.util.TreeMap<>();
            actual.forEach((name, status) -> got.put(name, status.result()));
            assertEquals(new java.util.TreeMap<>(expected), got);
            context.completeNow();
        })));
    }

    @Test
    void everyBadTokenIs401AndAGoodOneIsNot(VertxTestContext context) {
        String path = "/api/stores";
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims(600).encode()) + ".";
        Map<String, Future<Integer>> actual = new java.util.LinkedHashMap<>();
        actual.put("valid", status(HttpMethod.GET, path, hs256(claims(600), TestGateway.JWT_SECRET)));
        actual.put("missing", status(HttpMethod.GET, path, null));
        actual.put("garbage", status(HttpMethod.GET, path, "not.a.jwt"));
        actual.put("expired", status(HttpMethod.GET, path, hs256(claims(-60), TestGateway.JWT_SECRET)));
        actual.put("unsigned alg none", status(HttpMethod.GET, path, none));
        actual.put("alg none without the dot", status(HttpMethod.GET, path, none.substring(0, none.length() - 1)));
        actual.put("wrong key", status(HttpMethod.GET, path, hs256(claims(600), "another-secret-0123456789abcdef")));
        actual.put("wrong issuer", status(HttpMethod.GET, path, hs256(claims(600).put("iss", "https://evil.test"), TestGateway.JWT_SECRET)));
        actual.put("wrong audience", status(HttpMethod.GET, path, hs256(claims(600).put("aud", "someone-else"), TestGateway.JWT_SECRET)));
        actual.put("no org claim", status(HttpMethod.GET, path, hs256(claims(600).put("org", null), TestGateway.JWT_SECRET)));
        actual.put("unknown role", status(HttpMethod.GET, path, hs256(claims(600).put("role", "root"), TestGateway.JWT_SECRET)));
        actual.put("tampered payload", status(HttpMethod.GET, path, tamper(hs256(claims(600), TestGateway.JWT_SECRET))));
        expect(context, Map.ofEntries(Map.entry("valid", 200), Map.entry("missing", 401), Map.entry("garbage", 401),
                Map.entry("expired", 401), Map.entry("unsigned alg none", 401), Map.entry("alg none without the dot", 401),
                Map.entry("wrong key", 401), Map.entry("wrong issuer", 401), Map.entry("wrong audience", 401),
                Map.entry("no org claim", 401), Map.entry("unknown role", 401), Map.entry("tampered payload", 401)), actual);
    }

    /** The same signature over a payload that names another organization. */
    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + b64(claims(600).put("org", B).encode()) + "." + parts[2];
    }

    @Test
    void aValidTokenWithTooSmallARoleIs403(VertxTestContext context) {
        String viewer = gateway.token(A, Role.VIEWER);
        String service = gateway.token(A, Role.SERVICE);
        Map<String, Future<Integer>> actual = new java.util.LinkedHashMap<>();
        actual.put("viewer connects a store", gateway.api(HttpMethod.POST, "/api/stores", viewer)
                .sendJsonObject(new JsonObject()).map(r -> r.statusCode()));
        actual.put("service reads analytics", status(HttpMethod.GET, "/api/analytics/revenue", service));
        actual.put("service reads orders", status(HttpMethod.GET, "/api/orders", service));
        actual.put("service reads customers", status(HttpMethod.GET, "/api/customers", service));
        actual.put("viewer reads analytics", status(HttpMethod.GET, "/api/analytics/revenue", viewer));
        expect(context, Map.of("viewer connects a store", 403, "service reads analytics", 403, "service reads orders", 403,
                "service reads customers", 403, "viewer reads analytics", 200), actual);
    }

    @Test
    void anotherOrganizationsObjectsAre404OnEveryEndpoint(VertxTestContext context) {
        String token = gateway.token(A, Role.ADMIN);
        Map<String, Future<Integer>> actual = new java.util.LinkedHashMap<>();
        actual.put("store", status(HttpMethod.GET, "/api/stores/" + storeB, token));
        actual.put("customer", status(HttpMethod.GET, "/api/customers/bee@example.com", token));
        actual.put("customer in store", status(HttpMethod.GET, "/api/customers/bee@example.com?storeId=" + storeB, token));
        actual.put("customers of store", status(HttpMethod.GET, "/api/customers?storeId=" + storeB, token));
        actual.put("orders of store", status(HttpMethod.GET, "/api/orders?storeId=" + storeB, token));
        actual.put("analytics of store", status(HttpMethod.GET, "/api/analytics/revenue?storeId=" + storeB, token));
        actual.put("unknown store", status(HttpMethod.GET, "/api/analytics/revenue?storeId=999999", token));
        actual.put("own store", status(HttpMethod.GET, "/api/stores/" + storeA, token));
        actual.put("own customer", status(HttpMethod.GET, "/api/customers/AY@example.com", token));
        actual.put("own analytics", status(HttpMethod.GET, "/api/analytics/revenue?storeId=" + storeA, token));
        Map<String, Integer> expected = new java.util.HashMap<>();
        actual.keySet().forEach(name -> expected.put(name, name.startsWith("own") ? 200 : 404));
        expect(context, expected, actual);
    }

    @Test
    void listsWithoutAFilterHoldOnlyTheCallersRows(VertxTestContext context) {
        String token = gateway.token(A, Role.VIEWER);
        Future<JsonObject> orders = gateway.api(HttpMethod.GET, "/api/orders", token).send().map(r -> r.bodyAsJsonObject());
        Future<JsonObject> customers = gateway.api(HttpMethod.GET, "/api/customers", token).send().map(r -> r.bodyAsJsonObject());
        Future.all(orders, customers).onComplete(context.succeeding(all -> context.verify(() -> {
            List<Object> emails = new ArrayList<>();
            orders.result().getJsonArray("items").forEach(o -> emails.add(((JsonObject) o).getString("email")));
            customers.result().getJsonArray("items").forEach(c -> emails.add(((JsonObject) c).getString("email")));
            assertEquals(List.of("ay@example.com", "ay@example.com"), emails);
            context.completeNow();
        })));
    }
}
