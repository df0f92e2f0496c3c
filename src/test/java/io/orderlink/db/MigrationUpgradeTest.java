package io.orderlink.db;

import io.orderlink.tenancy.Role;
import io.orderlink.testing.Payloads;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Released migrations are frozen (Flyway refuses to start on a database whose applied scripts changed), and a
 * database an older release left behind upgrades to the latest schema with its data intact.
 */
@PostgresExtension.MigratedTo("6")
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class MigrationUpgradeTest {

    private static final String ORG = "org-v6";

    @Test
    void releasedMigrationsOnTheClasspathMatchTheirReleasedChecksums() {
        List<String> released = resource("migrations/released-migrations.sha256").lines().toList();
        assertEquals(6, released.size(), "V1-V6 are released");
        for (String line : released) {
            String[] parts = line.split("\\s+");
            String file = parts[1].substring(parts[1].lastIndexOf('/') + 1);
            assertEquals(parts[0], sha256(bytes("db/migration/" + file)), file + " changed after its release: put the change in a new version");
        }
    }

    @Test
    @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
    void aDatabaseLeftByV6WithDataUpgradesToTheLatestVersionAndTheGatewayWorksOnIt(Vertx vertx, TestDatabase database,
                                                                                 VertxTestContext context) throws SQLException {
        Map<String, String> before;
        Map<String, String> columns;
        try (Connection c = database.server().connect(database.name()); Statement s = c.createStatement()) {
            s.execute(resource("migrations/v6-data.sql"));
            insertPendingOrder(c);
            columns = columnsByTable(c);
            before = snapshot(c, columns);
        }
        PostgresServer.migrate(database.options());
        try (Connection c = database.server().connect(database.name())) {
            assertEquals(before, snapshot(c, columns), "every V6 row and column is unchanged by the upgrade");
            assertEquals(Map.of("v6-shop.myshopify.com", false, "v6-woo.example", true), proven(c),
                    "a store whose webhooks Orderlink registered (a remote id) counts as proven, the other does not");
        }
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_ATTRIBUTION_POLL_INTERVAL_MS", "100"))
                .compose(gateway -> until(vertx, () -> gateway.api(HttpMethod.GET, "/api/orders?limit=10", gateway.token(ORG, Role.VIEWER))
                                .send().map(r -> r.bodyAsJsonObject()), page -> page.getJsonArray("items").size() == 3, 200)
                        .compose(page -> gateway.api(HttpMethod.GET, "/api/customers?currency=USD", gateway.token(ORG, Role.VIEWER)).send()
                                .map(customers -> {
                                    context.verify(() -> {
                                        Map<String, JsonObject> orders = new LinkedHashMap<>();
                                        page.getJsonArray("items").forEach(o -> orders.put(((JsonObject) o).getString("orderId"), (JsonObject) o));
                                        assertEquals(List.of("5001", "4001", "9"), List.copyOf(orders.keySet()), "newest first, old orders kept");
                                        assertEquals("session_match", orders.get("5001").getJsonObject("attribution").getString("method"),
                                                "the pending delivery was processed and attributed to the V6 conversation");
                                        assertEquals("chat-ann", orders.get("5001").getJsonObject("attribution").getString("conversationId"));
                                        assertEquals("95.00", orders.get("4001").getString("net"));
                                        JsonObject ann = customers.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
                                        assertEquals("ann@example.com", ann.getString("email"));
                                        assertEquals("137.50", ann.getString("lifetimeValue"), "100.00 - 5.00 refunded + 42.50");
                                    });
                                    return gateway;
                                })))
                .compose(TestGateway::close)
                .onComplete(context.succeedingThenComplete());
    }

    private static Map<String, Boolean> proven(Connection c) throws SQLException {
        Map<String, Boolean> proven = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT domain, proven_at IS NOT NULL FROM stores")) {
            while (rows.next()) {
                proven.put(rows.getString(1), rows.getBoolean(2));
            }
        }
        return proven;
    }

    /** A delivery stored by V6 but not yet processed when the old release stopped. */
    private static void insertPendingOrder(Connection c) throws SQLException {
        JsonObject order = Payloads.withChatSession(Payloads.shopifyOrder("5001", "ann@example.com", "42.50",
                Instant.parse("2026-01-10T12:20:00Z"), Instant.parse("2026-01-10T12:20:00Z"), "paid"), "sess-v6");
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO webhook_inbox (org_id, store_id, platform, topic, dedup_key, body, headers)
                SELECT org_id, id, platform, 'orders/create', 'w-pending', ?, '{}' FROM stores WHERE domain = 'v6-shop.myshopify.com'""")) {
            insert.setBytes(1, Payloads.bytes(order));
            assertEquals(1, insert.executeUpdate());
        }
    }

    /** The tables and their columns as V6 has them: later versions may add columns, never change these. */
    private static Map<String, String> columnsByTable(Connection c) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("""
                SELECT c.table_name, string_agg(quote_ident(c.column_name), ', ' ORDER BY c.ordinal_position)
                  FROM information_schema.columns c
                  JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                 WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'flyway_schema_history'
                 GROUP BY c.table_name ORDER BY c.table_name""")) {
            while (rows.next()) {
                columns.put(rows.getString(1), rows.getString(2));
            }
        }
        assertTrue(columns.keySet().containsAll(List.of("organizations", "stores", "webhook_inbox", "orders", "customers")));
        return columns;
    }

    /** Every row of every table, as JSON in a fixed order (as the owner, outside any tenant scope). */
    private static Map<String, String> snapshot(Connection c, Map<String, String> columns) throws SQLException {
        Map<String, String> tables = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            for (Map.Entry<String, String> table : columns.entrySet()) {
                try (ResultSet rows = s.executeQuery("SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r::text), '[]')::text FROM (SELECT "
                        + table.getValue() + " FROM " + table.getKey() + ") r")) {
                    rows.next();
                    tables.put(table.getKey(), rows.getString(1));
                }
            }
        }
        assertTrue(tables.get("orders").contains("4001") && tables.get("webhook_inbox").contains("w-failed"), "the data is there");
        return tables;
    }

    private static <T> Future<T> until(Vertx vertx, Supplier<Future<T>> attempt, Predicate<T> done, int attempts) {
        return attempt.get().compose(value -> done.test(value) || attempts == 0 ? Future.succeededFuture(value)
                : vertx.timer(100).compose(t -> until(vertx, attempt, done, attempts - 1)));
    }

    private static String resource(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String name) {
        try (InputStream in = MigrationUpgradeTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing on the classpath: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
