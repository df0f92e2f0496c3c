package io.orderlink.inbox;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Group commit into webhook_inbox: deliveries wait at most {@code maxDelayMs} or until {@code maxRows}
 * are pending, then one {@code INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING} stores them all. While
 * {@code maxFlushes} inserts are already running, deliveries queue behind them; those that have waited their
 * delay by the time one ends go at once, without another delay.
 * Each delivery's future completes only after that statement has committed: {@code true} when the row is
 * new, {@code false} when it was a duplicate. Confined to one event loop; bounded by {@code queueLimit}.
 */
public final class InboxWriter {

    /** One delivery to store. {@code headers} is a JSON object's text. */
    public record Delivery(String orgId, long storeId, String platform, String topic, String dedupKey, Buffer body,
               String headers, String status) {
    }

    /** The writer's queue is full: the caller answers 503 so the platform retries later. */
    public static final class Overloaded extends RuntimeException {
        Overloaded() {
            super("inbox writer queue is full", null, false, false);
        }
    }

    private record Pending(Delivery row, Promise<Boolean> stored, long queuedAt) {
    }

    /** Headers travel as text and are cast here: the client would encode a Java string as a JSON string value. */
    static final String INSERT = """
            INSERT INTO webhook_inbox (org_id, store_id, platform, topic, dedup_key, body, headers, status)
            SELECT o, s, p, t, k, b, h::jsonb, st
              FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bytea[], $7::text[], $8::text[])
                   AS d(o, s, p, t, k, b, h, st)
            ON CONFLICT (store_id, dedup_key) DO NOTHING
            RETURNING store_id, dedup_key""";

    private final Vertx vertx;
    private final PreparedQuery<RowSet<Row>> insert;
    private final int maxRows;
    private final int maxDelayMs;
    private final int queueLimit;
    private final int maxFlushes;
    private final Runnable afterCommit;
    private final CommitWatch watch;
    private ArrayList<Pending> queue = new ArrayList<>();
    private int flushing;
    private long timer = -1;
    private Promise<Void> drained;

    public InboxWriter(Vertx vertx, Pool pool, int maxRows, int maxDelayMs, int queueLimit, int maxFlushes, CommitWatch watch,
                       Runnable afterCommit) {
        this.vertx = vertx;
        this.insert = pool.preparedQuery(INSERT);
        this.maxRows = maxRows;
        this.maxDelayMs = maxDelayMs;
        this.queueLimit = queueLimit;
        this.maxFlushes = maxFlushes;
        this.afterCommit = afterCommit;
        this.watch = watch;
    }

    public Future<Boolean> submit(Delivery row) {
        if (queue.size() >= queueLimit) {
            return Future.failedFuture(new Overloaded());
        }
        Promise<Boolean> stored = Promise.promise();
        queue.add(new Pending(row, stored, System.nanoTime()));
        if (queue.size() >= maxRows) {
            flush();
        } else {
            flushLater(maxDelayMs);
        }
        return stored.future();
    }

    /** Completes once nothing is queued or being written (graceful shutdown). */
    public Future<Void> drain() {
        if (queue.isEmpty() && flushing == 0) {
            return Future.succeededFuture();
        }
        if (drained == null) {
            drained = Promise.promise();
            flush();
        }
        return drained.future();
    }

    private void flush() {
        while (!queue.isEmpty() && flushing < maxFlushes) {
            List<Pending> batch = take();
            flushing++;
            Object commit = new Object();
            watch.started(commit);
            insert.execute(arrays(batch)).onComplete(result -> {
                watch.ended(commit);
                flushing--;
                if (result.succeeded()) {
                    complete(batch, result.result());
                    if (result.result().size() > 0) {
                        afterCommit.run();
                    }
                } else {
                    batch.forEach(p -> p.stored.fail(result.cause()));
                }
                afterFlush();
            });
        }
    }

    private void afterFlush() {
        if (!queue.isEmpty()) {
            long waitedMs = (System.nanoTime() - queue.get(0).queuedAt) / 1_000_000;
            if (queue.size() >= maxRows || drained != null || waitedMs >= maxDelayMs) {
                flush();
            } else {
                flushLater(maxDelayMs - waitedMs);
            }
        }
        if (drained != null && queue.isEmpty() && flushing == 0) {
            drained.complete();
        }
    }

    /** One timer at a time: the first queued delivery's. */
    private void flushLater(long delayMs) {
        if (timer < 0) {
            timer = vertx.setTimer(Math.max(1, delayMs), id -> {
                timer = -1;
                flush();
            });
        }
    }

    private List<Pending> take() {
        if (queue.size() <= maxRows) {
            List<Pending> all = queue;
            queue = new ArrayList<>();
            return all;
        }
        List<Pending> head = new ArrayList<>(queue.subList(0, maxRows));
        queue = new ArrayList<>(queue.subList(maxRows, queue.size()));
        return head;
    }

    private static Tuple arrays(List<Pending> batch) {
        int n = batch.size();
        String[] org = new String[n], platform = new String[n], topic = new String[n], key = new String[n];
        String[] headers = new String[n], status = new String[n];
        Long[] store = new Long[n];
        Buffer[] body = new Buffer[n];
        for (int i = 0; i < n; i++) {
            Delivery r = batch.get(i).row;
            org[i] = r.orgId();
            store[i] = r.storeId();
            platform[i] = r.platform();
            topic[i] = r.topic();
            key[i] = r.dedupKey();
            body[i] = r.body();
            headers[i] = r.headers();
            status[i] = r.status();
        }
        return Tuple.of(org, store, platform, topic, key, body, headers, status);
    }

    /** RETURNING names the rows that were new; the first waiter for each new key gets true, the rest false. */
    private static void complete(List<Pending> batch, RowSet<Row> inserted) {
        Set<String> fresh = new HashSet<>(inserted.size() * 2);
        for (Row row : inserted) {
            fresh.add(row.getLong(0) + "/" + row.getString(1));
        }
        for (Pending p : batch) {
            p.stored.complete(fresh.remove(p.row.storeId() + "/" + p.row.dedupKey()));
        }
    }
}
