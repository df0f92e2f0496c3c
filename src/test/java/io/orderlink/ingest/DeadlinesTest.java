package io.orderlink.ingest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The list logic with times given; the timer that calls {@code expire} is covered by the ingest deadline tests. */
class DeadlinesTest {

    private static final long MS = 1_000_000;

    private static final class Delivery extends Deadlines.Entry {
        final String name;

        Delivery(String name) {
            this.name = name;
        }
    }

    private final List<String> expired = new ArrayList<>();
    // No timer is armed through add and expire, so no Vert.x is needed.
    private final Deadlines<Delivery> deadlines = new Deadlines<>(null, 100, d -> expired.add(d.name));

    @Test
    void onlyDueEntriesExpireOldestFirst() {
        Delivery a = new Delivery("a"), b = new Delivery("b"), c = new Delivery("c");
        deadlines.add(a, 0);
        deadlines.add(b, 10 * MS);
        deadlines.add(c, 20 * MS);

        deadlines.expire(99 * MS);
        assertEquals(List.of(), expired);
        deadlines.expire(100 * MS);
        assertEquals(List.of("a"), expired);
        deadlines.expire(500 * MS);
        assertEquals(List.of("a", "b", "c"), expired);
        assertTrue(deadlines.isEmpty());
    }

    @Test
    void cancelledEntriesNeverExpireWhereverTheyStand() {
        Delivery a = new Delivery("a"), b = new Delivery("b"), c = new Delivery("c"), d = new Delivery("d");
        deadlines.add(a, 0);
        deadlines.add(b, 0);
        deadlines.add(c, 0);
        deadlines.add(d, 0);

        b.cancel();
        a.cancel();
        d.cancel();
        d.cancel();
        deadlines.expire(100 * MS);
        assertEquals(List.of("c"), expired);
        assertTrue(deadlines.isEmpty());

        deadlines.add(a, 200 * MS);
        deadlines.expire(300 * MS);
        assertEquals(List.of("c", "a"), expired, "a cancelled entry can start again");
    }

    @Test
    void startingInAnotherListLeavesTheFirst() {
        List<String> acks = new ArrayList<>();
        Deadlines<Delivery> ackDeadlines = new Deadlines<>(null, 50, d -> acks.add(d.name));
        Delivery a = new Delivery("a"), b = new Delivery("b");
        deadlines.add(a, 0);
        deadlines.add(b, 0);
        ackDeadlines.add(a, 10 * MS);

        deadlines.expire(1000 * MS);
        assertEquals(List.of("b"), expired);
        ackDeadlines.expire(59 * MS);
        assertEquals(List.of(), acks);
        ackDeadlines.expire(60 * MS);
        assertEquals(List.of("a"), acks);
    }
}
