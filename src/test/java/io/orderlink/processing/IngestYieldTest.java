package io.orderlink.processing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestYieldTest {

    private static final long MS = 1_000_000L;
    private static final long CALM = 5 * MS;
    private static final long SLOW = 80 * MS;

    @Test
    void theWorkerWaitsWhileIngestIsSaturatedButTakesOneBatchPerMaximumYield() {
        IngestYield yield = new IngestYield(1000 * MS, 20 * MS, 25 * MS);
        assertFalse(yield.shouldWait(false, 0), "an idle ingest never holds the worker back");
        assertTrue(yield.shouldWait(true, 10 * MS));
        assertTrue(yield.shouldWait(true, 500 * MS));
        assertFalse(yield.shouldWait(true, 1010 * MS), "after yielding for the maximum, one batch runs anyway");
        assertTrue(yield.shouldWait(true, 1020 * MS), "then the worker yields again");
        assertTrue(yield.shouldWait(true, 2000 * MS));
        assertFalse(yield.shouldWait(true, 2020 * MS));
    }

    @Test
    void anEndOfSaturationRestartsTheCount() {
        IngestYield yield = new IngestYield(1000 * MS, 20 * MS, 25 * MS);
        assertTrue(yield.shouldWait(true, 0));
        assertFalse(yield.shouldWait(false, 900 * MS));
        assertTrue(yield.shouldWait(true, 950 * MS));
        assertTrue(yield.shouldWait(true, 1900 * MS), "the maximum counts from the new saturation, not the old one");
    }

    @Test
    void batchesAreFullWhileNothingArrivesAndSlicedWhileDeliveriesKeepComing() {
        IngestYield yield = new IngestYield(1000 * MS, 20 * MS, 25 * MS);
        assertEquals(500, yield.batchLimit(0, 500), "nothing is known yet");
        yield.batchDone(500, 250 * MS, CALM); // half a millisecond per delivery
        assertEquals(500, yield.batchLimit(0, 500), "no delivery arrived since the last batch");
        assertEquals(40, yield.batchLimit(7, 500), "20 ms of work at 0.5 ms per delivery");
        yield.batchDone(40, 400 * MS, CALM); // 10 ms each: the slice would be 2
        assertEquals(10, yield.batchLimit(9, 500), "never below the minimum slice");
        yield.batchDone(10, MS / 10, CALM);
        assertEquals(500, yield.batchLimit(12, 500), "never above the full batch");
        assertEquals(500, yield.batchLimit(12, 500), "arrivals stopped");
    }

    @Test
    void aSliceIsFollowedByARestThreeTimesAsLongWhileIngestIsCalmAFullBatchByNone() {
        IngestYield yield = new IngestYield(1000 * MS, 20 * MS, 25 * MS);
        yield.batchLimit(0, 500);
        assertEquals(0, yield.batchDone(500, 250 * MS, CALM), "a full batch: the next follows at once");
        yield.batchLimit(5, 500);
        assertEquals(3 * 18 * MS, yield.batchDone(40, 18 * MS, CALM), "a slice while deliveries arrive: rest three times as long");
        yield.batchLimit(5, 500);
        assertEquals(0, yield.batchDone(500, 200 * MS, CALM), "arrivals stopped: full speed again");
    }

    @Test
    void anEmptyBatchTeachesNothingAboutTheCost() {
        IngestYield yield = new IngestYield(1000 * MS, 20 * MS, 25 * MS);
        yield.batchLimit(0, 500);
        yield.batchDone(0, 5 * MS, CALM);
        assertEquals(500, yield.batchLimit(3, 500), "no cost known: a full batch");
    }

    @Test
    void slowAnswersLengthenTheRestUpToTheMaximumAndCalmOnesShortenIt() {
        IngestYield yield = new IngestYield(1000 * MS, 20 * MS, 25 * MS);
        long arrivals = 0;
        yield.batchLimit(arrivals, 500);
        yield.batchDone(500, 250 * MS, CALM);
        for (long factor : new long[] {6, 12, 16, 16}) {
            yield.batchLimit(++arrivals, 500);
            assertEquals(factor * 20 * MS, yield.batchDone(40, 20 * MS, SLOW), "ingest answered slowly: rest longer");
        }
        yield.batchLimit(++arrivals, 500);
        assertEquals(8 * 20 * MS, yield.batchDone(40, 20 * MS, CALM), "calm again: halve the rest");
        yield.batchLimit(++arrivals, 500);
        assertEquals(4 * 20 * MS, yield.batchDone(40, 20 * MS, 25 * MS), "an answer at the threshold counts as calm");
        yield.batchLimit(++arrivals, 500);
        assertEquals(3 * 20 * MS, yield.batchDone(40, 20 * MS, CALM), "never below a rest three times the batch");
        yield.batchLimit(arrivals, 500);
        assertEquals(0, yield.batchDone(500, 200 * MS, SLOW), "arrivals stopped: full speed, whatever came before");
        yield.batchLimit(++arrivals, 500);
        assertEquals(6 * 20 * MS, yield.batchDone(40, 20 * MS, SLOW), "and the factor starts again from three");
    }
}
