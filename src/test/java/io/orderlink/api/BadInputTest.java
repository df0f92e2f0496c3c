package io.orderlink.api;

import io.orderlink.tenancy.Role;
import io.orderlink.testing.Jwts;
import io.orderlink.testing.Payloads;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every bad request the issue lists (and its neighbours) gets a clear 4xx: a 400 naming the field and the rule, or
 * a 401 with {@code WWW-Authenticate}; none reaches a place that throws. Requests go out byte for byte as written.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final String ORG = "org-bad-input";
    private static final String SHOP = "bad-input.myshopify.com";
    private static final String SECRET = "bad-input-secret";
    private static final String LONG_DOMAIN = "a".repeat(10_000) + ".example.com";

    private TestGateway gateway;
    private HttpClient raw;
    private Pool sql;
    private Vertx vertx;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database, VertxTestContext context) {
        // A connection per request: a refused request never leaves state behind for the next case.
        raw = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
        this.vertx = vertx;
        sql = database.pool(vertx);
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_ATTRIBUTION_POLL_INTERVAL_MS", "100"))
                .compose(g -> {
                    gateway = g;
                    return g.connectShopify(ORG, SHOP, SECRET);
                })
                .onComplete(context.succeedingThenComplete());
    }

    @AfterAll
    void stop(VertxTestContext context) {
        gateway.close().eventually(sql::close).eventually(raw::close).onComplete(context.succeedingThenComplete());
    }

    private static String cursor(JsonArray key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.encode().getBytes(StandardCharsets.UTF_8));
    }

    private static String conversation(String fields) {
        return "{\"domain\":\"" + SHOP + "\",\"startedAt\":\"2026-01-01T00:00:00Z\"," + fields + "}";
    }

    /** Name, method, URI as sent, body, token kind (see {@link #authorization}), status, error code. */
    static Stream<Arguments> badRequests() {
        return Stream.of(
                arguments("bad percent-encoding", "GET", "/api/events?status=%zz", null, "admin", 400, "invalid_url"),
                arguments("a lone %", "GET", "/api/customers?currency=%", null, "admin", 400, "invalid_url"),
                arguments("NUL in a query", "GET", "/api/customers?currency=%00", null, "admin", 400, "invalid_url"),
                arguments("NUL in a path", "GET", "/api/customers/a%00b@x.com", null, "admin", 400, "invalid_url"),
                arguments("NUL in customerEmail", "PUT", "/api/conversations/c1", conversation("\"customerEmail\":\"a\\u0000b@x.com\""),
                        "admin", 400, "invalid_customerEmail"),
                arguments("NUL in a metadata value", "PUT", "/api/conversations/c1", conversation("\"metadata\":{\"note\":\"a\\u0000\"}"),
                        "admin", 400, "invalid_metadata_note"),
                arguments("NUL in a metadata key", "PUT", "/api/conversations/c1", conversation("\"metadata\":{\"a\\u0000\":1}"),
                        "admin", 400, "invalid_metadata"),
                arguments("NUL in a conversation id", "PUT", "/api/conversations/c%00d", conversation("\"messageCount\":1"),
                        "admin", 400, "invalid_url"),
                arguments("minConfidence 1e-999999999", "GET", "/api/orders?minConfidence=1e-999999999", null, "admin", 400,
                        "invalid_minConfidence"),
                arguments("analytics in year 294276", "GET", "/api/analytics/revenue?start=%2B294276-12-01&end=%2B294277-01-01", null,
                        "admin", 400, "invalid_start"),
                arguments("customers cursor of 1e999999", "GET", "/api/customers?cursor="
                        + cursor(new JsonArray().add("1e999999").add(1).add("a@b.example").add("USD")), null, "admin", 400, "invalid_cursor"),
                arguments("orders cursor in year 1000000000", "GET", "/api/orders?cursor="
                        + cursor(new JsonArray().add("+1000000000-01-01T00:00:00Z").add(1)), null, "admin", 400, "invalid_cursor"),
                arguments("events cursor 1e999999", "GET", "/api/events?cursor=1e999999", null, "admin", 400, "invalid_cursor"),
                arguments("10,000-character store domain", "POST", "/api/stores", new JsonObject().put("platform", "shopify")
                        .put("domain", LONG_DOMAIN).put("credentials", new JsonObject().put("accessToken", "shpat_x").put("clientSecret", "s"))
                        .encode(), "admin", 400, "invalid_domain"),
                arguments("10,000-character conversation domain", "PUT", "/api/conversations/c1",
                        "{\"domain\":\"" + LONG_DOMAIN + "\",\"startedAt\":\"2026-01-01T00:00:00Z\"}", "admin", 400, "invalid_domain"),
                arguments("10,000-character setup domain", "GET", "/api/webhooks/setup?platform=shopify&domain=" + "a".repeat(1000)
                        + ".example.com", null, "admin", 400, "invalid_domain"),
                arguments("exp a string", "GET", "/api/stores", null, "exp:string", 401, "unauthorized"),
                arguments("nbf a string", "GET", "/api/stores", null, "nbf:string", 401, "unauthorized"),
                arguments("iat a string", "GET", "/api/stores", null, "iat:string", 401, "unauthorized"),
                arguments("currency=anything", "GET", "/api/customers?currency=anything", null, "admin", 400, "invalid_currency"),
                arguments("storeId=1.9", "GET", "/api/customers?storeId=1.9", null, "admin", 400, "invalid_storeId"),
                arguments("storeId=1e23", "GET", "/api/orders?storeId=1e23", null, "admin", 400, "invalid_storeId"),
                arguments("storeId=1.9 on analytics", "GET", "/api/analytics/revenue?storeId=1.9", null, "admin", 400, "invalid_storeId"),
                arguments("storeId=1e23 on events", "GET", "/api/events?storeId=1e23", null, "admin", 400, "invalid_storeId"),
                arguments("body storeId 1.9", "PUT", "/api/conversations/c1",
                        "{\"storeId\":1.9,\"startedAt\":\"2026-01-01T00:00:00Z\"}", "admin", 400, "invalid_storeId"),
                arguments("body storeId 1e23", "PUT", "/api/conversations/c1",
                        "{\"storeId\":1e23,\"startedAt\":\"2026-01-01T00:00:00Z\"}", "admin", 400, "invalid_storeId"),
                arguments("conversation dated +999999", "PUT", "/api/conversations/c1",
                        "{\"domain\":\"" + SHOP + "\",\"startedAt\":\"+999999-01-01T00:00:00Z\"}", "admin", 400, "invalid_startedAt"),
                arguments("orders from +999999", "GET", "/api/orders?start=%2B999999-01-01T00:00:00Z", null, "admin", 400, "invalid_start"),
                arguments("reconcile since +999999", "POST", "/api/stores/1/reconcile", "{\"since\":\"+999999-01-01T00:00:00Z\"}",
                        "admin", 400, "invalid_since"),
                arguments("limit=1.5", "GET", "/api/orders?limit=1.5", null, "admin", 400, "invalid_limit"),
                arguments("limit=1e2", "GET", "/api/customers?limit=1e2", null, "admin", 400, "invalid_limit"),
                arguments("token without exp", "GET", "/api/stores", null, "no exp", 401, "unauthorized"),
                arguments("token living 30 days", "GET", "/api/stores", null, "30 days", 401, "unauthorized"),
                arguments("empty bearer token", "GET", "/api/stores", null, "empty", 401, "unauthorized"),
                arguments("malformed bearer token", "GET", "/api/stores", null, "malformed", 401, "unauthorized"),
                arguments("no token", "GET", "/api/stores", null, "none", 401, "unauthorized"),
                arguments("iat 10 s ahead (clock skew)", "GET", "/api/stores", null, "iat ahead", 200, null));
    }

    /** The Authorization header for a token kind; null sends none. */
    private String authorization(String kind) {
        JsonObject claims = Jwts.claims(ORG, "admin");
        long now = System.currentTimeMillis() / 1000;
        return switch (kind) {
            case "admin" -> "Bearer " + gateway.token(ORG, Role.ADMIN);
            case "exp:string", "nbf:string", "iat:string" -> "Bearer " + Jwts.hs256(claims.put(kind.substring(0, 3),
                    String.valueOf(now + 60)), TestGateway.JWT_SECRET);
            case "no exp" -> "Bearer " + Jwts.hs256(without(claims, "exp"), TestGateway.JWT_SECRET);
            case "30 days" -> "Bearer " + Jwts.hs256(claims.put("exp", now + 30 * 86_400), TestGateway.JWT_SECRET);
            case "iat ahead" -> "Bearer " + Jwts.hs256(claims.put("iat", now + 10), TestGateway.JWT_SECRET);
            case "empty" -> "Bearer ";
            case "malformed" -> "Bearer abc";
            case "none" -> null;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static JsonObject without(JsonObject claims, String claim) {
        claims.remove(claim);
        return claims;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void everyBadRequestGetsAClear4xx(String name, String method, String uri, String body, String token, int status, String code,
                                      VertxTestContext context) {
        String authorization = authorization(token);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setHost("127.0.0.1")
                .setPort(gateway.gateway().apiPort()).setURI(uri).setTimeout(20_000);
        if (authorization != null) {
            options.putHeader("Authorization", authorization);
        }
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        // On a Vert.x context, so the response's body is read on the thread that receives it: from the test's own
        // thread, the body could arrive before the listener that reads it is called.
        Promise<Answer> answered = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> raw.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(buffer -> new Answer(response, buffer)))
                .onComplete(answered));
        answered.future()
                .onComplete(context.succeeding(answer -> context.verify(() -> {
                    assertEquals(status, answer.response().statusCode(), answer.body().toString());
                    if (code != null) {
                        JsonObject error = answer.body().toJsonObject().getJsonObject("error");
                        assertEquals(code, error.getString("code"));
                        String field = code.equals("unauthorized") ? "" : code.substring("invalid_".length()).split("_")[0];
                        assertTrue(error.getString("message").startsWith(field), "the message names the field: " + error);
                    }
                    if (status == 401) {
                        assertEquals(authorization == null ? "Bearer realm=\"orderlink\"" : "Bearer realm=\"orderlink\", error=\"invalid_token\"",
                                answer.response().getHeader("WWW-Authenticate"));
                    }
                    context.completeNow();
                })));
    }

    private record Answer(HttpClientResponse response, Buffer body) {
    }

    /** An order dated +999999 is a dead letter at parsing; the orders list and its cursors keep working. */
    @Test
    void anOrderDatedBeyondTheRangeNeverBreaksPagination(VertxTestContext context) {
        Instant t = Instant.parse("2026-02-01T10:00:00Z");
        List<JsonObject> orders = List.of(Payloads.shopifyOrder("7001", "a@example.com", "10.00", t, t, "paid"),
                Payloads.shopifyOrder("7002", "b@example.com", "20.00", Instant.parse("+999999-01-01T00:00:00Z"), t, "paid"),
                Payloads.shopifyOrder("7003", "c@example.com", "30.00", t.plusSeconds(60), t.plusSeconds(60), "paid"));
        String viewer = gateway.token(ORG, Role.VIEWER);
        Future<Void> delivered = Future.succeededFuture();
        for (JsonObject order : orders) {
            delivered = delivered.compose(v -> gateway.deliverShopify(SHOP, SECRET, "orders/create", Payloads.bytes(order),
                    UUID.randomUUID().toString()).mapEmpty());
        }
        delivered.compose(v -> gateway.processed(sql, 100))
                .compose(v -> gateway.api(HttpMethod.GET, "/api/orders?limit=1", viewer).send())
                .compose(first -> gateway.api(HttpMethod.GET, "/api/orders?limit=1&cursor="
                                + first.bodyAsJsonObject().getString("nextCursor"), viewer).send()
                        .map(second -> List.of(first.bodyAsJsonObject(), second.bodyAsJsonObject())))
                .compose(pages -> gateway.api(HttpMethod.GET, "/api/events?status=failed", viewer).send()
                        .map(failed -> List.of(pages.get(0), pages.get(1), failed.bodyAsJsonObject())))
                .onComplete(context.succeeding(pages -> context.verify(() -> {
                    assertEquals("7003", pages.get(0).getJsonArray("items").getJsonObject(0).getString("orderId"));
                    assertNotNull(pages.get(0).getString("nextCursor"));
                    assertEquals("7001", pages.get(1).getJsonArray("items").getJsonObject(0).getString("orderId"));
                    assertNull(pages.get(1).getString("nextCursor"));
                    String error = pages.get(2).getJsonArray("items").getJsonObject(0).getString("error");
                    assertEquals("Invalid date in field created_at: +999999-01-01T00:00:00Z must be in the years 2000 to 2100 (UTC)", error);
                    context.completeNow();
                })));
    }
}
