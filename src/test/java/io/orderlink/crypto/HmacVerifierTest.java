package io.orderlink.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HmacVerifierTest {

    private static final byte[] SECRET = "s3cr3t-signing-key".getBytes(UTF_8);
    private static final byte[] BODY = "{\"id\":42,\"total\":\"10.00\"}".getBytes(UTF_8);
    private static final String SIGNATURE = HmacVerifier.sign(SECRET, BODY);

    private final HmacVerifier verifier = new HmacVerifier(List.of(SECRET));

    @Test
    void byteBufferVerifyLeavesCallerPositionAndLimitUntouched() {
        ByteBuffer buffer = ByteBuffer.wrap(BODY);
        assertTrue(verifier.verify(buffer, SIGNATURE));
        assertEquals(0, buffer.position());
        assertEquals(BODY.length, buffer.limit());
        assertTrue(verifier.verify(buffer, SIGNATURE), "the same buffer verifies again");
    }

    @Test
    void byteBufferVerifyCoversOnlyPositionToLimit() {
        byte[] framed = new byte[BODY.length + 6];
        System.arraycopy(BODY, 0, framed, 3, BODY.length);
        ByteBuffer buffer = ByteBuffer.wrap(framed, 3, BODY.length);
        assertTrue(verifier.verify(buffer, SIGNATURE));
        assertEquals(3, buffer.position());
    }

    @Test
    void directByteBufferVerifies() {
        ByteBuffer direct = ByteBuffer.allocateDirect(BODY.length).put(BODY).flip();
        assertTrue(verifier.verify(direct, SIGNATURE));
        assertEquals(0, direct.position());
    }

    @Test
    void instanceIsReusableAfterARejection() {
        assertFalse(verifier.verify("other".getBytes(UTF_8), SIGNATURE));
        assertTrue(verifier.verify(BODY, SIGNATURE));
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\t", "%%%%", "not base64!"})
    void blankOrNonBase64HeaderIsRejected(String header) {
        assertFalse(verifier.verify(BODY, header));
    }

    @Test
    void validBase64OfWrongLengthIsRejected() {
        byte[] mac = Base64.getDecoder().decode(SIGNATURE);
        String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(mac, 31));
        String extended = Base64.getEncoder().encodeToString(Arrays.copyOf(mac, 33));
        assertFalse(verifier.verify(BODY, truncated));
        assertFalse(verifier.verify(BODY, extended));
    }

    @Test
    void unpaddedSignatureDecodesToTheSameBytes() {
        // Java's basic decoder treats '=' padding as optional; the compared bytes are identical.
        assertTrue(verifier.verify(BODY, SIGNATURE.substring(0, SIGNATURE.length() - 1)));
    }

    @Test
    void noUsableSecretAcceptsNothing() {
        HmacVerifier none = new HmacVerifier(Arrays.asList(null, new byte[0]));
        assertFalse(none.verify(BODY, SIGNATURE));
        assertFalse(new HmacVerifier(List.of()).verify(new byte[0], HmacVerifier.sign(new byte[0], new byte[0])));
        assertEquals("HmacVerifier[secrets=0]", none.toString());
    }

    @Test
    void anyOfSeveralSecretsVerifies() {
        byte[] other = "other".getBytes(UTF_8);
        HmacVerifier rotating = new HmacVerifier(List.of(other, SECRET));
        assertTrue(rotating.verify(BODY, SIGNATURE));
        assertTrue(rotating.verify(BODY, HmacVerifier.sign(other, BODY)));
        assertFalse(rotating.verify(BODY, HmacVerifier.sign("third".getBytes(UTF_8), BODY)));
    }

    @Test
    void laterChangesToTheCallersSecretArrayDoNotAffectVerification() {
        byte[] secret = SECRET.clone();
        HmacVerifier copyHolder = new HmacVerifier(List.of(secret));
        Arrays.fill(secret, (byte) 0);
        assertTrue(copyHolder.verify(BODY, SIGNATURE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "a&amp;b|a&b", "&lt;&gt;|<>", "&quot;|\"", "&#039;|'",
        "&#39;|'", "&#0039;|'", "&#x27;|'", "&#X0027;|'", "&#34;|\"", "&#x22;|\"",
        "&#60;&#062;|<>", "&#38;|&", "&#x26;|&",
        "&amp;lt;|&lt;", "&AMP;|&AMP;", "&#x3C;|&#x3C;", "&apos;|&apos;", "&amp|&amp", "&#040;|&#040;",
        "nZ4_-Qx0Lp2b9sW7yT1uVe3rKc6mHd8f|nZ4_-Qx0Lp2b9sW7yT1uVe3rKc6mHd8f", "pässwört|pässwört"
    })
    void wooCommerceKeyDecodesExactlyLikeWpSpecialcharsDecode(String stored, String decoded) {
        assertArrayEquals(decoded.getBytes(UTF_8), HmacVerifier.wooCommerceKey(stored));
    }

    @Test
    void wooCommerceKeyOfEmptySecretIsEmpty() {
        assertEquals(0, HmacVerifier.wooCommerceKey("").length);
    }

    @Test
    void wooCommerceSignatureUsesTheDecodedSecret() {
        // Independently computed: base64(HMAC-SHA256(key = a&b<c>d"e'f, body = {"id":1})).
        String expected = "foZqn443eM0Qybd/duMHEYvbix+l74FOgX4hnUJ+Jpw=";
        byte[] key = HmacVerifier.wooCommerceKey("a&amp;b&lt;c&gt;d&quot;e&#039;f");
        assertEquals(expected, HmacVerifier.sign(key, "{\"id\":1}".getBytes(UTF_8)));
    }
}
