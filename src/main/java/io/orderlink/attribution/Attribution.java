package io.orderlink.attribution;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of attributing one order: the winning conversation (null for {@code no_match}), the confidence
 * with exactly two decimals, a one-line human reasoning, and the conversation activity it was measured from.
 */
public record Attribution(
        AttributionMethod method,
        Long conversationId,
        BigDecimal confidence,
        String reasoning,
        Instant lastActivity) {

    public Attribution {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(reasoning, "reasoning");
        confidence = exactConfidence("confidence", confidence);
        if ((method == AttributionMethod.NO_MATCH) != (conversationId == null)) {
            throw new IllegalArgumentException("conversationId must be null exactly for no_match, got " + conversationId
                    + " for " + method.id());
        }
    }

    public static Attribution noMatch(String reasoning) {
        return new Attribution(AttributionMethod.NO_MATCH, null, BigDecimal.ZERO, reasoning, null);
    }

    /** Strictly higher confidence: a stored attribution only ever moves up (late conversations, replays). */
    public boolean isImprovementOver(Attribution current) {
        return current == null || confidence.compareTo(current.confidence) > 0;
    }

    /** A confidence (or booster) in [0, 1] with at most two decimals, at scale 2; never rounded. */
    static BigDecimal exactConfidence(String name, BigDecimal value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value.toPlainString());
        }
        if (value.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException(name + " must have at most two decimals, got " + value.toPlainString());
        }
        return value.setScale(2);
    }
}
