package io.orderlink.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A validated revenue analytics request: the range [start, end), an optional store, the series step, the sections. */
public record AnalyticsRequest(Long storeId, Instant start, Instant end, Granularity granularity, Metric metric) {

    /** Revenue-over-time buckets, in UTC; weeks are ISO weeks, starting on Monday. */
    public enum Granularity {
        DAY, WEEK, MONTH;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The first day of the bucket that holds {@code day}. */
        LocalDate bucket(LocalDate day) {
            return switch (this) {
                case DAY -> day;
                case WEEK -> day.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
                case MONTH -> day.withDayOfMonth(1);
            };
        }

        LocalDate next(LocalDate bucket) {
            return switch (this) {
                case DAY -> bucket.plusDays(1);
                case WEEK -> bucket.plusWeeks(1);
                case MONTH -> bucket.plusMonths(1);
            };
        }
    }

    /** Which sections to compute: {@code overview}, {@code attribution}, {@code ltv}, or all three. */
    public enum Metric {
        OVERVIEW, LTV, ATTRIBUTION, ALL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean includes(Metric section) {
            return this == ALL || this == section;
        }
    }

    /** The default range: the last 30 UTC days, today included. */
    public static Instant[] defaultRange(Instant now) {
        Instant end = now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new Instant[]{end.minus(30, ChronoUnit.DAYS), end};
    }

    /** Every bucket start from the one holding {@code start} to the one holding the range's last instant. */
    List<LocalDate> buckets() {
        LocalDate first = granularity.bucket(start.atZone(ZoneOffset.UTC).toLocalDate());
        LocalDate last = granularity.bucket(end.minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate());
        List<LocalDate> buckets = new ArrayList<>();
        for (LocalDate bucket = first; !bucket.isAfter(last); bucket = granularity.next(bucket)) {
            buckets.add(bucket);
        }
        return buckets;
    }
}
