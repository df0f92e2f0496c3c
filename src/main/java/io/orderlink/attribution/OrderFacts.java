package io.orderlink.attribution;

import java.time.Instant;
import java.util.Objects;

/** What attribution needs of an order: its (raw or normalized) email and chat session id, both optional, and its time. */
public record OrderFacts(String email, String chatSessionId, Instant orderTime) {

    public OrderFacts {
        Objects.requireNonNull(orderTime, "orderTime");
    }
}
