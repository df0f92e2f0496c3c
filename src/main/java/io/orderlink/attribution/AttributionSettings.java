package io.orderlink.attribution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The windows and numbers of the attribution policy (docs/architecture.md, "Attribution policy"), per organization. Windows are
 * inclusive upper bounds of the gap between the conversation's last activity and the order; the email tiers
 * must be non-decreasing from {@code sessionHighWindow} to {@code emailWindow}. Confidences, boosts and the
 * cap are in [0, 1] with at most two decimals. {@code proximityCap} bounds every time-proximity score.
 *
 * <p>As JSON (stored as JSONB per organization) each component is a field of the same name: durations as
 * ISO-8601 strings ({@code "PT30M"}, {@code "P7D"}), numbers as JSON numbers. {@link #fromJson} overrides any
 * subset of {@link #DEFAULTS}.
 */
public record AttributionSettings(
        Duration sessionIdWindow,
        BigDecimal sessionIdConfidence,
        Duration sessionHighWindow,
        BigDecimal sessionHighConfidence,
        Duration sessionWindow,
        BigDecimal sessionConfidence,
        Duration proximityHighWindow,
        BigDecimal proximityHighConfidence,
        Duration proximityMidWindow,
        BigDecimal proximityMidConfidence,
        Duration proximityWindow,
        BigDecimal proximityConfidence,
        int messageCountThreshold,
        BigDecimal messageCountBoost,
        BigDecimal productInquiryBoost,
        BigDecimal priceCheckBoost,
        BigDecimal proximityCap,
        Duration emailHighWindow,
        BigDecimal emailHighConfidence,
        Duration emailMidWindow,
        BigDecimal emailMidConfidence,
        Duration emailWindow,
        BigDecimal emailConfidence) {

    public static final AttributionSettings DEFAULTS = new AttributionSettings(
            Duration.ofDays(7), new BigDecimal("0.95"),
            Duration.ofMinutes(30), new BigDecimal("0.95"),
            Duration.ofMinutes(60), new BigDecimal("0.90"),
            Duration.ofHours(6), new BigDecimal("0.85"),
            Duration.ofHours(12), new BigDecimal("0.80"),
            Duration.ofHours(24), new BigDecimal("0.70"),
            5, new BigDecimal("0.05"), new BigDecimal("0.05"), new BigDecimal("0.03"), new BigDecimal("0.90"),
            Duration.ofDays(3), new BigDecimal("0.65"),
            Duration.ofDays(5), new BigDecimal("0.55"),
            Duration.ofDays(7), new BigDecimal("0.50"));

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final RecordComponent[] COMPONENTS = AttributionSettings.class.getRecordComponents();

    public AttributionSettings {
        sessionIdWindow = positive("sessionIdWindow", sessionIdWindow);
        sessionIdConfidence = Attribution.exactConfidence("sessionIdConfidence", sessionIdConfidence);
        sessionHighWindow = positive("sessionHighWindow", sessionHighWindow);
        sessionHighConfidence = Attribution.exactConfidence("sessionHighConfidence", sessionHighConfidence);
        sessionWindow = notShorter("sessionWindow", sessionWindow, "sessionHighWindow", sessionHighWindow);
        sessionConfidence = Attribution.exactConfidence("sessionConfidence", sessionConfidence);
        proximityHighWindow = notShorter("proximityHighWindow", proximityHighWindow, "sessionWindow", sessionWindow);
        proximityHighConfidence = Attribution.exactConfidence("proximityHighConfidence", proximityHighConfidence);
        proximityMidWindow = notShorter("proximityMidWindow", proximityMidWindow, "proximityHighWindow", proximityHighWindow);
        proximityMidConfidence = Attribution.exactConfidence("proximityMidConfidence", proximityMidConfidence);
        proximityWindow = notShorter("proximityWindow", proximityWindow, "proximityMidWindow", proximityMidWindow);
        proximityConfidence = Attribution.exactConfidence("proximityConfidence", proximityConfidence);
        if (messageCountThreshold < 0) {
            throw new IllegalArgumentException("messageCountThreshold must not be negative, got " + messageCountThreshold);
        }
        messageCountBoost = Attribution.exactConfidence("messageCountBoost", messageCountBoost);
        productInquiryBoost = Attribution.exactConfidence("productInquiryBoost", productInquiryBoost);
        priceCheckBoost = Attribution.exactConfidence("priceCheckBoost", priceCheckBoost);
        proximityCap = Attribution.exactConfidence("proximityCap", proximityCap);
        emailHighWindow = notShorter("emailHighWindow", emailHighWindow, "proximityWindow", proximityWindow);
        emailHighConfidence = Attribution.exactConfidence("emailHighConfidence", emailHighConfidence);
        emailMidWindow = notShorter("emailMidWindow", emailMidWindow, "emailHighWindow", emailHighWindow);
        emailMidConfidence = Attribution.exactConfidence("emailMidConfidence", emailMidConfidence);
        emailWindow = notShorter("emailWindow", emailWindow, "emailMidWindow", emailMidWindow);
        emailConfidence = Attribution.exactConfidence("emailConfidence", emailConfidence);
    }

    /**
     * {@link #DEFAULTS} with the fields present in {@code json} (a JSON object) replaced; null means defaults.
     *
     * @throws IllegalArgumentException naming the field, for an unknown field, a value of the wrong type, or a
     *         setting out of range
     */
    public static AttributionSettings fromJson(String json) {
        if (json == null) {
            return DEFAULTS;
        }
        JsonNode overrides = readObject(json);
        Map<String, Object> values = DEFAULTS.asMap();
        for (Map.Entry<String, JsonNode> field : overrides.properties()) {
            Object current = values.get(field.getKey());
            if (current == null) {
                throw new IllegalArgumentException("Unknown attribution setting: " + field.getKey());
            }
            values.put(field.getKey(), convert(field.getKey(), field.getValue(), current.getClass()));
        }
        return construct(values.values().toArray());
    }

    /** How far before an order any rule can look: the longer of the session-id and email windows. */
    public Duration lookback() {
        return emailWindow.compareTo(sessionIdWindow) >= 0 ? emailWindow : sessionIdWindow;
    }

    /** Every field, in the format {@link #fromJson} reads. */
    public String toJson() {
        ObjectNode json = MAPPER.createObjectNode();
        asMap().forEach((name, value) -> {
            if (value instanceof Duration duration) {
                json.put(name, duration.toString());
            } else if (value instanceof BigDecimal decimal) {
                json.put(name, decimal);
            } else {
                json.put(name, (Integer) value);
            }
        });
        return json.toString();
    }

    /** Component name to value, in declaration (= canonical constructor) order. */
    private Map<String, Object> asMap() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (RecordComponent component : COMPONENTS) {
            try {
                values.put(component.getName(), component.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    private static JsonNode readObject(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("Attribution settings must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Attribution settings are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Object convert(String name, JsonNode value, Class<?> type) {
        if (type == Duration.class && value.isTextual()) {
            try {
                return Duration.parse(value.textValue());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as \"PT30M\", got " + value);
            }
        }
        if (type == BigDecimal.class && value.isNumber()) {
            return value.decimalValue();
        }
        if (type == Integer.class && value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        throw new IllegalArgumentException(name + " has the wrong type, got " + value);
    }

    private static AttributionSettings construct(Object[] values) {
        try {
            Constructor<AttributionSettings> canonical = AttributionSettings.class.getDeclaredConstructor(
                    Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Duration positive(String name, Duration window) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + window);
        }
        return window;
    }

    /** Tiers are checked in order, so a window shorter than the one before it would be a tier nothing reaches. */
    private static Duration notShorter(String name, Duration window, String previousName, Duration previous) {
        positive(name, window);
        if (window.compareTo(previous) < 0) {
            throw new IllegalArgumentException(name + " (" + window + ") must not be shorter than " + previousName
                    + " (" + previous + ")");
        }
        return window;
    }
}
