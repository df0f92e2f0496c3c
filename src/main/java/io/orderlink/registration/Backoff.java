package io.orderlink.registration;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.LongUnaryOperator;

/**
 * When to try a platform call again: exponential backoff with jitter, never sooner than the platform asked
 * ({@code Retry-After}, Shopify's throttle status), and never later than {@code maxMs}: a platform that asks
 * for a longer pause than that gets it by not being called again in this operation.
 */
final class Backoff {

    private final int maxRetries;
    private final long baseMs;
    private final long maxMs;
    private final LongUnaryOperator random;

    /** @param random a uniform draw in [0, bound) for a bound; injected so tests can pin it */
    Backoff(int maxRetries, long baseMs, long maxMs, LongUnaryOperator random) {
        this.maxRetries = maxRetries;
        this.baseMs = baseMs;
        this.maxMs = Math.max(baseMs, maxMs);
        this.random = random;
    }

    /**
     * The pause before retry number {@code retry} (1 for the first retry), or -1 when no retry is left or
     * the platform's requested pause ({@code askedMs}, -1 if none) exceeds the cap. Half the exponential
     * step is fixed and half random ("equal jitter"), so pauses grow while callers spread out.
     */
    long delayMs(int retry, long askedMs) {
        if (retry > maxRetries || askedMs > maxMs) {
            return -1;
        }
        long step = Math.min(maxMs, baseMs << Math.min(retry - 1, 30));
        long jittered = step / 2 + random.applyAsLong(step - step / 2 + 1);
        return Math.max(jittered, askedMs);
    }

    /**
     * {@code Retry-After} as delta seconds (Shopify sends decimals such as {@code 2.0}) or an HTTP date; -1 if
     * absent or unreadable.
     */
    static long retryAfterMs(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        String value = header.trim();
        try {
            double seconds = Double.parseDouble(value);
            return seconds < 0 || Double.isNaN(seconds) ? -1 : (long) Math.ceil(seconds * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, Duration.between(now, at).toMillis());
            } catch (DateTimeParseException notDate) {
                return -1;
            }
        }
    }
}
