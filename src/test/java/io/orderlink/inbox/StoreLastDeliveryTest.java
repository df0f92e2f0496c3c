package io.orderlink.inbox;

import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.Seed;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static io.orderlink.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store's last delivery under a tenant scope: the newest row, read in a few pages however many deliveries the
 * store has, and nothing for another organization's store.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class StoreLastDeliveryTest {

    private static final String ORG = "org-last-delivery";
    private static final String OTHER_ORG = "org-last-delivery-other";
    private static final int DELIVERIES = 20_000;
    private static final Instant FIRST = Instant.parse("2026-01-01T00:00:00Z");
    private static final String SCOPE =
            "SELECT set_config('role', 'orderlink_tenant', true), set_config('orderlink.org_id', $1, true)";
    private static final String LAST = "SELECT " + Inbox.lastDeliveryAt("s.id") + " FROM stores s WHERE s.id = $1";
    private static final String PLAN = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + LAST;

    @Test
    void theNewestDeliveryIsReadInAFewPagesAndOnlyByItsOrganization(Vertx vertx, TestDatabase database) {
        Pool sql = database.pool(vertx);
        try {
            long store = await(Seed.store(sql, ORG, "last-delivery.myshopify.com"));
            long other = await(Seed.store(sql, OTHER_ORG, "last-delivery-other.myshopify.com"));
            // No statistics yet, as after a burst that autovacuum has not caught up with (this database is the test's
            // own): the planner then takes org_id and store_id for independent and the pair for a handful of rows,
            // as it does with statistics once an organization's stores are a small part of a large inbox.
            await(sql.query("ALTER TABLE webhook_inbox SET (autovacuum_enabled = false)").execute());
            await(Seed.inboxRows(sql, OTHER_ORG, other, 10, "processed", FIRST));
            await(Seed.inboxRows(sql, ORG, store, DELIVERIES, "processed", FIRST));

            assertEquals(FIRST.plusSeconds(DELIVERIES),
                    scoped(sql, ORG, LAST, store).getOffsetDateTime(0).toInstant());
            JsonObject plan = new JsonArray(scoped(sql, ORG, PLAN, store).getValue(0).toString()).getJsonObject(0)
                    .getJsonObject("Plan");
            long pages = plan.getLong("Shared Hit Blocks") + plan.getLong("Shared Read Blocks");
            assertTrue(pages < 100, "the newest of " + DELIVERIES + " deliveries took " + pages + " pages: " + plan);

            assertNull(scoped(sql, OTHER_ORG, LAST.replace("FROM stores s WHERE s.id = $1", "FROM (SELECT $1::bigint AS id) s"),
                    store).getValue(0), "another organization's store has no last delivery for this one");
        } finally {
            await(sql.close());
        }
    }

    /** One row of {@code query} with {@code store} as $1, in {@code org}'s tenant scope. */
    private static Row scoped(Pool pool, String org, String query, long store) {
        return await(pool.withTransaction(sql -> sql.preparedQuery(SCOPE).execute(Tuple.of(org))
                .compose(v -> sql.preparedQuery(query).execute(Tuple.of(store)))
                .map(rows -> rows.iterator().next())));
    }
}
