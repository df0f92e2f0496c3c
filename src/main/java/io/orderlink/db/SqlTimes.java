package io.orderlink.db;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Times to and from PostgreSQL: instants bind as UTC timestamptz, and come back out as ISO-8601 UTC text. */
public final class SqlTimes {

    private SqlTimes() {
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static String instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
