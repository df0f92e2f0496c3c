package io.orderlink.orders;

import static io.orderlink.inbox.WebhookTopics.CUSTOMERS_DATA_REQUEST;
import static io.orderlink.inbox.WebhookTopics.CUSTOMERS_REDACT;
import static io.orderlink.inbox.WebhookTopics.SHOP_REDACT;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Shopify mandatory compliance webhook. {@code customerEmail} is normalized and null for {@code shop/redact};
 * {@code orderIds} are exact ({@code orders_requested} or {@code orders_to_redact}); {@code requestId} is the
 * data request's id, null for the redact topics.
 */
public record ComplianceRequest(String topic, String shopDomain, String customerEmail, List<String> orderIds, String requestId) {

    /** Per topic, the field listing the orders concerned ("" when the topic names none). */
    private static final Map<String, String> ORDER_FIELDS = Map.of(
            CUSTOMERS_DATA_REQUEST, "orders_requested",
            CUSTOMERS_REDACT, "orders_to_redact",
            SHOP_REDACT, "");

    /**
     * Per topic, the field only its body has. Only the body is signed: a captured customers/data_request re-sent
     * as customers/redact, or a customers/redact as shop/redact, must not be taken for one.
     */
    private static final Map<String, String> OWN_FIELDS = Map.of(
            CUSTOMERS_DATA_REQUEST, "data_request",
            CUSTOMERS_REDACT, "orders_to_redact",
            SHOP_REDACT, "");

    public ComplianceRequest {
        orderIds = List.copyOf(orderIds);
    }

    public static boolean isComplianceTopic(String topic) {
        return topic != null && ORDER_FIELDS.containsKey(topic);
    }

    /** @throws IllegalArgumentException when {@code topic} is not one of the three compliance topics */
    public static ComplianceRequest parse(String topic, byte[] body) throws OrderParseException {
        if (!isComplianceTopic(topic)) {
            throw new IllegalArgumentException("Not a compliance topic: " + topic);
        }
        Fields request = Fields.parse(body, TimeRange.DEFAULT);
        checkShape(topic, request);
        String ordersField = ORDER_FIELDS.get(topic);
        return new ComplianceRequest(
                topic,
                request.requiredText("shop_domain").toLowerCase(Locale.ROOT),
                Emails.normalize(request.object("customer").text("email")),
                ordersField.isEmpty() ? List.of() : request.ids(ordersField),
                request.object("data_request").text("id"));
    }

    /** The body has its topic's own field and none of another topic's (shop/redact: no customer either). */
    private static void checkShape(String topic, Fields request) throws OrderParseException {
        Set<String> present = request.fieldNames();
        String own = OWN_FIELDS.get(topic);
        if (!own.isEmpty() && !present.contains(own)) {
            throw new OrderParseException("Not a " + topic + " body: no " + own);
        }
        for (String other : OWN_FIELDS.values()) {
            if (!other.equals(own) && present.contains(other)) {
                throw new OrderParseException("Not a " + topic + " body: it has " + other);
            }
        }
        if (SHOP_REDACT.equals(topic) && present.contains("customer")) {
            throw new OrderParseException("Not a shop/redact body: it names a customer");
        }
    }
}
