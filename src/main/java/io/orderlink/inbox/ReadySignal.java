package io.orderlink.inbox;

import io.orderlink.db.NotificationRelay;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Tells the attribution workers of every process that inbox rows became pending: a {@code NOTIFY} on
 * {@link NotificationRelay#INBOX_READY}, sent after the rows committed. A sender keeps at most one in flight and
 * folds the commits made meanwhile into one more, so group commit never waits on it and a burst sends a few
 * notifications, not one per batch. Confined to one event loop. Workers also poll: a lost signal only delays.
 */
public final class ReadySignal {

    private static final String NOTIFY = NotificationRelay.notify(NotificationRelay.INBOX_READY);

    private final SqlClient sql;
    private boolean sending;
    private boolean again;

    public ReadySignal(SqlClient sql) {
        this.sql = sql;
    }

    /** Signals now, or right after the signal in flight. */
    public void send() {
        if (sending) {
            again = true;
            return;
        }
        sending = true;
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
