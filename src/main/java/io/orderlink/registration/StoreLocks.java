package io.orderlink.registration;

import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Operations on one store run one after another, so two never interleave their platform calls and rows on it.
 * Used from one event loop (the registration verticle's), so not thread-safe.
 */
final class StoreLocks {

    private final Map<Long, Future<?>> busy = new HashMap<>();

    /** Whether something runs for the store right now. */
    boolean busy(long storeId) {
        return busy.containsKey(storeId);
    }

    /** Runs {@code work} after whatever is already running for the store, whether that succeeds or fails. */
    <T> Future<T> exclusive(long storeId, Supplier<Future<T>> work) {
        Future<?> before = busy.getOrDefault(storeId, Future.succeededFuture());
        Future<T> mine = before.transform(previous -> work.get());
        busy.put(storeId, mine);
        mine.onComplete(done -> busy.remove(storeId, mine));
        return mine;
    }
}
