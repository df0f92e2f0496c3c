package io.orderlink.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The original implementation's attributor tests (reference section 8.3), translated to docs/architecture.md, "Attribution policy":
 * the original's string conversation ids ({@code conv_123}) become numbers ({@code 123}); its "active chat
 * session" is a same-email conversation; ages are measured from the order time, not the clock.
 */
class AttributionOriginalCasesTest {

    private static final String EMAIL = "customer@example.com";
    private static final OrderFacts ORDER = new OrderFacts(EMAIL, null, Instant.parse("2025-01-09T14:00:00Z"));

    private final AttributionPolicy policy = new AttributionPolicy(AttributionSettings.DEFAULTS);

    private static ConversationCandidate conversation(long id, String lastActivity, int messages, boolean product,
            boolean price) {
        return new ConversationCandidate(id, EMAIL, null, Instant.parse(lastActivity), messages, product, price);
    }

    @Test
    void original_8_3_1_activeChatThirtyMinutesBeforeIsSessionMatch() {
        Attribution attribution = policy.attribute(ORDER, List.of(conversation(123, "2025-01-09T13:30:00Z", 4, false, false)));

        assertEquals(AttributionMethod.SESSION_MATCH, attribution.method());
        assertEquals(123L, attribution.conversationId());
        assertEquals(new BigDecimal("0.95"), attribution.confidence());
    }

    @Test
    void original_8_3_2_noSessionAndNoConversationsIsNotSessionMatch() {
        Attribution attribution = policy.attribute(ORDER, List.of());

        assertNotEquals(AttributionMethod.SESSION_MATCH, attribution.method());
        assertEquals(AttributionMethod.NO_MATCH, attribution.method());
    }

    /** Changed: exactly 60 minutes is inside the inclusive session tier (0.90), where boosters do not apply. */
    @Test
    void original_8_3_3_exactlyOneHourWithBoostersIsTheNinetySessionTier() {
        Attribution attribution = policy.attribute(ORDER, List.of(conversation(456, "2025-01-09T13:00:00Z", 5, true, false)));

        assertEquals(AttributionMethod.SESSION_MATCH, attribution.method());
        assertEquals(456L, attribution.conversationId());
        assertEquals(new BigDecimal("0.90"), attribution.confidence());
    }

    @Test
    void original_8_3_4_recentBusyConversationScoresAboveEighty() {
        Attribution attribution = policy.attribute(ORDER, List.of(conversation(789, "2025-01-09T13:30:00Z", 10, true, true)));

        assertEquals(789L, attribution.conversationId());
        assertTrue(attribution.confidence().compareTo(new BigDecimal("0.80")) > 0, attribution.toString());
        assertEquals(new BigDecimal("0.95"), attribution.confidence());
    }

    /** Changed: the age is measured from the order time, so the answer is always 0.65 (2 d 4 h), never clock-dependent. */
    @Test
    void original_8_3_5_olderConversationIsEmailMatchMeasuredFromTheOrder() {
        Attribution attribution = policy.attribute(ORDER, List.of(conversation(100, "2025-01-07T10:00:00Z", 3, false, false)));

        assertEquals(AttributionMethod.EMAIL_MATCH, attribution.method());
        assertEquals(100L, attribution.conversationId());
        assertEquals(new BigDecimal("0.65"), attribution.confidence());
    }

    @Test
    void original_8_3_6_noMatchHasNoConversationAndZeroConfidence() {
        Attribution attribution = policy.attribute(ORDER, List.of());

        assertNull(attribution.conversationId());
        assertEquals(new BigDecimal("0.00"), attribution.confidence());
        assertEquals(AttributionMethod.NO_MATCH, attribution.method());
    }
}
