package io.orderlink.demo;

import io.orderlink.config.Config;
import io.orderlink.inbox.Inbox;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Demo mode for a newcomer's first minutes: on a fresh machine (nothing configured, no store yet), or on
 * {@code java -jar orderlink.jar demo}, feed {@link DemoData} through the running gateway and print where to
 * look. Blocking: runs on the main thread after start-up, never on an event loop.
 */
public final class Demo {

    private static final String SUMMARY = """
            SELECT count(*) AS orders,
                   count(*) FILTER (WHERE method <> 'no_match') AS attributed,
                   count(*) FILTER (WHERE method = 'session_match') AS session_match,
                   count(*) FILTER (WHERE method = 'time_proximity') AS time_proximity,
                   count(*) FILTER (WHERE method = 'email_match') AS email_match,
                   (SELECT string_agg(currency || ' ' || attributed || ' of ' || total, ', ' ORDER BY currency)
                      FROM (SELECT currency, sum(total - refunded) FILTER (WHERE method <> 'no_match') AS attributed,
                                   sum(total - refunded) AS total
                              FROM orders WHERE org_id = $1 AND counts GROUP BY currency) c) AS revenue
              FROM orders WHERE org_id = $1""";

    private Demo() {
    }

    /** Whether to add demo data: asked for, or nothing configured and no store connected yet. */
    public static boolean wanted(boolean asked, Config config, Pool pool) throws Exception {
        if (asked) {
            return true;
        }
        if (config.database().url() != null) {
            return false;
        }
        return await(pool.query("SELECT count(*) FROM stores").execute()).iterator().next().getLong(0) == 0;
    }

    public static void feed(Vertx vertx, int apiPort, int ingestPort, Config config, String jwtSecret, Pool pool, PrintStream out) throws Exception {
        JWTAuth auth = Tokens.auth(vertx, config.jwt(), jwtSecret);
        String admin = Tokens.issue(auth, config.jwt(), DemoData.ORG, Role.ADMIN, "demo", Duration.ofHours(24));
        String service = Tokens.issue(auth, config.jwt(), DemoData.ORG, Role.SERVICE, "demo-chat", Duration.ofHours(1));
        DemoData.Fed fed = await(new DemoData(vertx, apiPort, ingestPort, admin, service, Instant.now()).feed());
        for (int i = 0; i < 600 && pending(pool) > 0; i++) {
            Thread.sleep(100);
        }
        Row summary = await(pool.preparedQuery(SUMMARY).execute(io.vertx.sqlclient.Tuple.of(DemoData.ORG))).iterator().next();
        out.printf("""

                Orderlink demo is ready (organization "%s").
                  Dashboard:  http://localhost:%d/   (sign in with the token below)
                  Token (admin, 24 h):
                    %s
                  Fed through the real endpoints: %d stores, %d conversations, %d signed webhook deliveries.
                  Attributed %d of %d orders to a chat: %d session match, %d time proximity, %d email match.
                  Revenue (net, paid orders): chat-attributed %s.
                  Try: curl -H "Authorization: Bearer $TOKEN" "http://localhost:%d/api/stores"

                """, DemoData.ORG, apiPort, admin, fed.stores(), fed.conversations(), fed.deliveries(),
                summary.getLong("attributed"), summary.getLong("orders"), summary.getLong("session_match"),
                summary.getLong("time_proximity"), summary.getLong("email_match"), summary.getString("revenue"), apiPort);
    }

    private static long pending(Pool pool) throws Exception {
        return await(Inbox.backlog(pool)).pending();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }
}
