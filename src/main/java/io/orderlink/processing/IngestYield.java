package io.orderlink.processing;

/**
 * How the attribution worker shares the cores with ingest (docs/benchmarks.md, "The worker yields to ingest").
 * <ul>
 *   <li>While ingest is saturated the worker defers its next batch: a burst lands on disk first and its backlog
 *   drains right after. So that a saturation that never ends cannot stop attribution for good, it takes one
 *   batch anyway each time it has deferred for {@code maxYieldNanos} in a row.
 *   <li>While deliveries keep arriving, a batch is cut to about {@code sliceNanos} of work (judged from the
 *   previous batch's time per delivery) and followed by a rest as long as it took: a full batch holds a core
 *   for a quarter of a second, and back-to-back batches would take a core and a database backend from ingest
 *   for as long as the backlog lasts. At most half of the worker's time goes to attribution then; with no
 *   delivery since the last batch, batches are full size and follow each other at once.
 * </ul>
 * Not thread-safe: one worker owns it. Times are monotonic nanoseconds.
 */
final class IngestYield {

    private static final int MIN_SLICE_BATCH = 10;

    private final long maxYieldNanos;
    private final long sliceNanos;
    private long yieldingSince = -1;
    private long arrivalsSeen = -1;
    private long nanosPerDelivery;
    private boolean slicing;

    IngestYield(long maxYieldNanos, long sliceNanos) {
        this.maxYieldNanos = maxYieldNanos;
        this.sliceNanos = sliceNanos;
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

    /** A batch of {@code claimed} deliveries took {@code elapsedNanos}; answers how long to rest before the next. */
    long batchDone(int claimed, long elapsedNanos) {
        if (claimed > 0) {
            nanosPerDelivery = Math.max(1, elapsedNanos / claimed);
        }
        return slicing ? elapsedNanos : 0;
    }
}
