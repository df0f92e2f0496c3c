package io.orderlink.registration;

import io.orderlink.db.Database;
import io.orderlink.db.NotificationRelay;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Registration requests from processes without the registration role (docs/scaling.md): the requester stores the
 * request in {@code registration_requests} and NOTIFYs; this verticle, in each registration process, claims
 * requests with {@code FOR UPDATE SKIP LOCKED}, hands them to {@link RegistrationOperation}'s addresses on its own
 * event bus and stores the outcome, which the requester polls for. Also polls itself, so a lost NOTIFY delays a
 * request by at most {@link #POLL_MS}.
 */
public final class RegistrationQueue extends VerticleBase {

    /** This process's relay publishes {@link NotificationRelay#REGISTRATION_REQUESTED} here. */
    public static final String WAKE = "registration.queue.wake";

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationQueue.class);
    private static final long POLL_MS = 2000;
    private static final long REQUESTER_POLL_MS = 100;
    private static final long CLEANUP_MS = 3_600_000;
    private static final int CLAIM = 8;

    private static final String INSERT = "INSERT INTO registration_requests (operation, request) VALUES ($1, $2) RETURNING id";
    private static final String NOTIFY = NotificationRelay.notify(NotificationRelay.REGISTRATION_REQUESTED);
    private static final String CLAIMED = """
            UPDATE registration_requests SET status = 'running'
             WHERE id IN (SELECT id FROM registration_requests WHERE status = 'pending'
                           ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING id, operation, request""";
    private static final String FINISH = """
            UPDATE registration_requests SET status = $2, reply = $3, failure_code = $4, failure_message = $5,
                   finished_at = now()
             WHERE id = $1""";
    /** The requester takes the outcome and the row goes with it. */
    private static final String OUTCOME = """
            DELETE FROM registration_requests WHERE id = $1 AND status IN ('done', 'failed')
            RETURNING status, reply, failure_code, failure_message""";
    /** Outcomes nobody came for (the requester timed out or stopped). */
    private static final String CLEANUP = "DELETE FROM registration_requests WHERE finished_at < now() - interval '1 hour'";

    private final Database database;
    private final long operationTimeoutMs;
    private Pool pool;
    private MessageConsumer<Object> wakeUps;
    private long poller = -1;
    private long cleaner = -1;
    private boolean claiming;
    private boolean wokenWhileClaiming;

    public RegistrationQueue(Database database, long operationTimeoutMs) {
        this.database = database;
        this.operationTimeoutMs = operationTimeoutMs;
    }

    /**
     * Asks a registration process to run {@code operation} (one of {@link RegistrationOperation}'s addresses) and
     * completes with its reply; fails as the event bus would: a {@link ReplyException} carrying the worker's code
     * and message, or {@link ReplyFailure#TIMEOUT} after {@code timeoutMs} (the operation may still run).
     */
    public static Future<JsonObject> request(Vertx vertx, SqlClient sql, String operation, JsonObject request, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        return sql.preparedQuery(INSERT).execute(Tuple.of(operation, request))
                .map(rows -> rows.iterator().next().getLong("id"))
                .compose(id -> sql.preparedQuery(NOTIFY).execute(Tuple.of(String.valueOf(id)))
                        .compose(v -> outcome(vertx, sql, id, deadline)));
    }

    private static Future<JsonObject> outcome(Vertx vertx, SqlClient sql, long id, long deadline) {
        return sql.preparedQuery(OUTCOME).execute(Tuple.of(id)).compose(rows -> {
            if (rows.size() > 0) {
                Row row = rows.iterator().next();
                return "done".equals(row.getString("status")) ? Future.succeededFuture((JsonObject) row.getValue("reply"))
                        : Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
                                row.getInteger("failure_code"), row.getString("failure_message")));
            }
            if (System.nanoTime() - deadline > 0) {
                return Future.failedFuture(new ReplyException(ReplyFailure.TIMEOUT, "registration request " + id + " timed out"));
            }
            return vertx.timer(REQUESTER_POLL_MS).compose(v -> outcome(vertx, sql, id, deadline));
        });
    }

    @Override
    public Future<?> start() {
        pool = database.pool(vertx, "registration-queue", 2, 64);
        wakeUps = vertx.eventBus().localConsumer(WAKE, message -> claim());
        poller = vertx.setPeriodic(POLL_MS, id -> claim());
        cleaner = vertx.setPeriodic(CLEANUP_MS, id -> pool.query(CLEANUP).execute()
                .onFailure(e -> LOG.warn("Could not delete old registration requests: {}", e.getMessage())));
        claim();
        return wakeUps.completion();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(poller);
        vertx.cancelTimer(cleaner);
        return wakeUps.unregister().eventually(pool::close);
    }

    /** Claims up to {@link #CLAIM} requests, runs them together, and goes on while requests keep coming. */
    private void claim() {
        if (claiming) {
            wokenWhileClaiming = true;
            return;
        }
        claiming = true;
        wokenWhileClaiming = false;
        pool.preparedQuery(CLAIMED).execute(Tuple.of(CLAIM))
                .compose(rows -> {
                    List<Future<Void>> runs = new ArrayList<>();
                    rows.forEach(row -> runs.add(run(row.getLong("id"), row.getString("operation"), (JsonObject) row.getValue("request"))));
                    return Future.join(runs).map(rows.size());
                })
                .onComplete(result -> {
                    claiming = false;
                    if (result.failed()) {
                        LOG.warn("Could not claim registration requests: {}", result.cause().getMessage());
                    } else if (result.result() == CLAIM || wokenWhileClaiming) {
                        claim();
                    }
                });
    }

    private Future<Void> run(long id, String operation, JsonObject request) {
        Promise<Tuple> outcome = Promise.promise();
        vertx.eventBus().<JsonObject>request(operation, request, new DeliveryOptions().setSendTimeout(operationTimeoutMs))
                .onSuccess(reply -> outcome.complete(Tuple.of(id, "done", reply.body(), null, null)))
                .onFailure(e -> outcome.complete(e instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
                        ? Tuple.of(id, "failed", null, reply.failureCode(), reply.getMessage())
                        : Tuple.of(id, "failed", null, 500, "internal error")));
        return outcome.future().compose(row -> pool.preparedQuery(FINISH).execute(row)).mapEmpty();
    }
}
