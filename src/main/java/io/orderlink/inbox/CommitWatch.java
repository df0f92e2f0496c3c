package io.orderlink.inbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Process-wide view of the group commits of every ingest instance: commits stall when one has been outstanding
 * longer than the acknowledgement deadline (its deliveries were already answered 503). Readiness reads it, so a
 * load balancer stops sending while the database holds commits, and sends again once they come back.
 */
public final class CommitWatch {

    private final long stallNanos;
    private final Map<Object, Long> outstanding = new ConcurrentHashMap<>();

    public CommitWatch(long stallMs) {
        this.stallNanos = stallMs * 1_000_000L;
    }

    void started(Object commit) {
        outstanding.put(commit, System.nanoTime());
    }

    void ended(Object commit) {
        outstanding.remove(commit);
    }

    public boolean stalled() {
        long now = System.nanoTime();
        for (long started : outstanding.values()) {
            if (now - started > stallNanos) {
                return true;
            }
        }
        return false;
    }
}
