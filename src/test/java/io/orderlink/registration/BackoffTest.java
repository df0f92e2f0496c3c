package io.orderlink.registration;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

    @Test
    void pausesDoubleWithHalfOfEachStepRandom() {
        Backoff lowest = new Backoff(5, 100, 10_000, bound -> 0);
        Backoff highest = new Backoff(5, 100, 10_000, bound -> bound - 1);
        long[] steps = {100, 200, 400, 800, 1600};
        for (int retry = 1; retry <= 5; retry++) {
            long step = steps[retry - 1];
            assertEquals(step / 2, lowest.delayMs(retry, -1), "retry " + retry);
            assertEquals(step, highest.delayMs(retry, -1), "retry " + retry);
        }
    }

    @Test
    void pausesStopGrowingAtTheCapAndRetriesRunOut() {
        Backoff backoff = new Backoff(20, 100, 1000, bound -> bound - 1);
        assertEquals(1000, backoff.delayMs(10, -1));
        assertEquals(1000, backoff.delayMs(20, -1));
        assertEquals(-1, backoff.delayMs(21, -1));
        assertEquals(-1, new Backoff(0, 100, 1000, bound -> 0).delayMs(1, -1), "no retries configured");
    }

    @Test
    void thePlatformsRequestedPauseIsAFloorUnlessItExceedsTheCap() {
        Backoff backoff = new Backoff(3, 10, 2000, bound -> 0);
        assertEquals(1500, backoff.delayMs(1, 1500));
        assertEquals(2000, backoff.delayMs(1, 2000));
        assertEquals(-1, backoff.delayMs(1, 2001), "asked for more than the cap: give up rather than wait less");
    }

    @Test
    void retryAfterIsReadAsSecondsDecimalSecondsOrAnHttpDate() {
        assertEquals(2000, Backoff.retryAfterMs("2", NOW));
        assertEquals(2000, Backoff.retryAfterMs("2.0", NOW), "Shopify's REST form");
        assertEquals(100, Backoff.retryAfterMs(" 0.1 ", NOW));
        assertEquals(30_000, Backoff.retryAfterMs("Sat, 31 Jan 2026 12:00:30 GMT", NOW));
        assertEquals(0, Backoff.retryAfterMs("Sat, 31 Jan 2026 11:59:00 GMT", NOW), "a date in the past: no pause");
        assertEquals(-1, Backoff.retryAfterMs(null, NOW));
        assertEquals(-1, Backoff.retryAfterMs("soon", NOW));
        assertEquals(-1, Backoff.retryAfterMs("-5", NOW));
    }

    @Test
    void jitterSpreadsCallersOut() {
        Backoff backoff = new Backoff(3, 1000, 10_000, bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            long delay = backoff.delayMs(2, -1);
            assertTrue(delay >= 1000 && delay <= 2000, "within the second step: " + delay);
            seen.add(delay);
        }
        assertTrue(seen.size() > 10, "not all callers wake together");
    }
}
