package io.orderlink.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttributionTest {

    private static Attribution at(String confidence) {
        return new Attribution(AttributionMethod.EMAIL_MATCH, 1L, new BigDecimal(confidence), "r", Instant.EPOCH);
    }

    @Test
    void onlyAStrictlyHigherConfidenceIsAnImprovement() {
        assertTrue(at("0.90").isImprovementOver(at("0.65")));
        assertFalse(at("0.65").isImprovementOver(at("0.65")));
        assertFalse(at("0.65").isImprovementOver(at("0.90")));
        assertTrue(at("0.50").isImprovementOver(Attribution.noMatch("none")));
        assertTrue(Attribution.noMatch("none").isImprovementOver(null));
        assertFalse(Attribution.noMatch("none").isImprovementOver(Attribution.noMatch("none")));
    }

    @Test
    void equalValuesOfDifferentScaleAreNoImprovement() {
        assertFalse(at("0.9").isImprovementOver(at("0.90")));
    }

    @Test
    void confidenceIsStoredAtScaleTwo() {
        assertEquals(new BigDecimal("0.90"), at("0.9").confidence());
    }

    @Test
    void noMatchHasNoConversationAndZeroConfidence() {
        Attribution none = Attribution.noMatch("why");

        assertEquals(AttributionMethod.NO_MATCH, none.method());
        assertNull(none.conversationId());
        assertEquals(new BigDecimal("0.00"), none.confidence());
        assertEquals("why", none.reasoning());
    }

    @Test
    void invalidAttributionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> at("0.955"));
        assertThrows(IllegalArgumentException.class, () -> at("1.01"));
        assertThrows(IllegalArgumentException.class,
                () -> new Attribution(AttributionMethod.NO_MATCH, 3L, BigDecimal.ZERO, "r", null));
        assertThrows(IllegalArgumentException.class,
                () -> new Attribution(AttributionMethod.SESSION_MATCH, null, new BigDecimal("0.95"), "r", null));
    }

    @Test
    void methodIds() {
        assertEquals("session_match", AttributionMethod.SESSION_MATCH.id());
        assertEquals("time_proximity", AttributionMethod.TIME_PROXIMITY.id());
        assertEquals("email_match", AttributionMethod.EMAIL_MATCH.id());
        assertEquals("no_match", AttributionMethod.NO_MATCH.id());
    }
}
