package io.orderlink.ingest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdmissionTest {

    @Test
    void saturationCountsDeliveriesReceivedWholeAndNotYetAnsweredNotOpenSlots() {
        Admission admission = new Admission(100, 1 << 20, 2);
        for (int i = 0; i < 10; i++) {
            assertTrue(admission.tryAcquire());
        }
        assertFalse(admission.saturated(), "ten bodies still arriving cost nothing yet");
        admission.arrived();
        assertFalse(admission.saturated());
        admission.arrived();
        assertTrue(admission.saturated(), "two wait for their answer");
        admission.answered(3_000_000);
        assertFalse(admission.saturated());
        assertEquals(2, admission.arrivals(), "arrivals only ever grow");
    }

    @Test
    void theSlowestAnswerIsReportedOnceAndThenCountsAfresh() {
        Admission admission = new Admission(100, 1 << 20, 8);
        assertEquals(0, admission.takeSlowestAnswer(), "nothing answered yet");
        for (long waited : new long[] {4_000_000, 90_000_000, 2_000_000}) {
            admission.arrived();
            admission.answered(waited);
        }
        assertEquals(90_000_000, admission.takeSlowestAnswer());
        assertEquals(0, admission.takeSlowestAnswer(), "taken: the next window starts empty");
        admission.arrived();
        admission.answered(5_000_000);
        assertEquals(5_000_000, admission.takeSlowestAnswer());
    }
}
