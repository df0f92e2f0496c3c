package io.orderlink.attribution;

import java.time.Instant;

/**
 * A conversation of the order's store that may have led to the order. {@code lastActivity} is its last
 * activity at or before the order time as the database found it; null (no activity before the order) or a
 * time after the order makes the policy ignore the candidate. {@code email} and {@code sessionId} may be null.
 */
public record ConversationCandidate(
        long conversationId,
        String email,
        String sessionId,
        Instant lastActivity,
        int messageCount,
        boolean productInquiry,
        boolean priceCheck) {

    public ConversationCandidate {
        if (messageCount < 0) {
            throw new IllegalArgumentException("messageCount must not be negative: " + messageCount);
        }
    }
}
