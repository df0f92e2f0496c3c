package io.orderlink.registration;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operations on one store run one after another; other stores do not wait. */
class StoreLocksTest {

    private final StoreLocks locks = new StoreLocks();
    private final List<String> started = new ArrayList<>();

    private Future<String> run(long storeId, String name, Future<String> result) {
        return locks.exclusive(storeId, () -> {
            started.add(name);
            return result;
        });
    }

    @Test
    void theSecondOperationOnAStoreStartsWhenTheFirstEnds() {
        Promise<String> first = Promise.promise();
        run(1, "first", first.future());
        Future<String> second = run(1, "second", Future.succeededFuture("done"));

        assertEquals(List.of("first"), started);
        assertFalse(second.isComplete());
        first.complete("ok");
        assertEquals(List.of("first", "second"), started);
        assertEquals("done", second.result());
    }

    @Test
    void aFailedOperationDoesNotBlockTheNext() {
        Promise<String> first = Promise.promise();
        Future<String> failed = run(2, "first", first.future());
        Future<String> second = run(2, "second", Future.succeededFuture("done"));

        first.fail("platform down");
        assertTrue(failed.failed());
        assertEquals("done", second.result());
    }

    @Test
    void operationsQueueInOrderOfArrival() {
        Promise<String> first = Promise.promise();
        Promise<String> second = Promise.promise();
        run(3, "first", first.future());
        run(3, "second", second.future());
        run(3, "third", Future.succeededFuture("done"));

        first.complete("ok");
        assertEquals(List.of("first", "second"), started);
        second.complete("ok");
        assertEquals(List.of("first", "second", "third"), started);
    }

    @Test
    void anotherStoreDoesNotWait() {
        run(4, "busy", Promise.<String>promise().future());
        Future<String> other = run(5, "other", Future.succeededFuture("done"));

        assertEquals(List.of("busy", "other"), started);
        assertEquals("done", other.result());
    }
}
