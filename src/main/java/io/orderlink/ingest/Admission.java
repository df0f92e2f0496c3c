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
    private final AtomicInteger awaiting = new AtomicInteger();
    private final AtomicLong arrivals = new AtomicLong();
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicLong slowestAnswer = new AtomicLong();

    public Admission(int limit, long maxBufferedBytes, int saturatedInFlight) {
        this.limit = limit;
        this.maxBufferedBytes = maxBufferedBytes;
        this.saturatedInFlight = saturatedInFlight;
    }

    /**
     * Ingest is saturated when at least {@code ingest.saturatedInFlight} deliveries have arrived whole and wait
     * for their answer (store lookup, signature, commit). Counting those rather than every open slot keeps slow
     * senders out of it: a body still crossing a slow network costs this process nothing. At a steady rate within
     * capacity each is answered within milliseconds and only a few wait at once; they pile up when the commits
     * fall behind: a burst, or the cores taken by something else (the attribution worker, which then yields).
     */
    public boolean saturated() {
        return awaiting.get() >= saturatedInFlight;
    }

    /** A delivery's body has arrived whole; {@link #answered} follows exactly once. */
    void arrived() {
        arrivals.incrementAndGet();
        awaiting.incrementAndGet();
    }

    /** Deliveries received whole since start: the attribution worker keeps its batches short while it grows. */
    public long arrivals() {
        return arrivals.get();
    }

    /** The delivery announced by {@link #arrived} is answered, {@code waitedNanos} after its body was whole. */
    void answered(long waitedNanos) {
        awaiting.decrementAndGet();
        // Read first: within a window few answers are the slowest yet, so most never write the shared field.
        if (waitedNanos > slowestAnswer.get()) {
            slowestAnswer.accumulateAndGet(waitedNanos, Math::max);
        }
    }

    /**
     * The longest any delivery waited from a whole body to its answer since the previous call (0 if none was
     * answered): the attribution worker backs off while this exceeds what a commit normally takes.
     */
    public long takeSlowestAnswer() {
        return slowestAnswer.getAndSet(0);
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

    /** Deliveries received whole and not yet answered. */
    public int awaiting() {
        return awaiting.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public long bufferedBytes() {
        return buffered.get();
    }
}
