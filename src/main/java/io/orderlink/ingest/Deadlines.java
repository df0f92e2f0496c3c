package io.orderlink.ingest;

import io.vertx.core.Vertx;

import java.util.function.Consumer;

/**
 * Deadlines of one fixed length on one event loop, for one entry per delivery: adding and cancelling are a few
 * field writes, and one Vert.x timer serves them all. A timer per delivery cost the ingest event loops about 6 %
 * of their time at peak (setting and cancelling two each, in Netty's scheduled-task heap). With one length, due
 * times follow the order entries were added, so the entries form a list in that order and only its head can be
 * due: the timer is armed for the head, and an entry cancelled before it is due is simply unlinked.
 * Confined to the event loop that created it.
 *
 * @param <T> the entries, each in at most one list at a time
 */
final class Deadlines<T extends Deadlines.Entry> {

    /** What a list holds; {@link #cancel} unlinks it from the list it is in, if any. */
    abstract static class Entry {
        private Deadlines<?> list;
        private Entry previous;
        private Entry next;
        private long due;

        final void cancel() {
            if (list != null) {
                list.unlink(this);
            }
        }
    }

    private final Vertx vertx;
    private final long lengthNanos;
    private final Consumer<T> expired;
    private Entry head;
    private Entry tail;
    private long timer = -1;

    /** @param expired runs for each entry whose deadline passed, after the entry left the list */
    Deadlines(Vertx vertx, long lengthMs, Consumer<T> expired) {
        this.vertx = vertx;
        this.lengthNanos = lengthMs * 1_000_000;
        this.expired = expired;
    }

    /** Starts the entry's deadline now; an entry still in a list leaves it first. */
    void start(T entry) {
        add(entry, System.nanoTime());
        if (timer < 0) {
            arm();
        }
    }

    void add(T added, long now) {
        Entry entry = added;
        entry.cancel();
        entry.list = this;
        entry.due = now + lengthNanos;
        entry.previous = tail;
        if (tail == null) {
            head = entry;
        } else {
            tail.next = entry;
        }
        tail = entry;
    }

    /** Unlinks and hands to {@code expired} every entry due at {@code now}, oldest first. */
    @SuppressWarnings("unchecked")
    void expire(long now) {
        while (head != null && head.due - now <= 0) {
            Entry due = head;
            unlink(due);
            expired.accept((T) due);
        }
    }

    boolean isEmpty() {
        return head == null;
    }

    private void unlink(Entry entry) {
        if (entry.previous == null) {
            head = entry.next;
        } else {
            entry.previous.next = entry.next;
        }
        if (entry.next == null) {
            tail = entry.previous;
        } else {
            entry.next.previous = entry.previous;
        }
        entry.previous = null;
        entry.next = null;
        entry.list = null;
    }

    /** For the head's deadline; entries cancelled meanwhile only make the timer find nothing due and re-arm. */
    private void arm() {
        long delayMs = Math.max(1, (head.due - System.nanoTime() + 999_999) / 1_000_000);
        timer = vertx.setTimer(delayMs, id -> {
            timer = -1;
            expire(System.nanoTime());
            if (head != null) {
                arm();
            }
        });
    }
}
