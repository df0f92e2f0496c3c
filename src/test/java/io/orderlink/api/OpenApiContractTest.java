package io.orderlink.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.orderlink.registration.FakeShopify;
import io.orderlink.tenancy.Role;
import io.orderlink.testing.Payloads;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The served OpenAPI document, read by a real validator (swagger-parser, as swagger-cli uses it): no error, an
 * operationId on every operation, a license; then live answers of every operation, successes and errors, checked
 * against the document's schemas by swagger-request-validator (requests too, where they are meant to be valid).
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class OpenApiContractTest {

    private static final String ORG = "org-contract";
    private static final String SHOP = "contract.myshopify.com";
    private static final String SECRET = "contract-secret";
    private static final Instant T = Instant.parse("2026-03-10T15:00:00Z");

    private static final String TOKEN = "shpat_contract";

    private TestGateway gateway;
    private FakeShopify shopify;
    private Pool sql;
    private String document;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database, VertxTestContext context) {
        sql = database.pool(vertx);
        new FakeShopify(vertx).start()
                .compose(fake -> {
                    shopify = fake;
                    return TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_ATTRIBUTION_POLL_INTERVAL_MS", "100",
                            "ORDERLINK_SHOPIFY_ADMIN_BASE_URL", fake.adminBaseUrl()));
                })
                .compose(g -> {
                    gateway = g;
                    shopify.shop(SHOP, g.config().shopify().apiVersion(), TOKEN, SECRET);
                    return g.api(HttpMethod.GET, "/api/openapi.yaml", null).send();
                })
                .onSuccess(served -> document = served.bodyAsString())
                .onComplete(context.succeedingThenComplete());
    }

    @AfterAll
    void stop(VertxTestContext context) {
        gateway.close().eventually(sql::close).eventually(shopify::close).onComplete(context.succeedingThenComplete());
    }

    @Test
    void theServedDocumentIsValidAndEveryOperationIsNamed() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(document, null, options);
        assertEquals(List.of(), result.getMessages(), "swagger-parser's errors and warnings");
        OpenAPI api = result.getOpenAPI();
        assertNotNull(api.getInfo().getLicense(), "info.license");
        List<String> unnamed = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (operation.getOperationId() == null || !ids.add(operation.getOperationId())) {
                unnamed.add(method + " " + path);
            }
            boolean described = operation.getResponses().entrySet().stream().anyMatch(r -> r.getKey().startsWith("2")
                    && r.getValue().getContent() != null && r.getValue().getContent().values().stream().allMatch(m -> m.getSchema() != null));
            if (!described) {
                unnamed.add(method + " " + path + ": no success response with a schema");
            }
            if (operation.getSecurity() == null && !operation.getResponses().keySet().containsAll(List.of("401", "429", "500"))) {
                unnamed.add(method + " " + path + ": 401, 429 or 500 undocumented");
            }
        }));
        assertEquals(List.of(), unnamed, "operations without a unique operationId or with undocumented answers");
    }

    /** One exchange: what was sent, for the validator, and whether the request itself is meant to be valid. */
    private record Exchange(SimpleRequest request, boolean validRequest, HttpResponse<Buffer> response) {
    }

    private Future<Exchange> call(HttpMethod method, String path, Map<String, String> query, JsonObject body, Role role,
                                  boolean validRequest) {
        return call(ORG, method, path, query, body, role, validRequest);
    }

    private Future<Exchange> call(String org, HttpMethod method, String path, Map<String, String> query, JsonObject body, Role role,
                                  boolean validRequest) {
        String token = role == null ? null : gateway.token(org, role);
        StringBuilder uri = new StringBuilder(path);
        SimpleRequest.Builder request = new SimpleRequest.Builder(method.name(), path);
        query.forEach((name, value) -> {
            uri.append(uri.indexOf("?") < 0 ? '?' : '&').append(name).append('=').append(value);
            request.withQueryParam(name, value);
        });
        HttpRequest<Buffer> http = gateway.api(method, uri.toString(), token);
        if (token != null) {
            request.withAuthorization("Bearer " + token);
        }
        if (body != null) {
            request.withContentType("application/json").withBody(body.encode());
        }
        return (body == null ? http.send() : http.sendJsonObject(body)).map(response -> new Exchange(request.build(), validRequest, response));
    }

    private static ValidationReport validate(OpenApiInteractionValidator validator, Exchange exchange) {
        HttpResponse<Buffer> response = exchange.response();
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode())
                .withContentType(response.getHeader("Content-Type"));
        response.headers().forEach(header -> answer.withHeader(header.getKey(), header.getValue()));
        if (response.body() != null) {
            answer.withBody(response.bodyAsString());
        }
        SimpleRequest request = exchange.request();
        return exchange.validRequest() ? validator.validate(request, answer.build())
                : validator.validateResponse(request.getPath(), request.getMethod(), answer.build());
    }

    @Test
    void everyOperationAnswersAsDocumented(VertxTestContext context) {
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
        List<Exchange> exchanges = new ArrayList<>();
        Map<String, String> none = Map.of();
        JsonObject paid = Payloads.shopifyOrder("9001", "buyer@example.com", "25.00", T, T, "paid");
        JsonObject broken = Payloads.shopifyOrder("9002", "buyer@example.com", "12abc", T, T, "paid");
        JsonObject shop = new JsonObject().put("platform", "shopify").put("domain", SHOP)
                .put("credentials", new JsonObject().put("accessToken", TOKEN).put("clientSecret", SECRET));
        JsonObject wrongToken = shop.copy().put("credentials", new JsonObject().put("accessToken", "shpat_x").put("clientSecret", SECRET));
        JsonObject noShop = shop.copy().put("domain", "no-such-shop.myshopify.com");
        JsonObject unmanaged = new JsonObject().put("platform", "woocommerce").put("url", "http://own-hooks.example").put("register", false)
                .put("credentials", new JsonObject().put("consumerKey", "ck").put("consumerSecret", "cs"));
        JsonObject conversation = new JsonObject().put("domain", SHOP).put("customerEmail", "buyer@example.com")
                .put("startedAt", T.minusSeconds(3600).toString()).put("metadata", new JsonObject().put("channel", "chat"));
        Future<Void> chain = record(exchanges, call(HttpMethod.GET, "/api/openapi.yaml", none, null, null, true))
                // Ownership not proven (422), or not provable now (502): nothing is stored.
                .compose(v -> record(exchanges, call(HttpMethod.POST, "/api/stores", none, wrongToken, Role.ADMIN, true)))
                .compose(v -> record(exchanges, call(HttpMethod.POST, "/api/stores", none, noShop, Role.ADMIN, true)))
                .compose(v -> record(exchanges, call(HttpMethod.POST, "/api/stores", none, shop, Role.ADMIN, true)))
                // Another organization's claim on the same store: 409.
                .compose(v -> record(exchanges, call("org-other", HttpMethod.POST, "/api/stores", none, shop, Role.ADMIN, true)))
                .compose(v -> record(exchanges, call(HttpMethod.POST, "/api/stores", none, unmanaged, Role.ADMIN, true)))
                .compose(v -> record(exchanges, call(HttpMethod.POST, "/api/stores", none, new JsonObject().put("platform", "x"), Role.ADMIN, false)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/stores", none, null, Role.VIEWER, true)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/stores", none, null, Role.SERVICE, true)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/stores", none, null, null, false)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/stores/1", none, null, Role.VIEWER, true)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/stores/999", none, null, Role.VIEWER, true)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/stores/1/webhooks", none, null, Role.VIEWER, true)))
                .compose(v -> record(exchanges, call(HttpMethod.POST, "/api/stores/1/webhooks/register", none, null, Role.ADMIN, true)))
                .compose(v -> record(exchanges, call(HttpMethod.DELETE, "/api/stores/1/webhooks", none, null, Role.ADMIN, true)))
                .compose(v -> record(exchanges, call(HttpMethod.POST, "/api/stores/1/reconcile", none,
                        new JsonObject().put("since", T.toString()), Role.ADMIN, true)))
                .compose(v -> record(exchanges, call(HttpMethod.POST, "/api/webhooks/setup", none,
                        new JsonObject().put("domain", SHOP).put("platform", "shopify").put("action", "check"), Role.ADMIN, true)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/webhooks/setup", Map.of("domain", SHOP, "platform", "shopify"),
                        null, Role.VIEWER, true)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/settings/attribution", none, null, Role.VIEWER, true)))
                .compose(v -> record(exchanges, call(HttpMethod.PUT, "/api/settings/attribution", none,
                        new JsonObject().put("messageCountThreshold", 4), Role.ADMIN, true)))
                .compose(v -> record(exchanges, call(HttpMethod.PUT, "/api/settings/attribution", none,
                        new JsonObject().put("emailConfidence", 7), Role.ADMIN, false)))
                .compose(v -> record(exchanges, call(HttpMethod.PUT, "/api/conversations/conv-1", none, conversation, Role.SERVICE, true)))
                .compose(v -> record(exchanges, call(HttpMethod.PUT, "/api/conversations/conv-1", none, conversation, Role.SERVICE, true)))
                .compose(v -> gateway.deliverShopify(SHOP, SECRET, "orders/create", Payloads.bytes(paid), UUID.randomUUID().toString()))
                .compose(v -> gateway.deliverShopify(SHOP, SECRET, "orders/create", Payloads.bytes(broken), UUID.randomUUID().toString()))
                .compose(v -> gateway.processed(sql, 200))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/events", Map.of("limit", "1"), null, Role.VIEWER, true)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/events", Map.of("status", "failed"), null, Role.VIEWER, true)))
                .compose(v -> failedEvent())
                .compose(id -> record(exchanges, call(HttpMethod.POST, "/api/events/" + id + "/replay", none, null, Role.ADMIN, true))
                        .compose(v -> record(exchanges, call(HttpMethod.POST, "/api/events/" + id + "/replay", none, null, Role.ADMIN, true))))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/customers", Map.of("currency", "USD"), null, Role.VIEWER, true)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/customers", Map.of("currency", "anything"), null, Role.VIEWER, false)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/customers/buyer@example.com", none, null, Role.VIEWER, true)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/customers/nobody@example.com", none, null, Role.VIEWER, true)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/orders", Map.of("limit", "1"), null, Role.VIEWER, true)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/orders", Map.of("storeId", "1.9"), null, Role.VIEWER, false)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/analytics/revenue", Map.of("start", "2026-03-01", "end", "2026-03-31"),
                        null, Role.VIEWER, true)))
                .compose(v -> record(exchanges, call(HttpMethod.GET, "/api/analytics/revenue", none, null, Role.SERVICE, true)))
                .compose(v -> record(exchanges, call(HttpMethod.DELETE, "/api/stores/2", none, null, Role.ADMIN, true)))
                .compose(v -> record(exchanges, call(HttpMethod.DELETE, "/api/stores/1", none, null, Role.ADMIN, true)));
        chain.onComplete(context.succeeding(v -> context.verify(() -> {
            Map<String, List<String>> problems = new TreeMap<>();
            Set<String> answered = new TreeSet<>();
            for (Exchange exchange : exchanges) {
                String key = exchange.request().getMethod() + " " + exchange.request().getPath() + " -> " + exchange.response().statusCode();
                answered.add(key);
                ValidationReport report = validate(validator, exchange);
                if (report.hasErrors()) {
                    problems.computeIfAbsent(key, k -> new ArrayList<>()).add(report.getMessages().toString());
                }
            }
            assertEquals(Map.of(), problems, "answers that differ from the document");
            assertEquals(Set.of(), uncovered(exchanges), "operations this test did not call");
            assertEquals(true, answered.stream().anyMatch(a -> a.endsWith("-> 201")) && answered.stream().anyMatch(a -> a.endsWith("-> 400"))
                    && answered.stream().anyMatch(a -> a.endsWith("-> 401")) && answered.stream().anyMatch(a -> a.endsWith("-> 403"))
                    && answered.stream().anyMatch(a -> a.endsWith("-> 404")) && answered.stream().anyMatch(a -> a.endsWith("-> 409"))
                    && answered.contains("POST /api/stores -> 422") && answered.contains("POST /api/stores -> 502"), answered.toString());
            context.completeNow();
        })));
    }

    /** The documented operations none of the exchanges reached. */
    private Set<String> uncovered(List<Exchange> exchanges) {
        OpenAPI api = new OpenAPIParser().readContents(document, null, null).getOpenAPI();
        Set<String> missing = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String pattern = path.replaceAll("\\{[^}]+}", "[^/]+");
            boolean called = exchanges.stream().anyMatch(e -> e.request().getMethod() == Request.Method.valueOf(method.name())
                    && e.request().getPath().matches(pattern));
            if (!called) {
                missing.add(operationName(operation, method + " " + path));
            }
        }));
        return missing;
    }

    private static String operationName(Operation operation, String fallback) {
        return operation.getOperationId() == null ? fallback : operation.getOperationId();
    }

    private Future<Void> record(List<Exchange> exchanges, Future<Exchange> exchange) {
        return exchange.map(e -> {
            exchanges.add(e);
            return null;
        });
    }

    private Future<Long> failedEvent() {
        return sql.query("SELECT id FROM webhook_inbox WHERE status = 'failed' ORDER BY id LIMIT 1").execute()
                .map(rows -> rows.iterator().next().getLong("id"));
    }
}
