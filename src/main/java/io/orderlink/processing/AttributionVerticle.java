package io.orderlink.processing;

import io.orderlink.inbox.Inbox;

import io.orderlink.attribution.Attributor;
import io.orderlink.attribution.PolicyCatalog;

import io.orderlink.config.Config;
import io.orderlink.db.Database;
import io.orderlink.metrics.Metrics;
import io.orderlink.orders.TimeRange;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * The attribution worker (deployed on a worker thread: it parses JSON). Wakes on {@code inbox.ready} and also
 * polls, so a lost wake-up only delays work; drains batch after batch while full batches keep coming.
 */
public final class AttributionVerticle extends VerticleBase {

    private static final long YIELD_MS = 20;
    /** The longest the worker defers to a saturated ingest before it takes one batch anyway. */
    private static final long MAX_YIELD_NANOS = 10_000_000_000L;
    /** About how long one batch may hold a core while deliveries keep arriving. */
    private static final long SLICE_NANOS = 20_000_000L;
    /** Half of the 50 ms acknowledgement p99 target: a slower answer makes the worker rest longer. */
    private static final long CALM_ANSWER_NANOS = 25_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(AttributionVerticle.class);

    private final Database database;
    private final Config.Attribution config;
    private final Metrics metrics;
    private final TimeRange times;
    private Pool pool;
    private InboxProcessor processor;
    private MessageConsumer<Object> wakeUps;
    private long poller;
    private boolean draining;
    private boolean wokenWhileDraining;
    private boolean stopping;
    private Promise<Void> idle;
    private final IngestLoad ingest;
    private final IngestYield yield = new IngestYield(MAX_YIELD_NANOS, SLICE_NANOS, CALM_ANSWER_NANOS);
    private boolean drainTimer;
    private long restUntil = System.nanoTime();

    /**
     * @param times  the range order times from the platforms must lie in
     * @param ingest the load of this process's ingest, which the worker yields to
     */
    public AttributionVerticle(Database database, Config.Attribution config, TimeRange times, Metrics metrics,
                               IngestLoad ingest) {
        this.database = database;
        this.config = config;
        this.times = times;
        this.metrics = metrics;
        this.ingest = ingest;
    }

    @Override
    public Future<?> start() {
        pool = database.pool(vertx, "attribution", 2, 64);
        processor = new InboxProcessor(pool,
                new Attributor(new PolicyCatalog(config.policyCacheSeconds() * 1000L)), config.chatSessionKey(), times);
        wakeUps = vertx.eventBus().consumer(Inbox.READY, message -> drain());
        poller = vertx.setPeriodic(config.pollIntervalMs(), id -> drain());
        drain();
        return wakeUps.completion();
    }

    /** Finishes the batch in progress (its transaction commits or rolls back whole), then closes the pool. */
    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(poller);
        idle = Promise.promise();
        if (!draining) {
            idle.complete();
        }
        return wakeUps.unregister().eventually(idle::future).eventually(pool::close);
    }

    private void record(InboxProcessor.Outcome outcome) {
        outcome.attributions().forEach(applied -> metrics.attributed(applied.method()));
        Instant now = Instant.now();
        outcome.receivedAt().forEach(received -> metrics.attributionLag(Duration.between(received, now)));
    }

    private void drain() {
        if (draining) {
            wokenWhileDraining = true;
            return;
        }
        if (!stopping && System.nanoTime() - restUntil < 0) {
            drainLater((restUntil - System.nanoTime()) / 1_000_000);
            return;
        }
        if (yieldToIngest()) {
            return;
        }
        draining = true;
        wokenWhileDraining = false;
        int limit = yield.batchLimit(ingest.arrivals().getAsLong(), config.batchSize());
        long started = System.nanoTime();
        processor.processBatch(limit).onComplete(result -> {
            draining = false;
            boolean more = result.succeeded() && (result.result().claimed() >= limit || wokenWhileDraining);
            if (result.failed()) {
                LOG.warn("Attribution batch failed, retrying on the next poll: {}", result.cause().getMessage());
            } else {
                long ended = System.nanoTime();
                restUntil = ended + yield.batchDone(result.result().claimed(), ended - started,
                        ingest.slowestAnswer().getAsLong());
                record(result.result());
            }
            if (stopping) {
                idle.tryComplete();
            } else if (more) {
                drain();
            }
        });
    }

    /** Defers the next batch by {@value #YIELD_MS} ms while ingest is saturated (see {@link IngestYield}). */
    private boolean yieldToIngest() {
        if (stopping || !yield.shouldWait(ingest.saturated().getAsBoolean(), System.nanoTime())) {
            return false;
        }
        drainLater(YIELD_MS);
        return true;
    }

    /** One timer at a time, however many wake-ups arrive meanwhile. */
    private void drainLater(long ms) {
        if (!drainTimer) {
            drainTimer = true;
            vertx.setTimer(Math.max(1, ms), id -> {
                drainTimer = false;
                if (!stopping) {
                    drain();
                }
            });
        }
    }
}
