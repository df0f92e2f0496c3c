package io.orderlink.db;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Where reads that may lag a little behind the primary go (lists and analytics, docs/scaling.md): the streaming
 * replica named by {@code ORDERLINK_DATABASE_READ_URL}, else the primary. When the replica cannot be reached the
 * read is served by the primary instead, {@code onFallback} counts it, and the replica is tried again after a
 * few seconds. Reads that must see the caller's own write never come here: they use the primary's pool.
 */
public final class ReadReplica {

    private static final Logger LOG = LoggerFactory.getLogger(ReadReplica.class);
    private static final long RETRY_NANOS = 5_000_000_000L;

    private final Pool primary;
    private final Pool replica;
    private final Runnable onFallback;
    private volatile boolean down;
    private volatile long retryAt;

    /** {@code replica} null: every read goes to the primary, and none counts as a fallback. */
    public ReadReplica(Pool primary, Pool replica, Runnable onFallback) {
        this.primary = primary;
        this.replica = replica;
        this.onFallback = onFallback;
    }

    /** Runs {@code work} on the replica's pool, or on the primary's when there is no reachable replica. */
    public <T> Future<T> read(Function<Pool, Future<T>> work) {
        if (replica == null) {
            return work.apply(primary);
        }
        if (down && System.nanoTime() - retryAt < 0) {
            onFallback.run();
            return work.apply(primary);
        }
        return work.apply(replica)
                .andThen(result -> {
                    if (result.succeeded() && down) {
                        down = false;
                        LOG.info("Read replica reachable again: reads go back to it");
                    }
                })
                .recover(failure -> {
                    if (!unreachable(failure)) {
                        return Future.failedFuture(failure);
                    }
                    if (!down) {
                        LOG.warn("Read replica unreachable, reading from the primary: {}", failure.getMessage());
                    }
                    down = true;
                    retryAt = System.nanoTime() + RETRY_NANOS;
                    onFallback.run();
                    return work.apply(primary);
                });
    }

    /** Closes the replica's pool; the primary's belongs to its owner. */
    public Future<Void> close() {
        return replica == null ? Future.succeededFuture() : replica.close();
    }

    /**
     * The server could not be reached or dropped the connection (refused, timed out, shut down, starting up),
     * as opposed to a query that failed on a working replica, which the primary would fail as well.
     */
    static boolean unreachable(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof ConnectException || e instanceof ClosedConnectionException || e instanceof TimeoutException
                    || e instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            if (e instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
                return true;
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }
}
