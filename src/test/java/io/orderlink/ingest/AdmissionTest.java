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
        admission.answered();
        assertFalse(admission.saturated());
        assertEquals(2, admission.arrivals(), "arrivals only ever grow");
    }
}
