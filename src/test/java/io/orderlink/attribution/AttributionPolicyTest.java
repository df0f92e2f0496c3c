package io.orderlink.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AttributionPolicyTest {

    private static final Instant ORDER_TIME = Instant.parse("2025-01-09T14:00:00Z");
    private static final String EMAIL = "customer@example.com";
    private static final OrderFacts ORDER = new OrderFacts(EMAIL, null, ORDER_TIME);

    private final AttributionPolicy policy = new AttributionPolicy(AttributionSettings.DEFAULTS);

    private static ConversationCandidate candidate(long id, Duration gap, int messages, boolean product, boolean price) {
        return new ConversationCandidate(id, EMAIL, "sess-" + id, ORDER_TIME.minus(gap), messages, product, price);
    }

    private static ConversationCandidate candidate(long id, Duration gap) {
        return candidate(id, gap, 1, false, false);
    }

    private static void assertAttribution(AttributionMethod method, Long conversationId, String confidence,
            Attribution actual) {
        assertEquals(method, actual.method(), actual.toString());
        assertEquals(conversationId, actual.conversationId(), actual.toString());
        // equals, not compareTo: the scale must be exactly 2
        assertEquals(new BigDecimal(confidence), actual.confidence(), actual.toString());
    }

    // --- every tier, every boundary exactly and one second either side, every booster ---

    @ParameterizedTest(name = "gap {0}, {1} messages, product {2}, price {3} -> {4} {5}")
    @CsvSource({
        // gap,         messages, product, price, method,          confidence
        "PT0S,          1, false, false, SESSION_MATCH,  0.95",
        "PT29M59S,      1, false, false, SESSION_MATCH,  0.95",
        "PT30M,         1, false, false, SESSION_MATCH,  0.95",
        "PT30M1S,       1, false, false, SESSION_MATCH,  0.90",
        "PT59M59S,      1, false, false, SESSION_MATCH,  0.90",
        "PT60M,         1, false, false, SESSION_MATCH,  0.90",
        "PT60M1S,       1, false, false, TIME_PROXIMITY, 0.85",
        "PT5H59M59S,    1, false, false, TIME_PROXIMITY, 0.85",
        "PT6H,          1, false, false, TIME_PROXIMITY, 0.85",
        "PT6H1S,        1, false, false, TIME_PROXIMITY, 0.80",
        "PT11H59M59S,   1, false, false, TIME_PROXIMITY, 0.80",
        "PT12H,         1, false, false, TIME_PROXIMITY, 0.80",
        "PT12H1S,       1, false, false, TIME_PROXIMITY, 0.70",
        "PT23H59M59S,   1, false, false, TIME_PROXIMITY, 0.70",
        "PT24H,         1, false, false, TIME_PROXIMITY, 0.70",
        "PT24H1S,       1, false, false, EMAIL_MATCH,    0.65",
        "PT71H59M59S,   1, false, false, EMAIL_MATCH,    0.65",
        "P3D,           1, false, false, EMAIL_MATCH,    0.65",
        "P3DT1S,        1, false, false, EMAIL_MATCH,    0.55",
        "PT119H59M59S,  1, false, false, EMAIL_MATCH,    0.55",
        "P5D,           1, false, false, EMAIL_MATCH,    0.55",
        "P5DT1S,        1, false, false, EMAIL_MATCH,    0.50",
        "PT167H59M59S,  1, false, false, EMAIL_MATCH,    0.50",
        "P7D,           1, false, false, EMAIL_MATCH,    0.50",
        "P7DT1S,        1, false, false, NO_MATCH,       0.00",
        "P30D,          1, false, false, NO_MATCH,       0.00",
        // boosters on the 6 h tier (base 0.85): individually, the message threshold, combined, capped
        "PT2H,          4, false, false, TIME_PROXIMITY, 0.85",
        "PT2H,          5, false, false, TIME_PROXIMITY, 0.90",
        "PT2H,          1, true,  false, TIME_PROXIMITY, 0.90",
        "PT2H,          1, false, true,  TIME_PROXIMITY, 0.88",
        "PT2H,          5, true,  true,  TIME_PROXIMITY, 0.90",
        // 12 h tier (base 0.80)
        "PT8H,          5, false, false, TIME_PROXIMITY, 0.85",
        "PT8H,          1, true,  false, TIME_PROXIMITY, 0.85",
        "PT8H,          1, false, true,  TIME_PROXIMITY, 0.83",
        "PT8H,          5, false, true,  TIME_PROXIMITY, 0.88",
        "PT8H,          1, true,  true,  TIME_PROXIMITY, 0.88",
        "PT8H,          5, true,  false, TIME_PROXIMITY, 0.90",
        "PT8H,          5, true,  true,  TIME_PROXIMITY, 0.90",
        // 24 h tier (base 0.70)
        "PT18H,         5, false, false, TIME_PROXIMITY, 0.75",
        "PT18H,         1, true,  false, TIME_PROXIMITY, 0.75",
        "PT18H,         1, false, true,  TIME_PROXIMITY, 0.73",
        "PT18H,         5, true,  false, TIME_PROXIMITY, 0.80",
        "PT18H,         5, true,  true,  TIME_PROXIMITY, 0.83",
        "PT24H,         99, true, true,  TIME_PROXIMITY, 0.83",
        // boosters belong to time proximity only
        "PT10M,         10, true, true,  SESSION_MATCH,  0.95",
        "PT60M,         10, true, true,  SESSION_MATCH,  0.90",
        "P2D,           10, true, true,  EMAIL_MATCH,    0.65"})
    void tiersBoundariesAndBoosters(Duration gap, int messages, boolean product, boolean price,
            AttributionMethod method, String confidence) {
        Attribution attribution = policy.attribute(ORDER, List.of(candidate(1, gap, messages, product, price)));

        assertAttribution(method, method == AttributionMethod.NO_MATCH ? null : 1L, confidence, attribution);
    }

    // --- choosing between candidates ---

    static Stream<Arguments> choices() {
        return Stream.of(
                Arguments.of("higher confidence beats more recent activity",
                        List.of(candidate(1, Duration.ofHours(5)), candidate(2, Duration.ofHours(2), 5, true, true)),
                        2L, "0.90"),
                Arguments.of("same confidence: most recent activity wins",
                        List.of(candidate(1, Duration.ofHours(50)), candidate(2, Duration.ofHours(40))),
                        2L, "0.65"),
                Arguments.of("same confidence, listed the other way round",
                        List.of(candidate(2, Duration.ofHours(40)), candidate(1, Duration.ofHours(50))),
                        2L, "0.65"),
                Arguments.of("same confidence and activity: smaller id wins",
                        List.of(candidate(7, Duration.ofHours(40)), candidate(3, Duration.ofHours(40))),
                        3L, "0.65"),
                Arguments.of("capped proximity ties a 60-minute session match: more recent wins",
                        List.of(candidate(1, Duration.ofMinutes(50)), candidate(2, Duration.ofHours(2), 9, true, true)),
                        1L, "0.90"),
                Arguments.of("activity after the order is ignored",
                        List.of(candidate(1, Duration.ofSeconds(-1)), candidate(2, Duration.ofDays(6))),
                        2L, "0.50"),
                Arguments.of("no activity before the order is ignored",
                        List.of(new ConversationCandidate(1, EMAIL, null, null, 3, true, true), candidate(2, Duration.ofDays(4))),
                        2L, "0.55"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("choices")
    void choosesTheBestCandidate(String why, List<ConversationCandidate> candidates, Long winner, String confidence) {
        Attribution attribution = policy.attribute(ORDER, candidates);

        assertEquals(winner, attribution.conversationId(), why);
        assertEquals(new BigDecimal(confidence), attribution.confidence(), why);
    }

    @Test
    void activityOnlyAfterTheOrderIsNoMatch() {
        Attribution attribution = policy.attribute(ORDER, List.of(candidate(1, Duration.ofSeconds(-1))));

        assertAttribution(AttributionMethod.NO_MATCH, null, "0.00", attribution);
    }

    @Test
    void anotherCustomersConversationIsNoMatch() {
        ConversationCandidate other = new ConversationCandidate(1, "someone.else@example.com", "sess-1",
                ORDER_TIME.minusSeconds(60), 12, true, true);

        assertAttribution(AttributionMethod.NO_MATCH, null, "0.00", policy.attribute(ORDER, List.of(other)));
    }

    @Test
    void upperCaseAndPaddedEmailsMatch() {
        OrderFacts order = new OrderFacts("  Customer@Example.COM ", null, ORDER_TIME);
        ConversationCandidate conversation = new ConversationCandidate(4, " CUSTOMER@example.com", null,
                ORDER_TIME.minus(Duration.ofMinutes(10)), 2, false, false);

        assertAttribution(AttributionMethod.SESSION_MATCH, 4L, "0.95", policy.attribute(order, List.of(conversation)));
    }

    @Test
    void nullOrderEmailNeverMatchesANullConversationEmail() {
        OrderFacts order = new OrderFacts(null, null, ORDER_TIME);
        ConversationCandidate anonymous = new ConversationCandidate(1, null, "sess-1", ORDER_TIME.minusSeconds(60), 3,
                false, false);

        assertAttribution(AttributionMethod.NO_MATCH, null, "0.00", policy.attribute(order, List.of(anonymous)));
    }

    @Test
    void zeroCandidatesIsNoMatchWithReasoning() {
        Attribution attribution = policy.attribute(ORDER, List.of());

        assertAttribution(AttributionMethod.NO_MATCH, null, "0.00", attribution);
        assertEquals("no conversation with this customer within 7 days before the order", attribution.reasoning());
        assertNull(attribution.lastActivity());
    }

    // --- session id ---

    @Test
    void sessionIdMatchesRegardlessOfEmail() {
        OrderFacts order = new OrderFacts(EMAIL, "sess-x", ORDER_TIME);
        ConversationCandidate conversation = new ConversationCandidate(9, "other@example.com", "sess-x",
                ORDER_TIME.minus(Duration.ofDays(3)), 2, false, false);

        Attribution attribution = policy.attribute(order, List.of(conversation));

        assertAttribution(AttributionMethod.SESSION_MATCH, 9L, "0.95", attribution);
        assertEquals("session id matched, chat 3.0 d before order, 2 messages", attribution.reasoning());
    }

    @Test
    void sessionIdMatchesWithoutAnyOrderEmail() {
        OrderFacts order = new OrderFacts(null, "sess-x", ORDER_TIME);
        ConversationCandidate conversation = new ConversationCandidate(9, null, "sess-x",
                ORDER_TIME.minus(Duration.ofDays(7)), 2, false, false);

        assertAttribution(AttributionMethod.SESSION_MATCH, 9L, "0.95", policy.attribute(order, List.of(conversation)));
    }

    @Test
    void sessionIdOlderThanSevenDaysIsNoMatch() {
        OrderFacts order = new OrderFacts(EMAIL, "sess-x", ORDER_TIME);
        ConversationCandidate conversation = new ConversationCandidate(9, EMAIL, "sess-x",
                ORDER_TIME.minus(Duration.ofDays(7)).minusSeconds(1), 2, false, false);

        assertAttribution(AttributionMethod.NO_MATCH, null, "0.00", policy.attribute(order, List.of(conversation)));
    }

    @Test
    void sessionIdMatchBeatsAnEmailMatchOfAnotherConversation() {
        OrderFacts order = new OrderFacts(EMAIL, "sess-x", ORDER_TIME);
        ConversationCandidate bySession = new ConversationCandidate(9, null, "sess-x",
                ORDER_TIME.minus(Duration.ofDays(2)), 2, false, false);
        ConversationCandidate byEmail = candidate(1, Duration.ofHours(3), 9, true, true);

        assertAttribution(AttributionMethod.SESSION_MATCH, 9L, "0.95", policy.attribute(order, List.of(byEmail, bySession)));
    }

    @Test
    void sessionIdAndEmailOnOneConversationReportTheSessionId() {
        OrderFacts order = new OrderFacts(EMAIL, "sess-1", ORDER_TIME);

        Attribution attribution = policy.attribute(order, List.of(candidate(1, Duration.ofMinutes(10))));

        assertAttribution(AttributionMethod.SESSION_MATCH, 1L, "0.95", attribution);
        assertEquals("session id matched, chat 0.2 h before order, 1 message", attribution.reasoning());
    }

    @Test
    void otherSessionIdStillMatchesByEmail() {
        OrderFacts order = new OrderFacts(EMAIL, "sess-other", ORDER_TIME);

        assertAttribution(AttributionMethod.TIME_PROXIMITY, 1L, "0.80",
                policy.attribute(order, List.of(candidate(1, Duration.ofHours(7)))));
    }

    @Test
    void blankSessionIdsDoNotMatch() {
        OrderFacts order = new OrderFacts(null, " ", ORDER_TIME);
        ConversationCandidate conversation = new ConversationCandidate(1, null, " ", ORDER_TIME.minusSeconds(5), 1,
                false, false);

        assertAttribution(AttributionMethod.NO_MATCH, null, "0.00", policy.attribute(order, List.of(conversation)));
    }

    // --- reasoning ---

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "PT24M   | 7 | true  | false | chat 0.4 h before order, 7 messages, product inquiry",
        "PT21M   | 2 | false | false | chat 0.4 h before order, 2 messages",
        "PT2H57M | 1 | false | true  | chat 3.0 h before order, 1 message, price check",
        "PT60H   | 3 | true  | true  | chat 2.5 d before order, 3 messages, product inquiry, price check",
        "PT24H   | 0 | false | false | chat 1.0 d before order, 0 messages"})
    void reasoningIsOneLine(Duration gap, int messages, boolean product, boolean price, String expected) {
        Attribution attribution = policy.attribute(ORDER, List.of(candidate(1, gap, messages, product, price)));

        assertEquals(expected, attribution.reasoning());
    }

    @Test
    void attributionCarriesTheActivityItWasMeasuredFrom() {
        Attribution attribution = policy.attribute(ORDER, List.of(candidate(1, Duration.ofHours(3))));

        assertEquals(ORDER_TIME.minus(Duration.ofHours(3)), attribution.lastActivity());
    }

    // --- settings ---

    @Test
    void customSettingsMoveTheTiers() {
        AttributionPolicy custom = new AttributionPolicy(AttributionSettings.fromJson(
                "{\"sessionHighWindow\":\"PT15M\",\"emailWindow\":\"P14D\",\"emailConfidence\":0.4}"));

        assertAttribution(AttributionMethod.SESSION_MATCH, 1L, "0.90",
                custom.attribute(ORDER, List.of(candidate(1, Duration.ofMinutes(20)))));
        assertAttribution(AttributionMethod.EMAIL_MATCH, 1L, "0.40",
                custom.attribute(ORDER, List.of(candidate(1, Duration.ofDays(10)))));
        assertEquals("no conversation with this customer within 14 days before the order",
                custom.attribute(ORDER, List.of()).reasoning());
    }

    @Test
    void aLowerCapAlsoCapsTheBaseScore() {
        AttributionPolicy custom = new AttributionPolicy(AttributionSettings.fromJson("{\"proximityCap\":0.75}"));

        assertAttribution(AttributionMethod.TIME_PROXIMITY, 1L, "0.75",
                custom.attribute(ORDER, List.of(candidate(1, Duration.ofHours(2)))));
    }
}
