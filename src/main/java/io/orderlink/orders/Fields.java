package io.orderlink.orders;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One JSON object of a webhook body, read the way both platform parsers need it: numbers exact (money as
 * BigDecimal, ids as decimal strings, never through double), JSON null and blank strings treated as absent,
 * and every error naming the field by its path ({@code line_items[1].price}).
 */
final class Fields {

    /** Reads one element of an array; may fail like the parsers themselves. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Fields element) throws OrderParseException;
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern ZEROS = Pattern.compile("0+");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    /** Error messages end up in the dead-letter column: quote at most this much of a bad value. */
    private static final int SHOWN_CHARS = 64;
    /**
     * Money beyond a quadrillion units is no real amount in any currency (1e400 is not), nor is one finer than 20
     * decimals (a float's artefacts such as 8.333333333333334 are, and WooCommerce sends them).
     */
    private static final BigDecimal MAX_AMOUNT = BigDecimal.TEN.pow(15);
    private static final int MAX_SCALE = 20;

    private final JsonNode node;
    private final String path;
    private final TimeRange times;

    private Fields(JsonNode node, String path, TimeRange times) {
        this.node = node;
        this.path = path;
        this.times = times;
    }

    /**
     * The fields a parser reads, so that only they become a tree: a name maps to its whole value, or to the
     * fields read inside it (an object, or each element of an array). A real order body is mostly what no
     * order needs (addresses, tax and discount detail, shipping lines): it is scanned, never built into nodes
     * or numbers (docs/benchmarks.md).
     */
    static final class Needed extends TokenFilter {
        private final Map<String, TokenFilter> fields = new HashMap<>();

        static Needed of(String... whole) {
            Needed needed = new Needed();
            for (String name : whole) {
                needed.fields.put(name, TokenFilter.INCLUDE_ALL);
            }
            return needed;
        }

        Needed with(String name, Needed inside) {
            fields.put(name, inside);
            return this;
        }

        @Override
        public TokenFilter includeProperty(String name) {
            return fields.get(name);
        }

        /** An element none of whose fields is needed stays, empty: element positions and counts are kept. */
        @Override
        public boolean includeEmptyObject(boolean contentsFiltered) {
            return contentsFiltered;
        }
    }

    /** The body's top-level object; its instants must lie in {@code times}. */
    static Fields parse(byte[] body, TimeRange times) throws OrderParseException {
        return parse(body, times, null);
    }

    /** Only the {@code needed} fields become nodes (all when null); the whole body must still be valid JSON. */
    static Fields parse(byte[] body, TimeRange times, Needed needed) throws OrderParseException {
        JsonNode root;
        try {
            if (needed == null) {
                root = MAPPER.readTree(body);
            } else {
                try (JsonParser parser = MAPPER.createParser(body)) {
                    root = MAPPER.readTree(new FilteringParserDelegate(parser, needed, TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true));
                    if (parser.nextToken() != null) {
                        throw new OrderParseException("Body is not valid JSON: trailing content after the object");
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw new OrderParseException("Body is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new OrderParseException("Body is not readable: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new OrderParseException("Body is not a JSON object");
        }
        return new Fields(root, "", times);
    }

    /** Present, not JSON null and not a blank string. */
    boolean has(String field) {
        return value(field) != null;
    }

    /** A scalar as trimmed text (numbers exactly as written), or null. */
    String text(String field) {
        JsonNode value = value(field);
        return value == null || value.isContainerNode() ? null : value.asText().trim();
    }

    String requiredText(String field) throws OrderParseException {
        String text = text(field);
        if (text == null) {
            throw missing(field);
        }
        return text;
    }

    /** JSON {@code true} (or the string "true"); anything else is false. */
    boolean flag(String field) {
        JsonNode value = value(field);
        return value != null && value.asBoolean(false);
    }

    /** A required positive 64-bit id as its exact decimal string; 0 counts as missing. */
    String id(String field) throws OrderParseException {
        String id = optionalId(field);
        if (id == null) {
            throw missing(field);
        }
        return id;
    }

    /** An id that may be absent; 0 means "none" (WooCommerce's convention for guests and simple products). */
    String optionalId(String field) throws OrderParseException {
        JsonNode value = value(field);
        return value == null ? null : idOf(value, label(field));
    }

    /** An array of ids, each exact; missing gives an empty list. */
    List<String> ids(String field) throws OrderParseException {
        List<String> ids = new ArrayList<>();
        for (Fields element : array(field)) {
            String id = idOf(element.node, element.path);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** A required non-negative whole number that fits an int (quantities). */
    int integer(String field) throws OrderParseException {
        JsonNode value = required(field);
        String digits = value.isIntegralNumber() || value.isTextual() ? value.asText().trim() : "";
        if (!DIGITS.matcher(digits).matches() || new BigInteger(digits).bitLength() > 31) {
            throw invalid(label(field), value);
        }
        return Integer.parseInt(digits);
    }

    /**
     * A required amount of money, exact, from a JSON number or a numeric string: never rounded, never lenient
     * about junk, and within a sane bound (at most {@link #MAX_AMOUNT} either way, {@link #MAX_SCALE} decimals).
     */
    BigDecimal amount(String field) throws OrderParseException {
        JsonNode value = required(field);
        BigDecimal decimal = value.isNumber() ? value.decimalValue()
                : value.isTextual() ? decimalOf(value.textValue().trim())
                : null;
        if (decimal == null) {
            throw invalid(label(field), value);
        }
        if (decimal.abs().compareTo(MAX_AMOUNT) > 0 || (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > MAX_SCALE)) {
            throw new OrderParseException("Invalid " + label(field) + " value: " + shown(value) + " (an amount of money is a decimal of at most "
                    + MAX_AMOUNT.toPlainString() + " with at most " + MAX_SCALE + " decimals)");
        }
        return decimal;
    }

    /** {@link #amount}, and not negative: an order total, a price, a refund transaction (refund totals aside). */
    BigDecimal nonNegativeAmount(String field) throws OrderParseException {
        BigDecimal amount = amount(field);
        if (amount.signum() < 0) {
            throw new OrderParseException("Invalid " + label(field) + " value: " + amount.toPlainString() + " (must not be negative)");
        }
        return amount;
    }

    BigDecimal optionalNonNegativeAmount(String field) throws OrderParseException {
        return has(field) ? nonNegativeAmount(field) : null;
    }

    /** A required ISO 4217-shaped code, upper-cased. */
    String currency(String field) throws OrderParseException {
        if (!has(field)) {
            throw missing(field);
        }
        return optionalCurrency(field);
    }

    String optionalCurrency(String field) throws OrderParseException {
        String raw = text(field);
        if (raw == null) {
            return null;
        }
        String code = raw.toUpperCase(Locale.ROOT);
        if (!CURRENCY.matcher(code).matches()) {
            throw invalid(label(field), value(field));
        }
        return code;
    }

    /**
     * A required ISO-8601 date-time. With an offset or zone it is taken as written; without one it is UTC only
     * when {@code localMeansUtc} (WooCommerce's {@code *_gmt} fields), otherwise it is an error.
     */
    Instant instant(String field, boolean localMeansUtc) throws OrderParseException {
        String raw = requiredText(field);
        Instant instant = parseInstant(raw, localMeansUtc);
        if (instant == null) {
            throw new OrderParseException("Invalid date in field " + label(field) + ": " + shown(raw));
        }
        if (!times.contains(instant)) {
            throw new OrderParseException("Invalid date in field " + label(field) + ": " + shown(raw) + " " + times.rule());
        }
        return instant;
    }

    /** A nested object; when absent, an empty view whose lookups all give "absent". */
    Fields object(String field) {
        return new Fields(node.path(field), label(field), times);
    }

    /** The elements of an array; missing or null gives an empty list. */
    List<Fields> array(String field) throws OrderParseException {
        JsonNode value = value(field);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid(label(field), value);
        }
        List<Fields> elements = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            elements.add(new Fields(value.get(i), label(field) + "[" + i + "]", times));
        }
        return elements;
    }

    <T> List<T> list(String field, Reader<T> reader) throws OrderParseException {
        List<T> result = new ArrayList<>();
        for (Fields element : array(field)) {
            result.add(reader.read(element));
        }
        return result;
    }

    /**
     * The value of the first entry of a name/value array ({@code note_attributes}, {@code meta_data}) whose
     * {@code keyField} equals {@code key}; null when there is none.
     */
    String attribute(String field, String keyField, String key, String valueField) throws OrderParseException {
        for (Fields entry : array(field)) {
            String value = entry.text(valueField);
            if (key.equals(entry.text(keyField)) && value != null) {
                return value;
            }
        }
        return null;
    }

    static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Case-insensitive membership of a platform status in a set of lower-case statuses; null is in none. */
    static boolean oneOf(String status, Set<String> lowerCaseStatuses) {
        return status != null && lowerCaseStatuses.contains(status.toLowerCase(Locale.ROOT));
    }

    static String nonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    private JsonNode value(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isTextual() && value.textValue().isBlank()) {
            return null;
        }
        return value;
    }

    private JsonNode required(String field) throws OrderParseException {
        JsonNode value = value(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    private String label(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private OrderParseException missing(String field) {
        return new OrderParseException("Missing required field: " + label(field));
    }

    /** The canonical decimal string of a positive 64-bit id written as digits, else null. */
    static String positiveId(String digits) {
        if (!DIGITS.matcher(digits).matches()) {
            return null;
        }
        BigInteger id = new BigInteger(digits);
        return id.signum() > 0 && id.bitLength() < 64 ? id.toString() : null;
    }

    /** Null for 0; the exact id; or an error for anything that is not a 64-bit whole number. */
    private static String idOf(JsonNode value, String label) throws OrderParseException {
        String digits = value.isIntegralNumber() || value.isTextual() ? value.asText().trim() : "";
        String id = positiveId(digits);
        if (id == null && !ZEROS.matcher(digits).matches()) {
            throw invalid(label, value);
        }
        return id;
    }

    private static BigDecimal decimalOf(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant parseInstant(String raw, boolean localMeansUtc) {
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(raw, ZonedDateTime::from, LocalDateTime::from);
            if (parsed instanceof ZonedDateTime zoned) {
                return zoned.toInstant();
            }
            return localMeansUtc ? ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static OrderParseException invalid(String label, JsonNode value) {
        return new OrderParseException("Invalid " + label + " value: " + shown(value));
    }

    private static String shown(JsonNode value) {
        return shown(value.isTextual() ? value.textValue() : value.toString());
    }

    private static String shown(String raw) {
        return raw.length() <= SHOWN_CHARS ? raw : raw.substring(0, SHOWN_CHARS) + "…";
    }
}
