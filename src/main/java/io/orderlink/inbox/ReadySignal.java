package io.orderlink.inbox;

import io.orderlink.db.NotificationRelay;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Tells the attribution workers of every process that inbox rows became pending: a {@code NOTIFY} on
 * {@link NotificationRelay#INBOX_READY}, sent after the rows committed. Group commit never waits on it: a sender
 * keeps at most one in flight, and signals at most once per {@value #MIN_GAP_MS} ms, folding the commits made
 * meanwhile into the next signal. Under load a commit ends every few milliseconds, and each signal wakes a
 * listening backend, the relay and the worker in every process, which drains anyway while rows keep coming; the
 * first commit after a quiet spell is signalled at once. Confined to one event loop. Workers also poll: a lost
 * signal only delays.
 */
public final class ReadySignal {

    static final long MIN_GAP_MS = 50;
    private static final String NOTIFY = NotificationRelay.notify(NotificationRelay.INBOX_READY);

    private final Vertx vertx;
    private final SqlClient sql;
    private long lastSentNanos = System.nanoTime() - MIN_GAP_MS * 1_000_000;
    private boolean scheduled;
    private boolean sending;
    private boolean again;

    public ReadySignal(Vertx vertx, SqlClient sql) {
        this.vertx = vertx;
        this.sql = sql;
    }

    /** Signals now, or once the gap since the last signal has passed; a signal already scheduled covers this call. */
    public void send() {
        if (scheduled) {
            return;
        }
        if (sending) {
            again = true;
            return;
        }
        long waitMs = (lastSentNanos - System.nanoTime()) / 1_000_000 + MIN_GAP_MS;
        if (waitMs > 0) {
            scheduled = true;
            vertx.setTimer(waitMs, id -> {
                scheduled = false;
                signal();
            });
        } else {
            signal();
        }
    }

    private void signal() {
        sending = true;
        lastSentNanos = System.nanoTime();
        once(sql).onComplete(done -> {
            sending = false;
            if (again) {
                again = false;
                send();
            }
        });
    }

    /** One signal, for rows made pending outside ingest (a replay, a reconciliation). */
    public static Future<Void> once(SqlClient sql) {
        return sql.preparedQuery(NOTIFY).execute(Tuple.of("")).mapEmpty();
    }
}
