package io.orderlink.api;

import io.orderlink.tenancy.Role;
import io.orderlink.testing.Fixtures;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.StreamingReplica;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static io.orderlink.testing.Await.await;
import static io.orderlink.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ORDERLINK_DATABASE_READ_URL against a real streaming replica: lists read the replica (they lag while its
 * replay is paused), own writes read the primary, and with the replica down reads fall back to the primary
 * and the fallback metric counts them.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadReplicaTest {

    private static final String SHOP = "replica-test.myshopify.com";
    private static final String SECRET = "replica-client-secret";
    private static final String ORG = "org-replica";

    private StreamingReplica replica;
    private TestDatabase database;
    private TestGateway gateway;
    private Pool sql;
    private String viewer;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database) throws Exception {
        this.database = database;
        replica = StreamingReplica.start(database.server());
        sql = database.pool(vertx);
        gateway = await(TestGateway.start(vertx, database.database(),
                Map.of("ORDERLINK_DATABASE_READ_URL", replica.url(database.name()))));
        await(gateway.connectShopify(ORG, SHOP, SECRET));
        viewer = gateway.token(ORG, Role.VIEWER);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (gateway != null) {
                await(gateway.close().eventually(sql::close));
            }
        } finally {
            if (replica != null) {
                replica.close();
            }
        }
    }

    @Test
    void listsReadTheReplicaOwnWritesThePrimaryAndAnOutageFallsBackToThePrimary() throws Exception {
        byte[] order = Fixtures.bytes("shopify-orders-create.json");
        deliver("orders/create", order);
        eventually(this::events, n -> n == 1, 30, "the replica has the first delivery");

        replay("SELECT pg_wal_replay_pause()");
        eventually(() -> replayState(), "paused"::equals, 30, "replay paused on the replica");
        deliver("products/update", order);
        assertEquals(2L, await(sql.query("SELECT count(*) FROM webhook_inbox").execute()).iterator().next().getLong(0));
        assertEquals(1, events(), "the list is read on the replica, which has not replayed the second delivery");

        long ignored = await(sql.query("SELECT id FROM webhook_inbox WHERE topic = 'products/update'").execute())
                .iterator().next().getLong(0);
        eventually(() -> status(ignored), "ignored"::equals, 30, "the worker ignored the second delivery");
        HttpResponse<Buffer> replayed = await(gateway.api(HttpMethod.POST, "/api/events/" + ignored + "/replay",
                gateway.token(ORG, Role.ADMIN)).send());
        assertEquals(202, replayed.statusCode(), "a replay reads its own write on the primary: " + replayed.bodyAsString());

        replay("SELECT pg_wal_replay_resume()");
        eventually(this::events, n -> n == 2, 30, "the replica caught up");
        assertEquals(200, get("/api/orders").statusCode());
        assertEquals(200, get("/api/customers").statusCode());
        assertEquals(200, get("/api/analytics/revenue").statusCode());
        assertEquals(0, gateway.metrics().replicaFallbacks(), "no fallback while the replica answers");

        replica.stop();
        assertEquals(2, events(), "with the replica down, the list comes from the primary");
        assertEquals(200, get("/api/orders").statusCode());
        assertTrue(gateway.metrics().replicaFallbacks() >= 2, "each fallback counted");
        String metrics = await(gateway.metrics("/metrics").send()).bodyAsString();
        assertTrue(metrics.matches("(?s).*\\norderlink_read_replica_fallbacks_total [1-9].*"), "the metric says so");
    }

    private void deliver(String topic, byte[] body) {
        HttpResponse<Buffer> response = await(gateway.deliverShopify(SHOP, SECRET, topic, body, UUID.randomUUID().toString()));
        assertEquals(200, response.statusCode(), response.bodyAsString());
    }

    private HttpResponse<Buffer> get(String path) {
        return await(gateway.api(HttpMethod.GET, path, viewer).send());
    }

    private int events() {
        HttpResponse<Buffer> response = get("/api/events");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getJsonArray("items").size();
    }

    private String status(long id) {
        return await(sql.query("SELECT status FROM webhook_inbox WHERE id = " + id).execute()).iterator().next().getString(0);
    }

    private void replay(String statement) throws Exception {
        try (Connection c = replica.connect(database.name()); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private String replayState() {
        try (Connection c = replica.connect(database.name()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_get_wal_replay_pause_state()")) {
            r.next();
            return r.getString(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
