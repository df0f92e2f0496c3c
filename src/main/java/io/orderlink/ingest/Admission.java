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
    private final int saturatedInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong buffered = new AtomicLong();

    public Admission(int limit, long maxBufferedBytes, int saturatedInFlight) {
        this.limit = limit;
        this.maxBufferedBytes = maxBufferedBytes;
        this.saturatedInFlight = saturatedInFlight;
    }

    /**
     * Ingest is saturated when at least {@code ingest.saturatedInFlight} deliveries are in flight: at a steady
     * rate below capacity deliveries are answered within milliseconds and only a few overlap; that many only
     * pile up when senders outpace the commits (a burst, or a benchmark at peak).
     */
    public boolean saturated() {
        return inFlight.get() >= saturatedInFlight;
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
