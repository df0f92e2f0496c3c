package io.orderlink.api;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reading request input, each failure a 400 that names the field. */
final class Requests {

    private Requests() {
    }

    static JsonObject jsonBody(RoutingContext context) {
        try {
            JsonObject body = context.body().asJsonObject();
            if (body == null) {
                throw ApiError.badRequest("body", "must be a JSON object");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw ApiError.badRequest("body", "must be a JSON object");
        }
    }

    /** A path id; anything but a positive whole number cannot name a row, so it is 404 rather than 400. */
    static long idParam(RoutingContext context, String name) {
        String value = context.pathParam(name);
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiError.notFound(name + " " + value);
    }

    /** A query parameter, or null when absent or empty. */
    static String query(RoutingContext context, String name) {
        String value = context.request().getParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** {@code storeId}: a positive whole number; any other value names no store, so it is 404 like a foreign one. */
    static Long storeId(RoutingContext context) {
        String value = query(context, "storeId");
        if (value == null) {
            return null;
        }
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiError.notFound("store " + value);
    }

    /** 404 unless the tenant can see the store; row-level security hides other organizations' stores. */
    static Future<Void> requireStore(SqlConnection sql, Long storeId) {
        if (storeId == null) {
            return Future.succeededFuture();
        }
        return sql.preparedQuery("SELECT 1 FROM stores WHERE id = $1").execute(Tuple.of(storeId))
                .compose(rows -> rows.size() == 1 ? Future.succeededFuture() : Future.failedFuture(ApiError.notFound("store " + storeId)));
    }

    /**
     * An ISO-8601 instant with an offset ({@code 2024-01-31T12:00:00Z}) or a date, read as midnight UTC; with
     * {@code endOfDay} a date means the end of that day, so {@code end=2024-01-31} includes January 31.
     */
    static Instant instant(RoutingContext context, String name, boolean endOfDay) {
        String value = query(context, name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                LocalDate date = LocalDate.parse(value);
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException again) {
                throw ApiError.badRequest(name, "must be an ISO-8601 date (2024-01-31) or instant (2024-01-31T12:00:00Z)");
            }
        }
    }

    /** A decimal parameter from {@code min} to {@code max}, or null when absent. */
    static BigDecimal decimal(RoutingContext context, String name, BigDecimal min, BigDecimal max) {
        String value = query(context, name);
        if (value == null) {
            return null;
        }
        try {
            BigDecimal decimal = new BigDecimal(value);
            if (decimal.compareTo(min) >= 0 && decimal.compareTo(max) <= 0) {
                return decimal;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiError.badRequest(name, "must be a decimal from " + min + " to " + max);
    }

    /** One of {@code allowed}, or {@code fallback} when absent. */
    static String choice(RoutingContext context, String name, String fallback, java.util.List<String> allowed) {
        String value = query(context, name);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw ApiError.badRequest(name, "must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** An optional whole-number query parameter. */
    static Long optionalLong(RoutingContext context, String name) {
        String value = context.queryParams().get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name, "must be a whole number");
        }
    }

    /** {@code limit}: from 1 to {@code max}, {@code otherwise} when absent. */
    static int limit(RoutingContext context, int otherwise, int max) {
        Long limit = optionalLong(context, "limit");
        if (limit == null) {
            return otherwise;
        }
        if (limit < 1 || limit > max) {
            throw ApiError.badRequest("limit", "must be from 1 to " + max);
        }
        return limit.intValue();
    }
}
