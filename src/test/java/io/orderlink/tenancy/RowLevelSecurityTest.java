package io.orderlink.tenancy;

import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Row-level security: in one organization's scope, no query sees or writes another's rows, whatever it asks. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowLevelSecurityTest {

    /** Every tenant table and the column naming its organization. A new table must be added here. */
    private static final Map<String, String> TENANT_TABLES = Map.ofEntries(
            Map.entry("organizations", "id"),
            Map.entry("stores", "org_id"),
            Map.entry("webhook_inbox", "org_id"),
            Map.entry("conversations", "org_id"),
            Map.entry("conversation_activity", "org_id"),
            Map.entry("orders", "org_id"),
            Map.entry("order_refunds", "org_id"),
            Map.entry("customers", "org_id"),
            Map.entry("compliance_requests", "org_id"),
            Map.entry("order_rollup", "org_id"),
            Map.entry("conversion_rollup", "org_id"),
            Map.entry("product_rollup", "org_id"),
            Map.entry("conversation_rollup", "org_id"),
            Map.entry("customer_ltv_bins", "org_id"),
            Map.entry("store_webhooks", "org_id"),
            Map.entry("store_webhook_events", "org_id"),
            Map.entry("delivery_gaps", "org_id"));

    /**
     * Tables that hold no tenant data. {@code registration_requests} carries requests between processes (store ids,
     * outcomes; credentials only sealed, in a proof of ownership), written and read by the runtime user outside any
     * tenant scope, not granted to the tenant role.
     */
    private static final Set<String> SHARED_TABLES = Set.of("flyway_schema_history", "registration_requests");

    private static final Tenant A = new Tenant("org-a", Role.ADMIN, "test");
    private static final Tenant B = new Tenant("org-b", Role.ADMIN, "test");

    private Pool pool;

    @BeforeAll
    void seed(Vertx vertx, TestDatabase database, VertxTestContext context) {
        pool = database.pool(vertx);
        // As the runtime (owner) user, outside any tenant scope: the worker's and ingest's view.
        Future<?> chain = Future.succeededFuture();
        for (String org : List.of(A.orgId(), B.orgId())) {
            chain = chain.compose(v -> pool.withTransaction(sql -> sql.preparedQuery("""
                    WITH o AS (INSERT INTO organizations (id) VALUES ($1) RETURNING id),
                         s AS (INSERT INTO stores (org_id, platform, domain) SELECT id, 'shopify', id || '.myshopify.com' FROM o
                               RETURNING id, org_id),
                         i AS (INSERT INTO webhook_inbox (org_id, store_id, platform, topic, dedup_key, body, headers)
                               SELECT org_id, id, 'shopify', 'orders/create', 'd1', '\\x7b7d', '{}' FROM s),
                         c AS (INSERT INTO conversations (org_id, store_id, external_id, email, started_at, last_message_at)
                               SELECT org_id, id, 'chat-1', 'a@example.com', now() - interval '2 hours', now() - interval '1 hour'
                                 FROM s RETURNING id, org_id, store_id),
                         ca AS (INSERT INTO conversation_activity (conversation_id, at, org_id, store_id, email, message_count,
                                                                  product_inquiry, price_check)
                                SELECT id, now() - interval '1 hour', org_id, store_id, 'a@example.com', 3, false, false FROM c),
                         r AS (INSERT INTO order_refunds (store_id, refund_id, org_id, platform_order_id, amount)
                               SELECT id, 'r1', org_id, '1', 1 FROM s),
                         cr AS (INSERT INTO compliance_requests (org_id, store_id, topic, request)
                                SELECT org_id, id, 'customers/redact', '{}' FROM s),
                         w AS (INSERT INTO store_webhooks (org_id, store_id, topic, address)
                               SELECT org_id, id, 'orders/create', 'https://hooks.example/webhooks/shopify' FROM s),
                         we AS (INSERT INTO store_webhook_events (org_id, store_id, topic, action)
                                SELECT org_id, id, 'orders/create', 'created' FROM s),
                         dg AS (INSERT INTO delivery_gaps (store_id, org_id, since) SELECT id, org_id, now() FROM s)
                    INSERT INTO orders (org_id, store_id, platform, platform_order_id, email, currency, total, refunded, paid,
                                        cancelled, test, ordered_at, source_updated_at, line_items, conversation_id, method,
                                        confidence, last_activity_at)
                    SELECT c.org_id, c.store_id, 'shopify', '1', 'a@example.com', 'USD', 10, 1, true, false, false, now(), now(),
                           '[{"productId":"p1","name":"Mug","quantity":1,"price":"10.00","total":"10.00"}]', c.id,
                           'session_match', 0.90, now() - interval '1 hour'
                      FROM c""").execute(Tuple.of(org))
                    .compose(done -> sql.preparedQuery("""
                            INSERT INTO customers (store_id, email, currency, org_id, orders, paid_orders, gross, refunds, net,
                                                   conversations, attributed_orders)
                            SELECT id, 'a@example.com', 'USD', org_id, 1, 1, 10, 1, 9, 1, 1 FROM stores WHERE org_id = $1""")
                            .execute(Tuple.of(org)))));
        }
        chain.onComplete(context.succeedingThenComplete());
    }

    @AfterAll
    void close(VertxTestContext context) {
        pool.close().onComplete(context.succeedingThenComplete());
    }

    @Test
    void everyTableIsListedAndEveryTenantTableForcesRowLevelSecurity(VertxTestContext context) {
        pool.query("""
                SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')""").execute()
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    Set<String> unlisted = new TreeSet<>();
                    Set<String> unprotected = new TreeSet<>();
                    Set<String> present = new TreeSet<>();
                    for (Row row : rows) {
                        String table = row.getString("relname");
                        present.add(table);
                        if (SHARED_TABLES.contains(table)) {
                            continue;
                        }
                        if (!TENANT_TABLES.containsKey(table)) {
                            unlisted.add(table);
                        }
                        if (!row.getBoolean("relrowsecurity") || !row.getBoolean("relforcerowsecurity")) {
                            unprotected.add(table);
                        }
                    }
                    assertEquals(Set.of(), unlisted, "tables missing from TENANT_TABLES");
                    assertEquals(Set.of(), unprotected, "tables without enabled and forced row-level security");
                    assertTrue(present.containsAll(TENANT_TABLES.keySet()), "every listed table exists: " + present);
                    context.completeNow();
                })));
    }

    @Test
    void anUnfilteredSelectInOneScopeSeesOnlyThatOrganizationInEveryTable(VertxTestContext context) {
        List<Future<String>> checks = new ArrayList<>();
        for (Tenant tenant : List.of(A, B)) {
            for (Map.Entry<String, String> table : TENANT_TABLES.entrySet()) {
                checks.add(TenantScope.run(pool, tenant, sql -> sql.query("SELECT " + table.getValue() + " AS org FROM "
                                + table.getKey()).execute())
                        .map(rows -> {
                            List<String> orgs = new ArrayList<>();
                            rows.forEach(row -> orgs.add(row.getString("org")));
                            if (orgs.isEmpty()) {
                                return table.getKey() + ": " + tenant.orgId() + " sees none of its own rows";
                            }
                            return orgs.stream().allMatch(tenant.orgId()::equals) ? null
                                    : table.getKey() + ": " + tenant.orgId() + " sees " + orgs;
                        }));
            }
        }
        Future.all(checks).onComplete(context.succeeding(all -> context.verify(() -> {
            List<String> problems = checks.stream().map(Future::result).filter(p -> p != null).toList();
            assertEquals(List.of(), problems);
            context.completeNow();
        })));
    }

    @Test
    void theOwnerOutsideAnyScopeSeesEveryOrganization(VertxTestContext context) {
        pool.query("SELECT count(DISTINCT org_id) AS orgs FROM orders").execute()
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    assertEquals(2L, rows.iterator().next().getLong("orgs"));
                    context.completeNow();
                })));
    }

    @Test
    void aScopeCannotWriteAnotherOrganizationsRows(VertxTestContext context) {
        TenantScope.run(pool, A, sql -> sql.query("INSERT INTO conversations (org_id, store_id, external_id, started_at, "
                        + "last_message_at) SELECT 'org-b', id, 'forged', now(), now() FROM stores").execute())
                .onComplete(context.failing(error -> context.verify(() -> {
                    assertTrue(error.getMessage().contains("row-level security"), error.getMessage());
                    context.completeNow();
                })));
    }

    @Test
    void aScopeCannotUpdateOrDeleteWhatItCannotSee(VertxTestContext context) {
        TenantScope.run(pool, A, sql -> sql.query("UPDATE orders SET total = 0 WHERE org_id = 'org-b'").execute()
                        .compose(updated -> sql.query("DELETE FROM stores WHERE org_id = 'org-b'").execute()
                                .map(deleted -> updated.rowCount() + deleted.rowCount())))
                .compose(changed -> pool.query("SELECT sum(total) AS total FROM orders WHERE org_id = 'org-b'").execute()
                        .map(rows -> Map.entry(changed, rows.iterator().next().getBigDecimal("total"))))
                .onComplete(context.succeeding(result -> context.verify(() -> {
                    assertEquals(0, result.getKey());
                    assertEquals(0, result.getValue().compareTo(java.math.BigDecimal.TEN));
                    context.completeNow();
                })));
    }

    @Test
    void theTenantRoleCannotCallTheCrossTenantStoreLookup(VertxTestContext context) {
        TenantScope.run(pool, A, sql -> sql.query("SELECT * FROM webhook_store_lookup('shopify', 'org-b.myshopify.com')")
                        .execute())
                .onComplete(context.failing(error -> context.verify(() -> {
                    assertTrue(error.getMessage().contains("permission denied"), error.getMessage());
                    context.completeNow();
                })));
    }

    @Test
    void theScopeEndsWithItsTransaction(VertxTestContext context) {
        // One connection: a scoped transaction, then a plain query on the same connection sees the owner's view.
        pool.getConnection().compose(connection -> connection.begin()
                        .compose(tx -> connection.query("SELECT set_config('role', 'orderlink_tenant', true), "
                                        + "set_config('orderlink.org_id', 'org-a', true)").execute()
                                .compose(v -> tx.commit()))
                        .compose(v -> connection.query("SELECT current_user AS who, count(DISTINCT org_id) AS orgs FROM stores")
                                .execute())
                        .eventually(connection::close))
                .onComplete(context.succeeding(rows -> context.verify(() -> {
                    Row row = rows.iterator().next();
                    assertFalse("orderlink_tenant".equals(row.getString("who")));
                    assertEquals(2L, row.getLong("orgs"));
                    context.completeNow();
                })));
    }
}
