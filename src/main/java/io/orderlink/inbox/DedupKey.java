package io.orderlink.inbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key that makes a repeated delivery a duplicate (unique per store in webhook_inbox).
 * Shopify: {@code X-Shopify-Event-Id} with the topic, else {@code X-Shopify-Webhook-Id}. WooCommerce has no stable delivery id, so: topic, order id and
 * {@code date_modified_gmt}, read with a streaming scan of the top level only (no business parsing here).
 */
public final class DedupKey {

    private static final JsonFactory JSON = new JsonFactory();

    /** A body that is not what its (well-signed) headers claim. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private DedupKey() {
    }

    /**
     * Shopify's guidance for duplicates ("Ignore duplicate webhooks" on shopify.dev) is the event id: two
     * subscriptions on one topic deliver one event under two webhook ids, and a retry keeps both ids. The topic
     * stays in the key because one merchant action may fire several topics (create, paid) as one event.
     */
    public static String shopify(String eventId, String webhookId, String topic, byte[] body) {
        if (eventId != null && !eventId.isBlank()) {
            return "event:" + topic + ":" + eventId;
        }
        return webhookId != null && !webhookId.isBlank() ? webhookId : "sha256:" + sha256(topic, body);
    }

    /**
     * {@code topic:id:date_modified_gmt}; a deletion carries only the id, so its key adds the delivery id
     * (repeating a deletion is harmless). Bodies of unsupported topics without an id fall back to a hash.
     */
    public static String wooCommerce(String topic, String deliveryId, byte[] body, boolean supportedTopic) throws Malformed {
        String[] fields = topLevel(body, "id", "date_modified_gmt");
        if (fields == null || fields[0] == null) {
            if (supportedTopic) {
                throw new Malformed("body is not a WooCommerce order: no top-level id");
            }
            return "sha256:" + sha256(topic, body);
        }
        String version = fields[1] != null ? fields[1] : "delivery:" + (deliveryId == null ? sha256(topic, body) : deliveryId);
        return wooCommerceVersion(topic, fields[0], version);
    }

    /** One WooCommerce order version under a topic; reconciliation keys fetched orders with it too. */
    public static String wooCommerceVersion(String topic, String orderId, String version) {
        return topic + ":" + orderId + ":" + version;
    }

    /**
     * Values of the named top-level scalar fields, or null when the body is not a JSON object. The scan stops
     * once every name has a value: a WooCommerce order names its id and {@code date_modified_gmt} before its
     * addresses and line items, so most of the body is never tokenized here (processing parses it whole).
     */
    private static String[] topLevel(byte[] body, String... names) {
        String[] values = new String[names.length];
        int missing = names.length;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (missing > 0 && p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isStructStart()) {
                    p.skipChildren();
                    continue;
                }
                for (int i = 0; i < names.length; i++) {
                    if (values[i] == null && names[i].equals(name) && value != JsonToken.VALUE_NULL) {
                        values[i] = p.getText();
                        missing--;
                    }
                }
            }
            return values;
        } catch (IOException e) {
            return null;
        }
    }

    private static String sha256(String topic, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (topic != null) {
                digest.update(topic.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
