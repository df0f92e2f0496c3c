package io.orderlink.demo;

import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.orderlink.tenancy.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({VertxExtension.class, PostgresExtension.class})
class DemoDataTest {

    private static final String COUNTS = """
            SELECT (SELECT count(*) FROM stores WHERE org_id = 'demo' AND NOT managed_webhooks) AS stores,
                   (SELECT count(*) FROM conversations WHERE org_id = 'demo') AS conversations,
                   (SELECT count(*) FROM webhook_inbox WHERE org_id = 'demo') AS deliveries,
                   (SELECT count(*) FROM webhook_inbox WHERE org_id = 'demo' AND status <> 'processed') AS unprocessed,
                   (SELECT count(*) FILTER (WHERE method = 'session_match') FROM orders WHERE org_id = 'demo') AS session_match,
                   (SELECT count(*) FILTER (WHERE method = 'time_proximity') FROM orders WHERE org_id = 'demo') AS proximity,
                   (SELECT count(*) FILTER (WHERE method = 'email_match') FROM orders WHERE org_id = 'demo') AS email_match,
                   (SELECT count(*) FILTER (WHERE method = 'no_match') FROM orders WHERE org_id = 'demo') AS no_match,
                   (SELECT count(DISTINCT currency) FROM orders WHERE org_id = 'demo') AS currencies""";

    @Test
    @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
    void theDemoGoesThroughTheRealEndpointsAttributesEveryTierAndIsIdempotent(Vertx vertx, TestDatabase database,
                                                                             VertxTestContext context) {
        Pool sql = database.pool(vertx);
        Instant now = Instant.parse("2026-03-10T12:00:00Z");
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_ATTRIBUTION_POLL_INTERVAL_MS", "100")).compose(gateway -> {
            DemoData demo = new DemoData(vertx, gateway.gateway().apiPort(), gateway.gateway().ingestPort(),
                    gateway.token(DemoData.ORG, Role.ADMIN), gateway.token(DemoData.ORG, Role.SERVICE), now);
            return demo.feed()
                    .compose(fed -> settled(vertx, sql).map(first -> new Object[] {fed, first}))
                    .compose(first -> new DemoData(vertx, gateway.gateway().apiPort(), gateway.gateway().ingestPort(),
                                    gateway.token(DemoData.ORG, Role.ADMIN), gateway.token(DemoData.ORG, Role.SERVICE), now).feed()
                            .compose(again -> settled(vertx, sql))
                            .map(second -> new Object[] {first[0], first[1], second}))
                    .eventually(gateway::close);
        }).onComplete(context.succeeding(results -> context.verify(() -> {
            DemoData.Fed fed = (DemoData.Fed) results[0];
            Row first = (Row) results[1];
            Row second = (Row) results[2];
            assertEquals(2L, first.getLong("stores"), "two stores whose webhooks Orderlink leaves alone");
            assertEquals(fed.conversations(), first.getLong("conversations"));
            assertEquals(fed.deliveries(), first.getLong("deliveries"), "every signed delivery was accepted");
            assertEquals(0L, first.getLong("unprocessed"));
            for (String method : new String[] {"session_match", "proximity", "email_match", "no_match"}) {
                assertTrue(first.getLong(method) > 0, "the demo shows " + method);
            }
            assertEquals(2L, first.getLong("currencies"), "USD and EUR");
            for (String column : new String[] {"conversations", "deliveries", "session_match", "no_match"}) {
                assertEquals(first.getLong(column), second.getLong(column), "a second run changes nothing: " + column);
            }
            sql.close().onComplete(context.succeedingThenComplete());
        })));
    }

    /** The counts once the worker has nothing pending. */
    private static Future<Row> settled(Vertx vertx, Pool sql) {
        return sql.query("SELECT count(*) FROM webhook_inbox WHERE status = 'pending'").execute().compose(rows -> {
            if (rows.iterator().next().getLong(0) > 0) {
                return vertx.timer(100).compose(t -> settled(vertx, sql));
            }
            return sql.query(COUNTS).execute().map(counts -> counts.iterator().next());
        });
    }
}
