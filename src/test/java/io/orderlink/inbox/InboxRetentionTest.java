package io.orderlink.inbox;

import io.orderlink.tenancy.Role;
import io.orderlink.testing.Fixtures;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static io.orderlink.testing.Await.await;
import static io.orderlink.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention drops old bodies, keeps dedup keys and dead letters, and keeps the inbox the size of its retention. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxRetentionTest {

    private static final String SHOP = "retention-test.myshopify.com";
    private static final String SECRET = "retention-client-secret";
    private static final String ORG = "org-retention";
    private static final int RETENTION_DAYS = 7;

    private TestGateway gateway;
    private Pool sql;
    private InboxRetention retention;
    private long storeId;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database) {
        sql = database.pool(vertx);
        gateway = await(TestGateway.start(vertx, database.database(),
                Map.of("ORDERLINK_INBOX_RETENTION_DAYS", String.valueOf(RETENTION_DAYS))));
        storeId = await(gateway.connectShopify(ORG, SHOP, SECRET));
        retention = new InboxRetention(database.database(), RETENTION_DAYS, 3600, swept -> { });
        await(vertx.deployVerticle(retention));
    }

    @AfterAll
    void stop() {
        await(gateway.close().eventually(sql::close));
    }

    @Test
    void oldBodiesGoTheirDedupKeysStayAndARedeliveryIsStillADuplicate() {
        byte[] order = Fixtures.bytes("shopify-orders-create.json");
        String processedId = UUID.randomUUID().toString();
        String ignoredId = UUID.randomUUID().toString();
        String recentId = UUID.randomUUID().toString();
        assertEquals("accepted", status(deliver("orders/create", order, processedId)));
        assertEquals("accepted", status(deliver("products/update", order, ignoredId)));
        assertEquals("accepted", status(deliver("orders/updated", order, recentId)));
        eventually(() -> count("status = 'pending'"), n -> n == 0L, 30, "the worker processed every delivery");
        await(sql.preparedQuery("""
                INSERT INTO webhook_inbox (org_id, store_id, platform, topic, dedup_key, body, headers, status, error, received_at)
                VALUES ($1, $2, 'shopify', 'orders/create', 'dead-letter', $3, '{}', 'failed', 'unparseable', now() - interval '60 days')""")
                .execute(Tuple.of(ORG, storeId, Buffer.buffer(order))));
        age(processedId, Duration.ofDays(RETENTION_DAYS + 1));
        age(ignoredId, Duration.ofDays(RETENTION_DAYS + 1));
        age(recentId, Duration.ofDays(RETENTION_DAYS - 1));

        assertTrue(await(retention.sweep(Instant.now())) >= 2, "both old bodies swept");

        assertNull(row(processedId).getValue("body"), "processed body past retention is gone");
        assertNull(row(ignoredId).getValue("body"), "ignored body past retention is gone");
        assertNotNull(row(recentId).getValue("body"), "a body within retention stays");
        assertNotNull(row("dead-letter").getValue("body"), "dead letters keep their body");
        assertEquals("processed", row(processedId).getString("status"));

        assertEquals("duplicate", status(deliver("orders/create", order, processedId)), "the dedup key outlives the body");
        assertEquals(4L, count("dedup_key NOT LIKE 'month-%'"), "the redelivery stored nothing");

        HttpResponse<Buffer> replay = await(gateway.api(HttpMethod.POST, "/api/events/" + row(ignoredId).getLong("id") + "/replay",
                gateway.token(ORG, Role.ADMIN)).send());
        assertEquals(409, replay.statusCode(), replay.bodyAsString());
        assertTrue(replay.bodyAsString().contains("expired"), replay.bodyAsString());
    }

    /**
     * A month of daily deliveries, each day followed by a sweep and a vacuum (standing in for autovacuum, which V9
     * makes eager on the inbox). Once the retention window is full, the bodies' storage (the TOAST table) stops
     * growing; what still grows is each delivery's row without its body (dedup key, headers, status), a small
     * fraction of what a delivery adds while its body is kept.
     */
    @Test
    void theInboxStaysTheSizeOfItsRetentionAcrossASimulatedMonth() {
        Buffer body = Buffer.buffer(Fixtures.bytes("shopify-orders-create.json"));
        int perDay = 100;
        int days = 30;
        Instant monthStart = Instant.now().minus(Duration.ofDays(days + 400)).truncatedTo(ChronoUnit.DAYS);
        long[] bodies = new long[days];
        long[] total = new long[days];
        for (int day = 0; day < days; day++) {
            Instant dayStart = monthStart.plus(Duration.ofDays(day));
            await(sql.preparedQuery("""
                    INSERT INTO webhook_inbox (org_id, store_id, platform, topic, dedup_key, body, headers, status, received_at, processed_at)
                    SELECT $1, $2, 'shopify', 'orders/create', 'month-' || $3::int || '-' || n, $4, '{}', 'processed',
                           $5::timestamptz + n * interval '1 minute', $5::timestamptz + n * interval '1 minute'
                      FROM generate_series(1, $6) AS n""")
                    .execute(Tuple.of(ORG, storeId, day, body, dayStart.atOffset(ZoneOffset.UTC), perDay)));
            await(retention.sweep(dayStart.plus(Duration.ofHours(23))));
            await(sql.query("VACUUM webhook_inbox").execute());
            Row sizes = await(sql.query("""
                    SELECT pg_total_relation_size(reltoastrelid) AS bodies, pg_total_relation_size(oid) AS total
                      FROM pg_class WHERE oid = 'webhook_inbox'::regclass""").execute()).iterator().next();
            bodies[day] = sizes.getLong("bodies");
            total[day] = sizes.getLong("total");
        }
        int full = RETENTION_DAYS + 2;
        String seen = "bodies " + Arrays.toString(bodies) + ", total " + Arrays.toString(total);
        assertTrue(bodies[days - 1] <= bodies[full] * 1.1, "body storage flat once the window is full: " + seen);
        double fillingPerDay = (double) (total[RETENTION_DAYS - 1] - total[0]) / (RETENTION_DAYS - 1);
        double afterPerDay = (double) (total[days - 1] - total[full]) / (days - 1 - full);
        assertTrue(afterPerDay < fillingPerDay / 5, "growth per day " + afterPerDay + " after vs " + fillingPerDay + " while filling: " + seen);
        assertEquals((long) perDay * days, count("dedup_key LIKE 'month-%'"), "every row and dedup key stays");
        long kept = count("dedup_key LIKE 'month-%' AND body IS NOT NULL");
        assertTrue(kept <= (long) perDay * (RETENTION_DAYS + 1), kept + " bodies kept");
    }

    private HttpResponse<Buffer> deliver(String topic, byte[] body, String webhookId) {
        return await(gateway.deliverShopify(SHOP, SECRET, topic, body, webhookId));
    }

    private static String status(HttpResponse<Buffer> response) {
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getString("status");
    }

    private void age(String dedupKey, Duration by) {
        await(sql.preparedQuery("UPDATE webhook_inbox SET received_at = now() - $2::int * interval '1 second' WHERE dedup_key = $1")
                .execute(Tuple.of(dedupKey, (int) by.toSeconds())));
    }

    private Row row(String dedupKey) {
        var rows = await(sql.preparedQuery("SELECT id, status, body FROM webhook_inbox WHERE dedup_key = $1").execute(Tuple.of(dedupKey)));
        assertEquals(1, rows.size(), dedupKey);
        return rows.iterator().next();
    }

    private long count(String where) {
        return await(sql.query("SELECT count(*) FROM webhook_inbox WHERE " + where).execute()).iterator().next().getLong(0);
    }
}
