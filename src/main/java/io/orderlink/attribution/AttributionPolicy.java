package io.orderlink.attribution;

import io.orderlink.orders.Emails;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * docs/architecture.md, "Attribution policy": credits an order to the conversation that most likely led to it. Every gap is measured
 * from the order's own time, never the clock, so replays and backfills give the same answer; all arithmetic is
 * exact. Stateless and thread-safe.
 */
public final class AttributionPolicy {

    /** Best first: higher confidence, then more recent activity, then the smaller conversation id. */
    private static final Comparator<Attribution> BEST_FIRST = Comparator
            .comparing(Attribution::confidence, Comparator.reverseOrder())
            .thenComparing(Attribution::lastActivity, Comparator.reverseOrder())
            .thenComparing(Attribution::conversationId);
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

    /** The same-email tiers, in order; the first whose window holds the gap applies. */
    private record Tier(Duration window, AttributionMethod method, BigDecimal confidence) {
    }

    private final AttributionSettings settings;
    private final List<Tier> emailTiers;
    private final String noMatchReasoning;

    public AttributionPolicy(AttributionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.emailTiers = List.of(
                new Tier(settings.sessionHighWindow(), AttributionMethod.SESSION_MATCH, settings.sessionHighConfidence()),
                new Tier(settings.sessionWindow(), AttributionMethod.SESSION_MATCH, settings.sessionConfidence()),
                new Tier(settings.proximityHighWindow(), AttributionMethod.TIME_PROXIMITY, settings.proximityHighConfidence()),
                new Tier(settings.proximityMidWindow(), AttributionMethod.TIME_PROXIMITY, settings.proximityMidConfidence()),
                new Tier(settings.proximityWindow(), AttributionMethod.TIME_PROXIMITY, settings.proximityConfidence()),
                new Tier(settings.emailHighWindow(), AttributionMethod.EMAIL_MATCH, settings.emailHighConfidence()),
                new Tier(settings.emailMidWindow(), AttributionMethod.EMAIL_MATCH, settings.emailMidConfidence()),
                new Tier(settings.emailWindow(), AttributionMethod.EMAIL_MATCH, settings.emailConfidence()));
        this.noMatchReasoning = "no conversation with this customer within " + describe(settings.lookback()) + " before the order";
    }

    public AttributionSettings settings() {
        return settings;
    }

    /** The best attribution among {@code candidates}, or {@code no_match}. */
    public Attribution attribute(OrderFacts order, List<ConversationCandidate> candidates) {
        Attribution best = null;
        for (ConversationCandidate candidate : candidates) {
            for (Attribution match : matches(order, candidate)) {
                // strictly better only: on a full tie the session-id match (listed first) stays
                if (best == null || BEST_FIRST.compare(match, best) < 0) {
                    best = match;
                }
            }
        }
        return best != null ? best : Attribution.noMatch(noMatchReasoning);
    }

    private List<Attribution> matches(OrderFacts order, ConversationCandidate candidate) {
        Instant activity = candidate.lastActivity();
        if (activity == null || activity.isAfter(order.orderTime())) {
            return List.of();
        }
        Duration gap = Duration.between(activity, order.orderTime());
        List<Attribution> matches = new ArrayList<>(2);
        if (sameSession(order, candidate) && within(gap, settings.sessionIdWindow())) {
            matches.add(attribution(AttributionMethod.SESSION_MATCH, settings.sessionIdConfidence(), candidate, gap,
                    "session id matched"));
        }
        if (sameEmail(order, candidate)) {
            for (Tier tier : emailTiers) {
                if (within(gap, tier.window())) {
                    matches.add(attribution(tier.method(), score(tier, candidate), candidate, gap, null));
                    break;
                }
            }
        }
        return matches;
    }

    private BigDecimal score(Tier tier, ConversationCandidate candidate) {
        if (tier.method() != AttributionMethod.TIME_PROXIMITY) {
            return tier.confidence();
        }
        BigDecimal score = tier.confidence();
        if (candidate.messageCount() >= settings.messageCountThreshold()) {
            score = score.add(settings.messageCountBoost());
        }
        if (candidate.productInquiry()) {
            score = score.add(settings.productInquiryBoost());
        }
        if (candidate.priceCheck()) {
            score = score.add(settings.priceCheckBoost());
        }
        return score.min(settings.proximityCap());
    }

    private static boolean sameSession(OrderFacts order, ConversationCandidate candidate) {
        String session = order.chatSessionId();
        return session != null && !session.isBlank() && session.equals(candidate.sessionId());
    }

    private static boolean sameEmail(OrderFacts order, ConversationCandidate candidate) {
        String email = Emails.normalize(order.email());
        return email != null && email.equals(Emails.normalize(candidate.email()));
    }

    /** Windows are inclusive: a gap of exactly the window is inside it. */
    private static boolean within(Duration gap, Duration window) {
        return gap.compareTo(window) <= 0;
    }

    private static Attribution attribution(AttributionMethod method, BigDecimal confidence,
            ConversationCandidate candidate, Duration gap, String basis) {
        return new Attribution(method, candidate.conversationId(), confidence, reasoning(basis, candidate, gap),
                candidate.lastActivity());
    }

    /** One line, e.g. "chat 0.4 h before order, 7 messages, product inquiry". */
    private static String reasoning(String basis, ConversationCandidate candidate, Duration gap) {
        StringJoiner line = new StringJoiner(", ");
        if (basis != null) {
            line.add(basis);
        }
        line.add("chat " + describeGap(gap) + " before order");
        line.add(candidate.messageCount() + (candidate.messageCount() == 1 ? " message" : " messages"));
        if (candidate.productInquiry()) {
            line.add("product inquiry");
        }
        if (candidate.priceCheck()) {
            line.add("price check");
        }
        return line.toString();
    }

    /** Hours below a day, days from a day on; one decimal, HALF_UP from the exact duration. */
    private static String describeGap(Duration gap) {
        BigDecimal seconds = BigDecimal.valueOf(gap.getSeconds()).add(BigDecimal.valueOf(gap.getNano(), 9));
        boolean days = gap.compareTo(Duration.ofDays(1)) >= 0;
        BigDecimal amount = seconds.divide(days ? SECONDS_PER_DAY : SECONDS_PER_HOUR, 1, RoundingMode.HALF_UP);
        return amount.toPlainString() + (days ? " d" : " h");
    }

    /** A lookback window for the no-match line: whole days as "7 days", anything else like a gap. */
    private static String describe(Duration window) {
        if (window.equals(Duration.ofDays(window.toDays()))) {
            return window.toDays() == 1 ? "1 day" : window.toDays() + " days";
        }
        return describeGap(window);
    }
}
