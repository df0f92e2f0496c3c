package io.orderlink.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A refund against an order. {@code amount} is never negative (a refund always reduces revenue);
 * {@code currency} is null when the platform did not say, meaning the order's currency.
 */
public record Refund(String refundId, String platformOrderId, BigDecimal amount, String currency, Instant createdAt) {

    public Refund {
        Objects.requireNonNull(refundId, "refundId");
        Objects.requireNonNull(platformOrderId, "platformOrderId");
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("Refund amount must not be negative: " + amount);
        }
    }
}
