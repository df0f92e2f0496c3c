package io.orderlink.inbox;

import io.orderlink.db.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.LongConsumer;

import static io.orderlink.db.SqlTimes.utc;

/**
 * Inbox retention (docs/scaling.md): the raw body of a processed or ignored delivery is dropped once it is
 * older than the retention; the row, with its dedup key, stays, so a late redelivery is still a duplicate.
 * Dead letters ({@code failed}) and pending rows keep their body. Runs at start and then every interval, in
 * small batches of short transactions with a pause between them: it locks only old rows (skipping any that
 * are locked), which ingest never touches, so it never holds up ingest, and several processes may sweep at once.
 */
public final class InboxRetention extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(InboxRetention.class);
    static final int BATCH = 500;
    private static final long PAUSE_MS = 20;
    /** A lost batch (crash before the WAL flush) is simply swept again. */
    private static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit = off";
    private static final String SWEEP = """
            UPDATE webhook_inbox SET body = NULL
             WHERE id IN (SELECT id FROM webhook_inbox
                           WHERE body IS NOT NULL AND status IN ('processed', 'ignored') AND received_at < $1
                           ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)""";

    private final Database database;
    private final int retentionDays;
    private final int intervalSeconds;
    private final LongConsumer expired;
    private Pool pool;
    private long timer = -1;
    private Future<Long> previous = Future.succeededFuture(0L);
    private boolean stopping;

    /** {@code expired} hears how many bodies each batch dropped (the metric). */
    public InboxRetention(Database database, int retentionDays, int intervalSeconds, LongConsumer expired) {
        this.database = database;
        this.retentionDays = retentionDays;
        this.intervalSeconds = intervalSeconds;
        this.expired = expired;
    }

    @Override
    public Future<?> start() {
        pool = database.pool(vertx, "retention", 1, 4);
        timer = vertx.setPeriodic(0, intervalSeconds * 1000L, id -> sweep(Instant.now()));
        return Future.succeededFuture();
    }

    /** Lets the batch in flight commit, then closes the pool. */
    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(timer);
        return previous.transform(done -> pool.close());
    }

    /**
     * Drops the bodies that are past the retention at {@code now}; completes with how many. A sweep asked for
     * while another runs starts after it, so two never overlap within a process.
     */
    public synchronized Future<Long> sweep(Instant now) {
        OffsetDateTime cutoff = utc(now.minus(Duration.ofDays(retentionDays)));
        Future<Long> mine = previous.transform(ignored -> batches(cutoff, 0)).andThen(result -> {
            if (result.failed()) {
                LOG.warn("Inbox retention sweep stopped, it resumes at the next interval: {}", result.cause().getMessage());
            } else if (result.result() > 0) {
                LOG.info("Inbox retention: dropped the bodies of {} deliveries received before {}", result.result(), cutoff);
            }
        });
        previous = mine;
        return mine;
    }

    private Future<Long> batches(OffsetDateTime cutoff, long done) {
        if (stopping) {
            return Future.succeededFuture(done);
        }
        return pool.withTransaction(sql -> sql.query(ASYNC_COMMIT).execute()
                        .compose(v -> sql.preparedQuery(SWEEP).execute(Tuple.of(cutoff, BATCH))))
                .compose(rows -> {
                    int swept = rows.rowCount();
                    expired.accept(swept);
                    return swept < BATCH ? Future.succeededFuture(done + swept)
                            : vertx.timer(PAUSE_MS).compose(v -> batches(cutoff, done + swept));
                });
    }
}
