package io.orderlink.ingest;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide bound on deliveries in flight, shared by the ingest instances of all event loops and
 * checked before a body is read, so memory is bounded by this count and the body limit, never by a burst.
 */
public final class Admission {

    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Admission(int limit) {
        this.limit = limit;
    }

    boolean tryAcquire() {
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }
}
