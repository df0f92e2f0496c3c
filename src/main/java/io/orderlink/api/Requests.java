package io.orderlink.api;

import io.orderlink.orders.TimeRange;
import io.orderlink.stores.StoreDomain;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The API's one validation layer: every rule for request input, each refusal a 400
 * {@code {"error":{"code":"invalid_<field>","message":"<field> <rule>"}}} (README, "Validation").
 */
final class Requests {

    static final String BAD_ENCODING = "must be valid percent-encoding (%XX with two hex digits)";
    static final int MAX_QUERY_VALUE = 2048;
    static final int MAX_TEXT = 200;
    static final int MAX_EMAIL = 320;
    static final int MAX_CREDENTIAL = 4096;
    static final int MAX_METADATA_BYTES = 16 * 1024;
    private static final Pattern WHOLE = Pattern.compile("[0-9]{1,19}");
    /** A plain decimal: no exponent, so no {@code 1e-999999999} reaches PostgreSQL's numeric. */
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,20}(\\.[0-9]{1,20})?");
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    private Requests() {
    }

    /**
     * Before any route: the URL is valid percent-encoding with no NUL anywhere (PostgreSQL text cannot hold one),
     * and no query value is longer than {@link #MAX_QUERY_VALUE}.
     */
    static void screen(RoutingContext context) {
        String uri = context.request().uri();
        if (uri.indexOf('\0') >= 0 || uri.toLowerCase(Locale.ROOT).contains("%00")) {
            Endpoint.fail(context, ApiError.badRequest("url", "must not contain NUL (%00)"));
            return;
        }
        try {
            URLDecoder.decode(context.request().path(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> param : context.queryParams()) {
                if (param.getValue().length() > MAX_QUERY_VALUE) {
                    Endpoint.fail(context, ApiError.badRequest(param.getKey(), "must be at most " + MAX_QUERY_VALUE + " characters"));
                    return;
                }
            }
        } catch (IllegalArgumentException e) {
            Endpoint.fail(context, ApiError.badRequest("url", BAD_ENCODING));
            return;
        }
        context.next();
    }

    /** The body as a JSON object whose strings and keys hold no NUL. */
    static JsonObject jsonBody(RoutingContext context) {
        JsonObject body;
        try {
            body = context.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw ApiError.badRequest("body", "must be a JSON object");
        }
        if (body == null) {
            throw ApiError.badRequest("body", "must be a JSON object");
        }
        noNul(body, "");
        return body;
    }

    private static void noNul(Object value, String path) {
        if (value instanceof JsonObject object) {
            for (Map.Entry<String, Object> entry : object) {
                String field = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
                if (entry.getKey().indexOf('\0') >= 0) {
                    throw ApiError.badRequest(path.isEmpty() ? "body" : path, "must not have a key containing NUL (\\u0000)");
                }
                noNul(entry.getValue(), field);
            }
        } else if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                noNul(array.getValue(i), path + "[" + i + "]");
            }
        } else if (value instanceof String text && text.indexOf('\0') >= 0) {
            throw ApiError.badRequest(path, "must not contain NUL (\\u0000)");
        }
    }

    /** A path id; anything but a positive whole number cannot name a row, so it is 404 rather than 400. */
    static long idParam(RoutingContext context, String name) {
        String value = context.pathParam(name);
        Long id = positiveLong(value);
        if (id == null) {
            throw ApiError.notFound(name + " " + value);
        }
        return id;
    }

    /** A query parameter, or null when absent or empty. */
    static String query(RoutingContext context, String name) {
        String value = context.request().getParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** {@code storeId}: a whole number from 1 (1.9 and 1e23 are not), or null when absent. */
    static Long storeId(RoutingContext context) {
        return positiveId(context, "storeId");
    }

    /** An optional query parameter that is a whole number from 1 to 2^63-1. */
    static Long positiveId(RoutingContext context, String name) {
        String value = query(context, name);
        if (value == null) {
            return null;
        }
        Long id = positiveLong(value);
        if (id == null) {
            throw ApiError.badRequest(name, "must be a whole number from 1 to " + Long.MAX_VALUE);
        }
        return id;
    }

    /** A JSON body's whole number from 1 (a JSON 1.9, 1e23 or 10^30 is not), or null when absent. */
    static Long positiveId(JsonObject body, String name) {
        Object value = body.getValue(name);
        if (value == null) {
            return null;
        }
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() > 0) {
            return ((Number) value).longValue();
        }
        throw ApiError.badRequest(name, "must be a whole number from 1 to " + Long.MAX_VALUE);
    }

    static Long positiveLong(String value) {
        if (value == null || !WHOLE.matcher(value).matches()) {
            return null;
        }
        try {
            long id = Long.parseLong(value);
            return id > 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
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
     * {@code endOfDay} a date means the end of that day, so {@code end=2024-01-31} includes January 31. Either
     * must lie in {@code times}.
     */
    static Instant instant(RoutingContext context, String name, boolean endOfDay, TimeRange times) {
        String value = query(context, name);
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            instant = null;
        }
        if (instant != null) {
            return inRange(name, instant, times);
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name, "must be an ISO-8601 date (2024-01-31) or instant (2024-01-31T12:00:00Z)");
        }
        Instant midnight = inRange(name, date.atStartOfDay(ZoneOffset.UTC).toInstant(), times);
        return endOfDay ? midnight.plus(1, ChronoUnit.DAYS) : midnight;
    }

    /** A JSON body's ISO-8601 instant ({@code 2026-01-09T14:00:00Z}) in {@code times}, or null when absent. */
    static Instant instant(JsonObject body, String name, TimeRange times) {
        Object value = body.getValue(name);
        if (value == null) {
            return null;
        }
        try {
            if (value instanceof String text) {
                return inRange(name, OffsetDateTime.parse(text).toInstant(), times);
            }
        } catch (DateTimeParseException e) {
            // below
        }
        throw ApiError.badRequest(name, "must be an ISO-8601 instant such as 2026-01-09T14:00:00Z");
    }

    private static Instant inRange(String name, Instant instant, TimeRange times) {
        if (!times.contains(instant)) {
            throw ApiError.badRequest(name, times.rule());
        }
        return instant;
    }

    /** A plain decimal parameter ({@code 0.85}, no exponent) from {@code min} to {@code max}, or null when absent. */
    static BigDecimal decimal(RoutingContext context, String name, BigDecimal min, BigDecimal max) {
        String value = query(context, name);
        if (value == null) {
            return null;
        }
        BigDecimal decimal = plainDecimal(value);
        if (decimal == null || decimal.compareTo(min) < 0 || decimal.compareTo(max) > 0) {
            throw ApiError.badRequest(name, "must be a plain decimal (such as 0.85) from " + min + " to " + max);
        }
        return decimal;
    }

    /** Digits with an optional fraction, at most 20 each side; null for anything else. */
    static BigDecimal plainDecimal(String value) {
        return value != null && DECIMAL.matcher(value).matches() ? new BigDecimal(value) : null;
    }

    /** An ISO 4217 currency code, upper-cased ({@code usd} is USD), or null when absent. */
    static String currency(RoutingContext context, String name) {
        String value = query(context, name);
        if (value == null) {
            return null;
        }
        String code = value.toUpperCase(Locale.ROOT);
        if (!CURRENCIES.contains(code)) {
            throw ApiError.badRequest(name, "must be an ISO 4217 currency code such as USD or EUR");
        }
        return code;
    }

    /** A store domain (a host name, or a URL's host) by {@link StoreDomain}'s rules, normalized. */
    static String domain(String name, Object value) {
        String domain = value instanceof String text ? StoreDomain.normalize(text) : null;
        if (domain == null) {
            throw ApiError.badRequest(name, "must be a host name of at most " + StoreDomain.MAX_LENGTH
                    + " characters (labels of letters, digits and hyphens), e.g. my-shop.myshopify.com");
        }
        return domain;
    }

    /** A string of at most {@code max} characters, trimmed; null when absent or blank. */
    static String text(JsonObject body, String name, int max) {
        Object value = body.getValue(name);
        if (value != null && !(value instanceof String)) {
            throw ApiError.badRequest(name, "must be a string");
        }
        String text = value == null ? "" : ((String) value).trim();
        if (text.length() > max) {
            throw ApiError.badRequest(name, "must be at most " + max + " characters");
        }
        return text.isEmpty() ? null : text;
    }

    /** An email address: at most {@value #MAX_EMAIL} characters with an {@code @}; null when absent. */
    static String email(String name, String value) {
        if (value != null && (value.length() > MAX_EMAIL || value.indexOf('@') < 1)) {
            throw ApiError.badRequest(name, "must be an email address of at most " + MAX_EMAIL + " characters");
        }
        return value;
    }

    /** One of {@code allowed}, or {@code fallback} when absent. */
    static String choice(RoutingContext context, String name, String fallback, List<String> allowed) {
        String value = query(context, name);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw ApiError.badRequest(name, "must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** {@code limit}: a whole number from 1 to {@code max}, {@code otherwise} when absent. */
    static int limit(RoutingContext context, int otherwise, int max) {
        String value = query(context, "limit");
        if (value == null) {
            return otherwise;
        }
        Long limit = positiveLong(value);
        if (limit == null || limit > max) {
            throw ApiError.badRequest("limit", "must be a whole number from 1 to " + max);
        }
        return limit.intValue();
    }
}
