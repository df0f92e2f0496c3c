package io.orderlink.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretBoxTest {

    private static final byte[] KEY = filled(32, 7);
    private static final byte[] AAD = "org:1/store:42/signing_secret".getBytes(UTF_8);
    private static final String SECRET = "shpss_0123456789abcdef";

    private final SecretBox box = new SecretBox(KEY);

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void roundTripsAndHasTheDocumentedLayout() {
        byte[] plaintext = SECRET.getBytes(UTF_8);
        byte[] sealed = box.seal(plaintext, AAD);
        assertEquals(1 + 12 + plaintext.length + 16, sealed.length);
        assertEquals(0x01, sealed[0]);
        assertArrayEquals(plaintext, box.open(sealed, AAD));
    }

    @Test
    void stringRoundTripIsUtf8() {
        String text = "clé-€-秘密";
        byte[] sealed = box.sealString(text, AAD);
        assertEquals(text, box.openString(sealed, AAD));
        assertArrayEquals(text.getBytes(UTF_8), box.open(sealed, AAD));
    }

    @Test
    void emptyPlaintextAndEmptyAssociatedDataRoundTrip() {
        assertArrayEquals(new byte[0], box.open(box.seal(new byte[0], new byte[0]), new byte[0]));
    }

    @Test
    void twoSealsOfTheSamePlaintextDiffer() {
        byte[] first = box.sealString(SECRET, AAD);
        byte[] second = box.sealString(SECRET, AAD);
        assertFalse(Arrays.equals(Arrays.copyOfRange(first, 1, 13), Arrays.copyOfRange(second, 1, 13)));
        assertFalse(Arrays.equals(first, second));
    }

    @Test
    void ciphertextDoesNotContainThePlaintext() {
        String sealed = new String(box.sealString(SECRET, AAD), UTF_8);
        assertFalse(sealed.contains(SECRET));
    }

    @ParameterizedTest(name = "byte {0}")
    @ValueSource(ints = {1, 12, 13, 20, 1 + 12 + 22, 1 + 12 + 22 + 15})
    void tamperingWithNonceCiphertextOrTagIsDetected(int index) {
        // Offsets: 1 and 12 are in the nonce, 13-34 the ciphertext of the 22-byte secret, 35-50 the tag.
        byte[] sealed = box.sealString(SECRET, AAD);
        sealed[index] ^= 0x01;
        assertThrows(SecretBoxException.class, () -> box.open(sealed, AAD));
    }

    @Test
    void unknownVersionIsRefused() {
        byte[] sealed = box.sealString(SECRET, AAD);
        sealed[0] = 0x02;
        SecretBoxException e = assertThrows(SecretBoxException.class, () -> box.open(sealed, AAD));
        assertEquals("unsupported sealed value version 2", e.getMessage());
    }

    @Test
    void truncatedValueIsRefused() {
        byte[] sealed = box.sealString(SECRET, AAD);
        assertThrows(SecretBoxException.class, () -> box.open(Arrays.copyOf(sealed, 28), AAD));
        assertThrows(SecretBoxException.class, () -> box.open(Arrays.copyOf(sealed, sealed.length - 1), AAD));
    }

    @Test
    void wrongKeyIsRefused() {
        byte[] sealed = box.sealString(SECRET, AAD);
        SecretBox other = new SecretBox(filled(32, 8));
        assertThrows(SecretBoxException.class, () -> other.open(sealed, AAD));
    }

    @Test
    void wrongAssociatedDataIsRefused() {
        byte[] sealed = box.sealString(SECRET, AAD);
        byte[] otherRow = "org:2/store:42/signing_secret".getBytes(UTF_8);
        assertThrows(SecretBoxException.class, () -> box.open(sealed, otherRow));
        assertThrows(SecretBoxException.class, () -> box.open(sealed, new byte[0]));
    }

    @Test
    void failureMessageCarriesNoSecretMaterial() {
        byte[] sealed = box.sealString(SECRET, AAD);
        SecretBoxException e = assertThrows(SecretBoxException.class,
                () -> new SecretBox(filled(32, 9)).open(sealed, AAD));
        assertFalse(e.getMessage().contains(SECRET));
        assertFalse(e.getMessage().contains(new String(AAD, UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 24, 31, 33, 64})
    void keysOtherThan32BytesAreRefused(int length) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SecretBox(new byte[length]));
        assertEquals("AES-256-GCM key must be 32 bytes, got " + length + " bytes", e.getMessage());
    }

    @Test
    void laterChangesToTheCallersKeyArrayDoNotAffectTheBox() {
        byte[] key = KEY.clone();
        SecretBox copyHolder = new SecretBox(key);
        byte[] sealed = copyHolder.sealString(SECRET, AAD);
        Arrays.fill(key, (byte) 0);
        assertEquals(SECRET, copyHolder.openString(sealed, AAD));
    }
}
