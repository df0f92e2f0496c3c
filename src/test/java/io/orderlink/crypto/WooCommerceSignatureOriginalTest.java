package io.orderlink.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The original implementation's WooCommerce verifier tests (original-implementation.md 8.1), ported.
 * The expected signature was recomputed independently (Python hmac) and matches the original's.
 */
class WooCommerceSignatureOriginalTest {

    private static final String SECRET = "test-webhook-secret-123";
    private static final byte[] BODY = "{\"id\":12345,\"status\":\"completed\"}".getBytes(UTF_8);
    private static final String SIGNATURE = "8P+TfVFCE9r882cF9sXCshKCrQevGMM07cMoecZgPXY=";

    private final HmacVerifier verifier = new HmacVerifier(List.of(HmacVerifier.wooCommerceKey(SECRET)));

    @Test
    void original_8_1_1_validSignatureVerifies() {
        assertEquals(SIGNATURE, HmacVerifier.sign(HmacVerifier.wooCommerceKey(SECRET), BODY));
        assertTrue(verifier.verify(BODY, SIGNATURE));
    }

    @Test
    void original_8_1_2_literalInvalidSignatureRejected() {
        assertFalse(verifier.verify(BODY, "invalid-signature"));
    }

    @Test
    void original_8_1_3_missingSignatureRejected() {
        assertFalse(verifier.verify(BODY, null));
    }

    @Test
    void original_8_1_4_emptySecretRejectsValidSignature() {
        String signedWithEmptyKey = HmacVerifier.sign(new byte[0], BODY);
        assertFalse(new HmacVerifier(List.of(new byte[0])).verify(BODY, signedWithEmptyKey));
        assertFalse(new HmacVerifier(List.of(new byte[0])).verify(BODY, SIGNATURE));
    }

    @Test
    void original_8_1_5_signatureForOtherBodyRejected() {
        assertFalse(verifier.verify("{\"id\":99999,\"status\":\"fraud\"}".getBytes(UTF_8), SIGNATURE));
    }
}
