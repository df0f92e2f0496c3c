package io.orderlink.db;

import io.orderlink.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where the database is, and the one way verticles open pools on it. */
public record Database(PgConnectOptions options, int connectTimeoutMs) {

    public static final String DEFAULT_NAME = "orderlink";

    /** Start-up fails with this when no database is configured and none answers locally: both ways to get one. */
    private static final String NO_SERVER = "no database configured and no PostgreSQL answers on %s:%d. "
            + "Set ORDERLINK_DATABASE_URL=postgresql://user[:password]@host:port/database, or, on a development machine "
            + "with Docker, run the development launcher: mvn -q test-compile exec:java@dev (it starts a PostgreSQL "
            + "container, then the gateway on it)";

    /**
     * The configured database, or (none configured) database {@code orderlink} on the local server found by
     * {@link PostgresServer#named}, created when missing. Blocking: start-up only.
     */
    public static Database resolve(Config.Database config, Map<String, String> env) {
        if (config.url() != null) {
            return fromUrl(config.url(), config.connectTimeoutMs());
        }
        PostgresServer server = PostgresServer.named(env);
        if (!server.answers()) {
            throw new IllegalStateException(String.format(NO_SERVER, server.host(), server.port()));
        }
        server.createDatabaseIfMissing(DEFAULT_NAME);
        return of(server.options(DEFAULT_NAME), config.connectTimeoutMs());
    }

    /** The streaming replica named by {@code readUrl}, or null when none is configured. */
    public static Database replica(Config.Database config) {
        return config.readUrl() == null ? null : fromUrl(config.readUrl(), config.connectTimeoutMs());
    }

    private static Database fromUrl(String url, int connectTimeoutMs) {
        return of(PgConnectOptions.fromUri(url.replaceFirst("^postgres://", "postgresql://")), connectTimeoutMs);
    }

    public static Database of(PgConnectOptions options, int connectTimeoutMs) {
        return new Database(options.setCachePreparedStatements(true).setPreparedStatementCacheMaxSize(512)
                .setReconnectAttempts(0), connectTimeoutMs);
    }

    /**
     * Each session asks PostgreSQL to hand the pages it writes to the disk every 256 kB ({@code backend_flush_after},
     * off by default). Without it, the pages that inserts push out of shared buffers pile up in the kernel's cache
     * (Linux writes them back on its own only past a tenth of the memory) until a checkpoint's fsync flushes them
     * all at once, and the commits wait behind it: with 15 KB deliveries at 7,000 a second, each checkpoint's
     * 0.36 s sync held acknowledgements for up to 300 ms (docs/benchmarks.md). PostgreSQL documents the setting
     * for exactly this.
     */
    private static final String FLUSH_WRITES = "SET backend_flush_after = '256kB'";
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /**
     * A pool bound to the calling verticle's context. Connecting and waiting for a connection both time out
     * after {@code connectTimeoutMs}, and the wait queue is bounded, so an outage or saturation fails fast.
     * The name labels its metrics: give each pool its own, the same across restarts.
     */
    public Pool pool(Vertx vertx, String name, int size, int waitQueue) {
        return PgBuilder.pool()
                .with(new PoolOptions().setName(name).setMaxSize(size).setMaxWaitQueueSize(waitQueue)
                        .setConnectionTimeout(connectTimeoutMs).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
                .with(new NetClientOptions().setConnectTimeout(connectTimeoutMs))
                .connectingTo(options)
                .withConnectHandler(Database::flushWrites)
                .using(vertx)
                .build();
    }

    /** A new connection, before the pool hands it out; closing it returns it to the pool. */
    private static void flushWrites(SqlConnection connection) {
        connection.query(FLUSH_WRITES).execute().onComplete(set -> {
            if (set.failed()) {
                LOG.warn("{} failed, writes reach the disk at the kernel's pace: {}", FLUSH_WRITES, set.cause().getMessage());
            }
            connection.close();
        });
    }
}
