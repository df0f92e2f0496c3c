package io.orderlink.inbox;

import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.Seed;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.Map;

import static io.orderlink.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backlog the metrics read every few seconds: bounded work however long the backlog, exact below the cap. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class InboxBacklogTest {

    private static final String ORG = "org-backlog";

    @Test
    void thePendingCountStopsAtTheCapAndTheAgeIsTheOldestPendingRow(Vertx vertx, TestDatabase database) {
        // No attribution role: nothing drains the rows inserted below.
        TestGateway gateway = await(TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_ROLES", "api")));
        Pool sql = database.pool(vertx);
        try {
            long store = await(gateway.connectShopify(ORG, "backlog-test.myshopify.com", "backlog-secret"));
            int many = Inbox.PENDING_COUNT_CAP + 50;
            Instant now = Instant.now();
            await(Seed.inboxRows(sql, ORG, store, many, "pending", now.minusSeconds(many)));
            await(Seed.inboxRows(sql, ORG, store, 3, "failed", now.minusSeconds(3)));

            Inbox.Backlog capped = await(Inbox.backlog(sql));
            assertEquals(Inbox.PENDING_COUNT_CAP, capped.pending());
            assertTrue(capped.oldestSeconds() >= many - 1 && capped.oldestSeconds() < many + 60,
                    "the first pending row is about " + many + " s old: " + capped.oldestSeconds());
            assertEquals(3, capped.failed());

            await(sql.query("UPDATE webhook_inbox SET status = 'processed' WHERE status = 'pending' AND id NOT IN "
                    + "(SELECT id FROM webhook_inbox WHERE status = 'pending' ORDER BY id DESC LIMIT 7)").execute());
            Inbox.Backlog exact = await(Inbox.backlog(sql));
            assertEquals(7, exact.pending(), "below the cap the count is exact");
            assertTrue(exact.oldestSeconds() <= 7, "the oldest of the seven newest: " + exact.oldestSeconds());
        } finally {
            await(gateway.close().eventually(sql::close));
        }
    }
}
