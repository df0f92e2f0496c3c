package io.orderlink.api;

import io.orderlink.tenancy.Role;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document against the router, and the per-token rate limit. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiAndRateLimitTest {

    private TestGateway gateway;
    private ApiVerticle api;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database, VertxTestContext context) {
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_API_RATE_LIMIT_PER_SECOND", "1",
                        "ORDERLINK_API_RATE_LIMIT_BURST", "3"))
                .compose(g -> {
                    gateway = g;
                    api = new ApiVerticle(g.config(), database.database(),
                            io.orderlink.tenancy.Tokens.auth(vertx, g.config().jwt(), TestGateway.JWT_SECRET), null,
                            () -> { });
                    return vertx.deployVerticle(api);
                })
                .onComplete(context.succeedingThenComplete());
    }

    @AfterAll
    void stop(VertxTestContext context) {
        gateway.close().onComplete(context.succeedingThenComplete());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists(VertxTestContext context) {
        gateway.api(HttpMethod.GET, "/api/openapi.yaml", null).send().onComplete(context.succeeding(response -> context.verify(() -> {
            assertEquals(200, response.statusCode(), "served without a token");
            Map<String, Object> document = new Yaml().load(response.bodyAsString());
            assertTrue(String.valueOf(document.get("openapi")).startsWith("3."));
            Set<String> documented = new TreeSet<>();
            ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, operations) -> operations.keySet().stream()
                    .filter(key -> List.of("get", "put", "post", "delete", "patch").contains(key))
                    .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\{(\\w+)}", ":$1"))));
            Set<String> registered = new TreeSet<>();
            for (Route route : api.router().getRoutes()) {
                if (route.methods() != null && route.getPath() != null) {
                    route.methods().forEach(method -> registered.add(method.name() + " " + route.getPath()));
                }
            }
            Set<String> undocumented = new TreeSet<>(registered);
            undocumented.removeAll(documented);
            assertEquals(Set.of(), undocumented, "routes missing from openapi.yaml");
            Set<String> missing = new TreeSet<>(documented);
            missing.removeAll(registered);
            assertEquals(Set.of(), missing, "documented routes that the router does not have");
            context.completeNow();
        })));
    }

    @Test
    void overTheBurstA429CarriesRetryAfterAndOtherTokensAreUnaffected(VertxTestContext context) {
        String token = gateway.token("org-limited", Role.VIEWER);
        List<Future<Integer>> burst = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < 5; i++) {
            chain = chain.compose(v -> gateway.api(HttpMethod.GET, "/api/orders", token).send().map(response -> {
                burst.add(Future.succeededFuture(response.statusCode()));
                if (response.statusCode() == 429) {
                    assertEquals("1", response.getHeader("Retry-After"));
                    assertEquals("rate_limited", response.bodyAsJsonObject().getJsonObject("error").getString("code"));
                }
                return null;
            }));
        }
        chain.compose(v -> gateway.api(HttpMethod.GET, "/api/orders", gateway.token("org-other", Role.VIEWER)).send())
                .onComplete(context.succeeding(other -> context.verify(() -> {
                    assertEquals(List.of(200, 200, 200, 429, 429), burst.stream().map(Future::result).toList());
                    assertEquals(200, other.statusCode(), "buckets are per token");
                    context.completeNow();
                })));
    }
}
