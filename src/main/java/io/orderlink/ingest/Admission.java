package io.orderlink.ingest;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide bounds shared by the ingest instances of all event loops: deliveries in flight (a slot is
 * taken before the body is read) and body bytes buffered (reserved chunk by chunk as they arrive, before they
 * are kept, and freed once nothing holds the body any more). Memory is thus bounded by configuration, never by
 * what clients declare or how many of them connect.
 */
public final class Admission {

    private final int limit;
    private final long maxBufferedBytes;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong buffered = new AtomicLong();

    public Admission(int limit, long maxBufferedBytes) {
        this.limit = limit;
        this.maxBufferedBytes = maxBufferedBytes;
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

    boolean tryReserve(int bytes) {
        if (buffered.addAndGet(bytes) > maxBufferedBytes) {
            buffered.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void free(long bytes) {
        buffered.addAndGet(-bytes);
    }

    public int inFlight() {
        return inFlight.get();
    }

    public long bufferedBytes() {
        return buffered.get();
    }
}
