package io.orderlink.orders;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The shared fixtures in src/test/resources/fixtures, raw or as editable trees (numbers kept exact). */
final class Fixtures {

    static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode json(String name) {
        return (ObjectNode) tree(bytes(name));
    }

    /** The SDK fixture is a REST response {"order": {...}}; a webhook body is the inner object. */
    static ObjectNode sdkOrder() {
        return (ObjectNode) json("shopify-order-sdk-fixture.json").get("order");
    }

    static byte[] bytes(JsonNode node) {
        try {
            return EXACT.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode tree(byte[] body) {
        try {
            return EXACT.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
