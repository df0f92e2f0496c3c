package io.orderlink.api;

import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.orderlink.tenancy.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoresApiTest {

    private TestGateway gateway;
    private Pool sql;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database, VertxTestContext context) {
        sql = database.pool(vertx);
        TestGateway.start(vertx, database.database(), Map.of()).onSuccess(g -> gateway = g).onComplete(context.succeedingThenComplete());
    }

    @AfterAll
    void stop(VertxTestContext context) {
        gateway.close().eventually(sql::close).onComplete(context.succeedingThenComplete());
    }

    private Future<HttpResponse<Buffer>> post(String org, Role role, JsonObject body) {
        return gateway.api(HttpMethod.POST, "/api/stores", gateway.token(org, role)).sendJsonObject(body);
    }

    private static JsonObject shopify(String domain) {
        return new JsonObject().put("platform", "shopify").put("domain", domain)
                .put("credentials", new JsonObject().put("accessToken", "shpat_top_secret").put("clientSecret", "client-secret-value"));
    }

    @Test
    void aStoreWhosePlatformCannotBeAskedIsNotConnected(VertxTestContext context) {
        // The test gateway's Shopify is a closed port: ownership can be neither proven nor refused.
        post("org-a", Role.ADMIN, shopify("unreachable.myshopify.com"))
                .compose(refused -> {
                    context.verify(() -> {
                        assertEquals(502, refused.statusCode(), refused.bodyAsString());
                        JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
                        assertEquals("platform_error", error.getString("code"));
                        assertTrue(error.getString("message").startsWith("could not prove ownership of unreachable.myshopify.com: "),
                                error.getString("message"));
                        assertFalse(refused.bodyAsString().contains("shpat"), "no token in the answer");
                    });
                    return sql.query("SELECT count(*) FROM stores WHERE domain = 'unreachable.myshopify.com'").execute();
                })
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    assertEquals(0L, rows.iterator().next().getLong(0), "nothing was stored");
                    context.completeNow();
                })));
    }

    @Test
    void connectingAStoreAnswers201WithoutItsSecretsAndSealsThemAtRest(VertxTestContext context) {
        post("org-a", Role.ADMIN, shopify("HTTPS://Sealed.MyShopify.com/").put("register", false))
                .compose(created -> {
                    context.verify(() -> {
                        assertEquals(201, created.statusCode(), created.bodyAsString());
                        JsonObject store = created.bodyAsJsonObject();
                        assertEquals("sealed.myshopify.com", store.getString("domain"));
                        assertEquals(false, store.getBoolean("proven"), "nobody asked Shopify");
                        assertFalse(created.bodyAsString().contains("secret"), "no secret in the answer");
                        assertFalse(created.bodyAsString().contains("shpat"), "no token in the answer");
                    });
                    return sql.query("SELECT credentials, signing_secret FROM stores WHERE domain = 'sealed.myshopify.com'").execute();
                })
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    String stored = rows.iterator().next().getBuffer("credentials").toString() + rows.iterator().next().getBuffer("signing_secret");
                    assertFalse(stored.contains("shpat_top_secret"), "credentials are encrypted at rest");
                    assertFalse(stored.contains("client-secret-value"), "signing secret is encrypted at rest");
                    context.completeNow();
                })));
    }

    @Test
    void aStoreWhoseWebhooksTheMerchantManagesIsNeitherRegisteredNorHealthChecked(VertxTestContext context) {
        post("org-a", Role.ADMIN, shopify("own-hooks.myshopify.com").put("register", false))
                .compose(created -> {
                    context.verify(() -> {
                        assertEquals(201, created.statusCode(), created.bodyAsString());
                        JsonObject webhooks = created.bodyAsJsonObject().getJsonObject("webhooks");
                        assertEquals("missing", webhooks.getString("status"), "no registration was attempted");
                        assertEquals(false, webhooks.getBoolean("managed"));
                    });
                    return sql.query("SELECT count(*) FROM webhook_health_due(interval '0') d JOIN stores s ON s.id = d.store_id "
                            + "WHERE s.domain = 'own-hooks.myshopify.com'").execute();
                })
                .compose(due -> {
                    context.verify(() -> assertEquals(0L, due.iterator().next().getLong(0), "never picked by the health sweep"));
                    return post("org-a", Role.ADMIN, shopify("bad-flag.myshopify.com").put("register", "no"));
                })
                .onComplete(context.succeeding(bad -> context.verify(() -> {
                    assertEquals(400, bad.statusCode());
                    assertTrue(bad.bodyAsJsonObject().getJsonObject("error").getString("message").startsWith("register "));
                    context.completeNow();
                })));
    }

    @Test
    void twoUnprovenClaimsOnAStoreTheFirstKeepsIt(VertxTestContext context) {
        post("org-a", Role.ADMIN, shopify("twice.myshopify.com").put("register", false))
                .compose(first -> {
                    context.verify(() -> assertEquals(201, first.statusCode(), first.bodyAsString()));
                    return post("org-b", Role.ADMIN, shopify("twice.myshopify.com").put("register", false));
                })
                .onComplete(context.succeeding(second -> context.verify(() -> {
                    assertEquals(409, second.statusCode());
                    JsonObject error = second.bodyAsJsonObject().getJsonObject("error");
                    assertEquals("store_exists", error.getString("code"));
                    assertTrue(error.getString("message").contains("\"register\": true proves ownership"), error.getString("message"));
                    context.completeNow();
                })));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"platform\":\"magento\"}|platform",
            "{\"platform\":\"shopify\",\"credentials\":{\"accessToken\":\"a\",\"clientSecret\":\"b\"}}|domain",
            "{\"platform\":\"shopify\",\"domain\":\"x.myshopify.com\"}|credentials",
            "{\"platform\":\"shopify\",\"domain\":\"x.myshopify.com\",\"credentials\":{\"accessToken\":\"a\"}}|credentials.clientSecret",
            "{\"platform\":\"woocommerce\",\"credentials\":{\"consumerKey\":\"a\",\"consumerSecret\":\"b\"}}|url",
            "{\"platform\":\"woocommerce\",\"url\":\"ftp://shop.example\",\"credentials\":{\"consumerKey\":\"a\",\"consumerSecret\":\"b\"}}|url",
            "{\"platform\":\"woocommerce\",\"url\":\"https://shop.example\",\"credentials\":{\"consumerKey\":\"a\"}}|credentials.consumerSecret",
            "[1,2]|body"})
    void badInputIs400NamingTheField(String body, String field, Vertx vertx, VertxTestContext context) {
        gateway.api(HttpMethod.POST, "/api/stores", gateway.token("org-a", Role.ADMIN))
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body))
                .onComplete(context.succeeding(response -> context.verify(() -> {
                    assertEquals(400, response.statusCode(), response.bodyAsString());
                    String message = response.bodyAsJsonObject().getJsonObject("error").getString("message");
                    assertTrue(message.startsWith(field + " "), message);
                    context.completeNow();
                })));
    }

    @Test
    void noTokenIs401AndAViewerCannotConnect(VertxTestContext context) {
        gateway.api(HttpMethod.POST, "/api/stores", null).sendJsonObject(shopify("anon.myshopify.com"))
                .compose(anonymous -> {
                    context.verify(() -> {
                        assertEquals(401, anonymous.statusCode());
                        assertEquals("unauthorized", anonymous.bodyAsJsonObject().getJsonObject("error").getString("code"));
                    });
                    return post("org-a", Role.VIEWER, shopify("viewer.myshopify.com"));
                })
                .onComplete(context.succeeding(viewer -> context.verify(() -> {
                    assertEquals(403, viewer.statusCode());
                    context.completeNow();
                })));
    }

    @Test
    void eachOrganizationListsOnlyItsOwnStores(VertxTestContext context) {
        post("org-list-1", Role.ADMIN, shopify("one.myshopify.com").put("register", false))
                .compose(a -> post("org-list-2", Role.ADMIN, shopify("two.myshopify.com").put("register", false))
                        .map(b -> b.bodyAsJsonObject().getLong("id")))
                .compose(otherId -> gateway.api(HttpMethod.GET, "/api/stores", gateway.token("org-list-1", Role.VIEWER)).send()
                        .compose(list -> {
                            context.verify(() -> {
                                JsonArray stores = list.bodyAsJsonObject().getJsonArray("items");
                                assertEquals(1, stores.size());
                                assertEquals("one.myshopify.com", stores.getJsonObject(0).getString("domain"));
                            });
                            return gateway.api(HttpMethod.GET, "/api/stores/" + otherId, gateway.token("org-list-1", Role.VIEWER)).send();
                        }))
                .onComplete(context.succeeding(foreign -> context.verify(() -> {
                    assertEquals(404, foreign.statusCode(), "another organization's store does not exist for this one");
                    context.completeNow();
                })));
    }
}
