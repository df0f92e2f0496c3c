package io.orderlink.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.function.Supplier;

/** What end-to-end tests read back from PostgreSQL once deliveries went in: orders, and an empty inbox. */
public final class StoredState {

    private final Vertx vertx;
    private final Pool sql;

    public StoredState(Vertx vertx, Pool sql) {
        this.vertx = vertx;
        this.sql = sql;
    }

    /** The order of that store, failing when there is none. */
    public Future<Row> order(String domain, String platformOrderId) {
        return sql.preparedQuery("SELECT o.* FROM orders o JOIN stores s ON s.id = o.store_id WHERE s.domain = $1 AND o.platform_order_id = $2")
                .execute(Tuple.of(domain, platformOrderId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new IllegalStateException("no order " + platformOrderId + " in " + domain);
                    }
                    return rows.iterator().next();
                });
    }

    /** Until the inbox has nothing pending (about 15 s at most). */
    public Future<Void> awaitProcessed() {
        return poll(() -> sql.query("SELECT count(*) FROM webhook_inbox WHERE status = 'pending'").execute()
                .map(rows -> rows.iterator().next().getLong(0) == 0), 150);
    }

    /** Until {@code done} holds, checked every 100 ms, {@code attempts} times more at most. */
    public Future<Void> poll(Supplier<Future<Boolean>> done, int attempts) {
        return done.get().compose(ok -> {
            if (ok) {
                return Future.succeededFuture();
            }
            if (attempts == 0) {
                return Future.failedFuture("still pending");
            }
            return vertx.timer(100).compose(t -> poll(done, attempts - 1));
        });
    }
}
