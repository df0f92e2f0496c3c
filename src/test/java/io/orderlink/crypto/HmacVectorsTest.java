package io.orderlink.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The upstream vectors in fixtures/hmac-vectors.json (sources in fixtures/provenance.json). */
class HmacVectorsTest {

    record Vector(String id, String platform, String secret, String body, String expected) {
        byte[] key() {
            return platform.equals("woocommerce") ? HmacVerifier.wooCommerceKey(secret) : secret.getBytes(UTF_8);
        }

        byte[] bodyBytes() {
            return body.getBytes(UTF_8);
        }

        @Override
        public String toString() {
            return id;
        }
    }

    static List<Vector> vectors() throws IOException {
        try (InputStream in = HmacVectorsTest.class.getResourceAsStream("/fixtures/hmac-vectors.json")) {
            List<Vector> vectors = new ArrayList<>();
            for (JsonNode v : new ObjectMapper().readTree(in).get("vectors")) {
                vectors.add(new Vector(v.get("id").asText(), v.get("platform").asText(), v.get("secret").asText(),
                        v.get("body").asText(), v.get("expected").asText()));
            }
            return vectors;
        }
    }

    private static Map<String, Vector> byId() throws IOException {
        return vectors().stream().collect(Collectors.toMap(Vector::id, Function.identity()));
    }

    @Test
    void fixtureHoldsAllFiveVectors() throws IOException {
        assertEquals(5, vectors().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void signMatchesUpstream(Vector v) {
        assertEquals(v.expected(), HmacVerifier.sign(v.key(), v.bodyBytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void verifyAcceptsUpstreamSignatureUnlessSecretIsEmpty(Vector v) {
        // Deliberate rule: a store without a secret accepts nothing, even WooCommerce's empty-key vector.
        boolean expected = !v.secret().isEmpty();
        assertEquals(expected, new HmacVerifier(List.of(v.key())).verify(v.bodyBytes(), v.expected()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void oneChangedBodyByteIsRejected(Vector v) {
        byte[] tampered = v.bodyBytes();
        tampered[tampered.length / 2] ^= 0x01;
        assertNotEquals(v.expected(), HmacVerifier.sign(v.key(), tampered));
        assertFalse(new HmacVerifier(List.of(v.key())).verify(tampered, v.expected()));
    }

    @Test
    void bodiesDifferingOnlyByASpaceProveRawBytesAreSigned() throws IOException {
        Vector spaced = byId().get("shopify-js-validate-test");
        Vector compact = byId().get("shopify-php-registry-test");
        assertEquals(compact.body(), spaced.body().replace(" ", ""));

        byte[] compactBody = compact.bodyBytes();
        assertNotEquals(spaced.expected(), HmacVerifier.sign(spaced.key(), compactBody));
        assertFalse(new HmacVerifier(List.of(spaced.key())).verify(compactBody, spaced.expected()));
    }

    @Test
    void previousSecretStillVerifiesDuringRotation() throws IOException {
        Vector current = byId().get("shopify-app-ruby-new-secret");
        Vector previous = byId().get("shopify-app-ruby-old-secret");
        assertEquals(current.body(), previous.body());

        HmacVerifier rotating = new HmacVerifier(List.of(current.key(), previous.key()));
        assertTrue(rotating.verify(current.bodyBytes(), current.expected()));
        assertTrue(rotating.verify(previous.bodyBytes(), previous.expected()));
        assertFalse(new HmacVerifier(List.of(current.key())).verify(previous.bodyBytes(), previous.expected()));
    }
}
