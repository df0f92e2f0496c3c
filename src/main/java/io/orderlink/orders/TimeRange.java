package io.orderlink.orders;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The instants Orderlink takes in, from API clients and from platforms: UTC years {@code minYear} to
 * {@code maxYear}. Outside a sane range a time is a typo or an attack, and far outside it PostgreSQL stores
 * {@code infinity} or fails, which breaks ordering and keyset cursors (docs/architecture.md, "Design rules").
 */
public record TimeRange(int minYear, int maxYear) {

    /** Years 2000 to 2100, what {@code validation.minYear} / {@code validation.maxYear} default to. */
    public static final TimeRange DEFAULT = new TimeRange(2000, 2100);

    public TimeRange {
        if (minYear < 1 || maxYear > 9999 || minYear > maxYear) {
            throw new IllegalArgumentException("years must run from 1 to 9999, the first not after the last: " + minYear + " to " + maxYear);
        }
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start()) && instant.isBefore(end());
    }

    /** The rule as a refusal states it. */
    public String rule() {
        return "must be in the years " + minYear + " to " + maxYear + " (UTC)";
    }

    private Instant start() {
        return LocalDate.of(minYear, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private Instant end() {
        return LocalDate.of(maxYear + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
