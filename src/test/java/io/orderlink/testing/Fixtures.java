package io.orderlink.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Real platform payloads copied from shared/fixtures into src/test/resources/fixtures (sources in provenance.json),
 * raw or as editable trees (numbers kept exact).
 */
public final class Fixtures {

    public static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private Fixtures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode json(String name) {
        try {
            return (ObjectNode) EXACT.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SDK fixture is a REST response {"order": {...}}; a webhook body is the inner object. */
    public static ObjectNode sdkOrder() {
        return (ObjectNode) json("shopify-order-sdk-fixture.json").get("order");
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return EXACT.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
