package io.orderlink.processing;

/**
 * How the attribution worker shares the cores with ingest (docs/benchmarks.md, "The worker yields to ingest").
 * <ul>
 *   <li>While ingest is saturated the worker defers its next batch: a burst lands on disk first and its backlog
 *   drains right after. So that a saturation that never ends cannot stop attribution for good, it takes one
 *   batch anyway each time it has deferred for {@code maxYieldNanos} in a row.
 *   <li>While deliveries keep arriving, a batch is cut to about {@code sliceNanos} of work (judged from the
 *   previous batch's time per delivery) and followed by a rest: a full batch holds a core for a quarter of a
 *   second, and back-to-back batches would take a core and a database backend from ingest for as long as the
 *   backlog lasts. The rest is the batch's time times a factor that follows ingest's answers: it doubles (up to
 *   {@value #MAX_REST_FACTOR}) when some delivery waited longer than {@code calmAnswerNanos} from its whole body
 *   to its answer during the batch or the rest before it, and halves (down to {@value #MIN_REST_FACTOR})
 *   otherwise. So at most a quarter of the worker's time goes to attribution while ingest answers promptly, and
 *   a seventeenth while it does not. With half of it (a rest as long as the batch), ingest at half of its peak
 *   rate right after a burst, the worker draining that burst, left the cores 90 % busy and collapsed at the
 *   first stall: deliveries queued for seconds and half were answered 503.
 *   <li>With no delivery since the last batch, batches are full size and follow each other at once.
 * </ul>
 * Not thread-safe: one worker owns it. Times are monotonic nanoseconds.
 */
final class IngestYield {

    private static final int MIN_SLICE_BATCH = 10;
    private static final int MIN_REST_FACTOR = 3;
    private static final int MAX_REST_FACTOR = 16;

    private final long maxYieldNanos;
    private final long sliceNanos;
    private final long calmAnswerNanos;
    private int restFactor = MIN_REST_FACTOR;
    private long yieldingSince = -1;
    private long arrivalsSeen = -1;
    private long nanosPerDelivery;
    private boolean slicing;

    IngestYield(long maxYieldNanos, long sliceNanos, long calmAnswerNanos) {
        this.maxYieldNanos = maxYieldNanos;
        this.sliceNanos = sliceNanos;
        this.calmAnswerNanos = calmAnswerNanos;
    }

    /** True when the batch due at {@code now} should wait. */
    boolean shouldWait(boolean ingestSaturated, long now) {
        if (!ingestSaturated) {
            yieldingSince = -1;
            return false;
        }
        if (yieldingSince < 0) {
            yieldingSince = now;
            return true;
        }
        if (now - yieldingSince >= maxYieldNanos) {
            yieldingSince = -1;
            return false;
        }
        return true;
    }

    /**
     * How many deliveries the next batch may claim, given ingest's count of arrived deliveries so far: the full
     * batch when none arrived since the previous call (or nothing is known yet of a batch's cost), else a slice.
     */
    int batchLimit(long arrivals, int fullBatch) {
        boolean ingestActive = arrivalsSeen >= 0 && arrivals != arrivalsSeen;
        arrivalsSeen = arrivals;
        slicing = ingestActive && nanosPerDelivery > 0;
        if (!slicing) {
            return fullBatch;
        }
        long slice = sliceNanos / nanosPerDelivery;
        return (int) Math.max(MIN_SLICE_BATCH, Math.min(fullBatch, slice));
    }

    /**
     * A batch of {@code claimed} deliveries took {@code elapsedNanos}, and the slowest answer ingest gave since
     * the previous batch ended was {@code slowestAnswerNanos}; answers how long to rest before the next batch.
     */
    long batchDone(int claimed, long elapsedNanos, long slowestAnswerNanos) {
        if (claimed > 0) {
            nanosPerDelivery = Math.max(1, elapsedNanos / claimed);
        }
        if (!slicing) {
            restFactor = MIN_REST_FACTOR;
            return 0;
        }
        restFactor = slowestAnswerNanos > calmAnswerNanos
                ? Math.min(MAX_REST_FACTOR, restFactor * 2) : Math.max(MIN_REST_FACTOR, restFactor / 2);
        return elapsedNanos * restFactor;
    }
}
