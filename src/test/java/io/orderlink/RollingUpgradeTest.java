package io.orderlink;

import io.orderlink.crypto.MasterKey;
import io.orderlink.crypto.SecretBox;
import io.orderlink.db.Database;
import io.orderlink.db.PostgresServer;
import io.orderlink.stores.StoreSecrets;
import io.orderlink.testing.Fixtures;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.orderlink.testing.Await.await;
import static io.orderlink.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A rolling upgrade (docs/scaling.md): the database is at the previous release's schema (V1–V6) with rows that
 * release wrote; the new code migrates it while those rows are there and runs on them, and the previous
 * release's ingest statement, still running in an old process, keeps working on the migrated schema.
 */
class RollingUpgradeTest {

    /** The previous release's group-commit insert, frozen here as its ingest processes keep sending it during the upgrade. */
    private static final String PREVIOUS_RELEASE_INSERT = """
            INSERT INTO webhook_inbox (org_id, store_id, platform, topic, dedup_key, body, headers, status)
            SELECT o, s, p, t, k, b, h::jsonb, st
              FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bytea[], $7::text[], $8::text[])
                   AS d(o, s, p, t, k, b, h, st)
            ON CONFLICT (store_id, dedup_key) DO NOTHING
            RETURNING store_id, dedup_key""";
    private static final String DOMAIN = "upgrade.myshopify.com";
    private static final String SECRET = "upgrade-client-secret";

    @Test
    void theNewCodeMigratesAndRunsOnThePreviousReleasesDatabase() {
        PostgresServer server = PostgresServer.named(System.getenv());
        String db = "ol_upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        server.createDatabaseIfMissing(db);
        TestDatabase database = new TestDatabase(server, db);
        Vertx vertx = Vertx.vertx();
        Pool sql = PgBuilder.pool().connectingTo(server.options(db)).using(vertx).build();
        TestGateway gateway = null;
        try {
            database.migrateTo("6");
            String masterKey = MasterKey.generateBase64();
            Buffer sealed = new StoreSecrets(new SecretBox(MasterKey.fromBase64(masterKey))).sealSigningSecrets(List.of(SECRET));
            await(sql.query("INSERT INTO organizations (id) VALUES ('org-upgrade')").execute());
            long store = await(sql.preparedQuery("""
                    INSERT INTO stores (org_id, platform, domain, signing_secret, managed_webhooks)
                    VALUES ('org-upgrade', 'shopify', $1, $2, false) RETURNING id""").execute(Tuple.of(DOMAIN, sealed)))
                    .iterator().next().getLong(0);
            byte[] order = Fixtures.bytes("shopify-orders-create.json");
            previousRelease(sql, store, "old-processed", order, "processed");
            previousRelease(sql, store, "old-pending", order, "pending");
            await(sql.query("UPDATE webhook_inbox SET received_at = now() - interval '40 days', processed_at = now() - interval '40 days'"
                    + " WHERE dedup_key = 'old-processed'").execute());

            PostgresServer.migrate(server.options(db));
            MigrationInfoService info = Flyway.configure().dataSource("jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + db,
                    server.user(), server.password()).locations("classpath:db/migration").load().info();
            assertEquals(info.all()[info.all().length - 1].getVersion(), info.current().getVersion(), "migrated to the latest version");
            assertEquals(1, previousRelease(sql, store, "old-process-after-upgrade", order, "pending"),
                    "the previous release's insert works on the new schema");

            gateway = await(TestGateway.start(vertx, Database.of(server.options(db), 2000), Map.of("ORDERLINK_MASTER_KEY", masterKey)));
            eventually(() -> count(sql, "status = 'pending'"), n -> n == 0, 60, "the new worker processed the old release's rows");
            assertEquals(3, count(sql, "status = 'processed'"));
            eventually(() -> count(sql, "dedup_key = 'old-processed' AND body IS NULL"), n -> n == 1, 30,
                    "the start-up sweep dropped the old body past retention");
            var response = await(gateway.deliverShopify(DOMAIN, SECRET, "orders/create", order, "old-processed"));
            assertEquals("duplicate", response.bodyAsJsonObject().getString("status"), "the old dedup key still holds");
        } finally {
            if (gateway != null) {
                await(gateway.close());
            }
            await(sql.close());
            await(vertx.close());
            database.drop();
        }
    }

    private static int previousRelease(Pool sql, long store, String key, byte[] body, String status) {
        return await(sql.preparedQuery(PREVIOUS_RELEASE_INSERT).execute(Tuple.of(new String[] {"org-upgrade"}, new Long[] {store},
                new String[] {"shopify"}, new String[] {"orders/create"}, new String[] {key}, new Buffer[] {Buffer.buffer(body)},
                new String[] {"{}"}, new String[] {status}))).size();
    }

    private static long count(Pool sql, String where) {
        return await(sql.query("SELECT count(*) FROM webhook_inbox WHERE " + where).execute()).iterator().next().getLong(0);
    }
}
