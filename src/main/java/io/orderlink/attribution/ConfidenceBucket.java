package io.orderlink.attribution;

import java.math.BigDecimal;

/** Confidence bands for analytics: high ≥ 0.85, medium ≥ 0.65, low ≥ 0.50, otherwise none. */
public enum ConfidenceBucket {
    HIGH(new BigDecimal("0.85")),
    MEDIUM(new BigDecimal("0.65")),
    LOW(new BigDecimal("0.50")),
    NONE(null);

    private final BigDecimal lowerBound;

    ConfidenceBucket(BigDecimal lowerBound) {
        this.lowerBound = lowerBound;
    }

    /** The inclusive lower bound, so SQL can band the same way; null for {@link #NONE}. */
    public BigDecimal lowerBound() {
        return lowerBound;
    }

    /** The bucket of a confidence; null counts as none. */
    public static ConfidenceBucket of(BigDecimal confidence) {
        for (ConfidenceBucket bucket : values()) {
            if (bucket.lowerBound != null && confidence != null && confidence.compareTo(bucket.lowerBound) >= 0) {
                return bucket;
            }
        }
        return NONE;
    }
}
