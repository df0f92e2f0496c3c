package io.orderlink.ingest;

import io.orderlink.testing.Fixtures;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestTest {

    private static final String SHOP = "ingest-test.myshopify.com";
    private static final String SHOP_SECRET = "shopify-client-secret";
    private static final String WOO = "http://woo.ingest-test.example:8443";
    private static final String WOO_SECRET = "woo-webhook-secret";
    private static final String ORG = "org-ingest";

    private TestGateway gateway;
    private Pool sql;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database, VertxTestContext context) {
        sql = database.pool(vertx);
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_INGEST_BODY_LIMIT_BYTES", "65536"))
                .compose(g -> {
                    gateway = g;
                    return g.connectShopify(ORG, SHOP, SHOP_SECRET);
                })
                .compose(id -> gateway.connectWooCommerce(ORG, WOO, WOO_SECRET))
                .onComplete(context.succeedingThenComplete());
    }

    @AfterAll
    void stop(VertxTestContext context) {
        gateway.close().eventually(sql::close).onComplete(context.succeedingThenComplete());
    }

    @Test
    void signedShopifyOrderIsStoredExactlyBeforeTheAcknowledgement(VertxTestContext context) {
        byte[] body = Fixtures.bytes("shopify-orders-create.json");
        String webhookId = UUID.randomUUID().toString();
        gateway.deliverShopify(SHOP, SHOP_SECRET, "orders/create", body, webhookId)
                .compose(response -> {
                    context.verify(() -> {
                        assertEquals(200, response.statusCode());
                        assertEquals("accepted", response.bodyAsJsonObject().getString("status"));
                    });
                    // Read at the moment the 200 arrived: the row must already be committed.
                    return row(webhookId);
                })
                .onComplete(context.succeeding(row -> context.verify(() -> {
                    assertNotNull(row, "row committed before the acknowledgement");
                    assertArrayEquals(body, row.getBuffer("body").getBytes(), "raw body kept byte for byte");
                    assertEquals("orders/create", row.getString("topic"));
                    assertEquals("pending", row.getString("status"));
                    assertEquals(ORG, row.getString("org_id"));
                    assertEquals(SHOP, ((JsonObject) row.getValue("headers")).getString("shopDomain"));
                    context.completeNow();
                })));
    }

    @Test
    void oneChangedByteIsRejected(VertxTestContext context) {
        byte[] body = Fixtures.bytes("shopify-orders-create.json");
        String signature = io.orderlink.crypto.HmacVerifier.sign(SHOP_SECRET.getBytes(StandardCharsets.UTF_8), body);
        byte[] tampered = Arrays.copyOf(body, body.length);
        tampered[tampered.length / 2] ^= 1;
        String webhookId = UUID.randomUUID().toString();
        gateway.ingest("/webhooks/shopify")
                .putHeader("X-Shopify-Topic", "orders/create")
                .putHeader("X-Shopify-Shop-Domain", SHOP)
                .putHeader("X-Shopify-Webhook-Id", webhookId)
                .putHeader("X-Shopify-Hmac-Sha256", signature)
                .sendBuffer(Buffer.buffer(tampered))
                .compose(response -> {
                    context.verify(() -> assertEquals(401, response.statusCode()));
                    return row(webhookId);
                })
                .onComplete(context.succeeding(row -> context.verify(() -> {
                    assertEquals(null, row, "nothing stored for a forgery");
                    context.completeNow();
                })));
    }

    @Test
    void missingSignatureWrongSecretAndUnknownStoreLookTheSame(VertxTestContext context) {
        byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
        Future<HttpResponse<Buffer>> missing = gateway.ingest("/webhooks/shopify")
                .putHeader("X-Shopify-Topic", "orders/create").putHeader("X-Shopify-Shop-Domain", SHOP)
                .sendBuffer(Buffer.buffer(body));
        Future<HttpResponse<Buffer>> wrongSecret = gateway.deliverShopify(SHOP, "not-the-secret", "orders/create", body, null);
        Future<HttpResponse<Buffer>> unknownStore = gateway.deliverShopify("nobody.myshopify.com", SHOP_SECRET, "orders/create", body, null);
        Future.all(missing, wrongSecret, unknownStore).onComplete(context.succeeding(all -> context.verify(() -> {
            for (HttpResponse<Buffer> response : Arrays.asList(missing.result(), wrongSecret.result(), unknownStore.result())) {
                assertEquals(401, response.statusCode());
                assertEquals(missing.result().bodyAsString(), response.bodyAsString(), "no oracle: one body for every 401");
            }
            assertEquals("unauthorized", missing.result().bodyAsJsonObject().getJsonObject("error").getString("code"));
            context.completeNow();
        })));
    }

    @Test
    void repeatedShopifyDeliveryIsADuplicateWithOneRow(VertxTestContext context) {
        byte[] body = Fixtures.bytes("shopify-order-sdk-fixture.json");
        String webhookId = UUID.randomUUID().toString();
        gateway.deliverShopify(SHOP, SHOP_SECRET, "orders/paid", body, webhookId)
                .compose(first -> {
                    context.verify(() -> assertEquals("accepted", first.bodyAsJsonObject().getString("status")));
                    return gateway.deliverShopify(SHOP, SHOP_SECRET, "orders/paid", body, webhookId);
                })
                .compose(second -> {
                    context.verify(() -> {
                        assertEquals(200, second.statusCode());
                        assertEquals("duplicate", second.bodyAsJsonObject().getString("status"));
                    });
                    return count("dedup_key = $1", webhookId);
                })
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    assertEquals(1L, rows);
                    context.completeNow();
                })));
    }

    @Test
    void concurrentDuplicatesInOneBatchStoreOneRow(VertxTestContext context) {
        byte[] body = "{\"id\":42}".getBytes(StandardCharsets.UTF_8);
        String webhookId = UUID.randomUUID().toString();
        Future<HttpResponse<Buffer>> a = gateway.deliverShopify(SHOP, SHOP_SECRET, "orders/updated", body, webhookId);
        Future<HttpResponse<Buffer>> b = gateway.deliverShopify(SHOP, SHOP_SECRET, "orders/updated", body, webhookId);
        Future.all(a, b).compose(all -> count("dedup_key = $1", webhookId))
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    assertEquals(1L, rows);
                    String first = a.result().bodyAsJsonObject().getString("status");
                    String second = b.result().bodyAsJsonObject().getString("status");
                    assertEquals(java.util.Set.of("accepted", "duplicate"), java.util.Set.of(first, second));
                    context.completeNow();
                })));
    }

    @Test
    void wooCommerceOrderIsDeduplicatedOnOrderAndModificationNotDeliveryId(VertxTestContext context) {
        byte[] body = Fixtures.bytes("woocommerce-order.json");
        gateway.deliverWooCommerce(WOO, WOO_SECRET, "order.updated", body)
                .compose(first -> {
                    context.verify(() -> assertEquals("accepted", first.bodyAsJsonObject().getString("status")));
                    // Same order and modification time, new delivery id: a repeat, not a new event.
                    return gateway.deliverWooCommerce(WOO, WOO_SECRET, "order.updated", body);
                })
                .compose(second -> {
                    context.verify(() -> assertEquals("duplicate", second.bodyAsJsonObject().getString("status")));
                    return count("platform = 'woocommerce' AND topic = 'order.updated'", null);
                })
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    assertEquals(1L, rows);
                    context.completeNow();
                })));
    }

    @Test
    void wooCommerceCreationPingGets200(VertxTestContext context) {
        gateway.ingest("/webhooks/woocommerce")
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("webhook_id=17"))
                .onComplete(context.succeeding(response -> context.verify(() -> {
                    assertEquals(200, response.statusCode());
                    context.completeNow();
                })));
    }

    @Test
    void originalPathsStayAliases(VertxTestContext context) {
        byte[] body = "{\"id\":7,\"date_modified_gmt\":\"2025-01-09T12:00:00\"}".getBytes(StandardCharsets.UTF_8);
        gateway.ingest("/api/webhooks/woocommerce/order-created")
                .putHeader("X-WC-Webhook-Source", WOO + "/")
                .putHeader("X-WC-Webhook-Topic", "order.created")
                .putHeader("X-WC-Webhook-Signature",
                        io.orderlink.crypto.HmacVerifier.sign(WOO_SECRET.getBytes(StandardCharsets.UTF_8), body))
                .sendBuffer(Buffer.buffer(body))
                .onComplete(context.succeeding(response -> context.verify(() -> {
                    assertEquals(200, response.statusCode());
                    assertEquals("accepted", response.bodyAsJsonObject().getString("status"));
                    context.completeNow();
                })));
    }

    @Test
    void unsupportedTopicFromAKnownStoreIsStoredAsIgnored(VertxTestContext context) {
        String webhookId = UUID.randomUUID().toString();
        gateway.deliverShopify(SHOP, SHOP_SECRET, "products/create", "{\"id\":5}".getBytes(StandardCharsets.UTF_8), webhookId)
                .compose(response -> {
                    context.verify(() -> assertEquals("accepted", response.bodyAsJsonObject().getString("status")));
                    return row(webhookId);
                })
                .onComplete(context.succeeding(row -> context.verify(() -> {
                    assertEquals("ignored", row.getString("status"));
                    context.completeNow();
                })));
    }

    @Test
    void wellSignedWooCommerceOrderWithoutAnIdIsABadRequest(VertxTestContext context) {
        gateway.deliverWooCommerce(WOO, WOO_SECRET, "order.created", "[1,2,3]".getBytes(StandardCharsets.UTF_8))
                .onComplete(context.succeeding(response -> context.verify(() -> {
                    assertEquals(400, response.statusCode());
                    assertEquals("body is not a WooCommerce order: no top-level id",
                            response.bodyAsJsonObject().getJsonObject("error").getString("message"));
                    context.completeNow();
                })));
    }

    @Test
    void declaredBodyOverTheLimitIs413(VertxTestContext context) {
        byte[] big = new byte[70_000];
        Arrays.fill(big, (byte) 'x');
        gateway.deliverShopify(SHOP, SHOP_SECRET, "orders/create", big, null)
                .onComplete(context.succeeding(response -> context.verify(() -> {
                    assertEquals(413, response.statusCode());
                    context.completeNow();
                })));
    }

    @Test
    void chunkedBodyOverTheLimitIs413(Vertx vertx, VertxTestContext context) {
        HttpClient client = vertx.createHttpClient();
        client.request(HttpMethod.POST, gateway.gateway().ingestPort(), "127.0.0.1", "/webhooks/shopify")
                .compose(request -> {
                    request.setChunked(true);
                    request.putHeader("X-Shopify-Shop-Domain", SHOP);
                    for (int i = 0; i < 10; i++) {
                        request.write(Buffer.buffer(new byte[10_000]));
                    }
                    return request.end().compose(v -> request.response());
                })
                .onComplete(context.succeeding(response -> context.verify(() -> {
                    assertEquals(413, response.statusCode());
                    client.close();
                    context.completeNow();
                })));
    }

    @Test
    void unknownPathAndWrongMethod(VertxTestContext context) {
        Future<HttpResponse<Buffer>> path = gateway.ingest("/webhooks/magento").send();
        Future<HttpResponse<Buffer>> method = gateway.client().get(gateway.gateway().ingestPort(), "127.0.0.1", "/webhooks/shopify").send();
        Future.all(path, method).onComplete(context.succeeding(all -> context.verify(() -> {
            assertEquals(404, path.result().statusCode());
            assertEquals(405, method.result().statusCode());
            context.completeNow();
        })));
    }

    private Future<Row> row(String dedupKey) {
        return sql.preparedQuery("SELECT * FROM webhook_inbox WHERE dedup_key = $1").execute(Tuple.of(dedupKey))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }

    private Future<Long> count(String where, String parameter) {
        Tuple args = parameter == null ? Tuple.tuple() : Tuple.of(parameter);
        return sql.preparedQuery("SELECT count(*) FROM webhook_inbox WHERE " + where).execute(args)
                .map(rows -> rows.iterator().next().getLong(0));
    }


    @Test
    void inboxBodiesAreCompressedWithLz4WhereTheServerHasIt(VertxTestContext context) {
        sql.query("SELECT attcompression, (SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression'"
                        + " AND 'lz4' = ANY (enumvals)) AS lz4 FROM pg_attribute"
                        + " WHERE attrelid = 'webhook_inbox'::regclass AND attname = 'body'").execute()
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    Row row = rows.iterator().next();
                    assertEquals(row.getLong("lz4") == 1 ? "l" : "", row.getString("attcompression"));
                    context.completeNow();
                })));
    }
}
