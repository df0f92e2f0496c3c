package io.orderlink.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for store credentials and signing secrets at rest.
 *
 * <p>Sealed format: version byte {@code 0x01}, 12-byte random nonce, ciphertext with its 128-bit tag
 * appended. The associated data is authenticated but not stored: pass what the value belongs to (for
 * example org and store id plus column name) so a sealed value copied to another row fails to open.
 * Random 96-bit nonces keep the collision risk negligible up to about 2^32 seals per key.
 *
 * <p>Thread-safe: the key is immutable and every call uses its own {@link Cipher}.
 */
public final class SecretBox {

    private static final byte VERSION = 0x01;
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;
    private static final int HEADER_BYTES = 1 + NONCE_BYTES;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretBox(byte[] key32) {
        Objects.requireNonNull(key32, "key");
        if (key32.length != KEY_BYTES) {
            throw new IllegalArgumentException(
                    "AES-256-GCM key must be " + KEY_BYTES + " bytes, got " + key32.length + " bytes");
        }
        this.key = new SecretKeySpec(key32, "AES"); // copies the array
    }

    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        byte[] sealed = new byte[HEADER_BYTES + plaintext.length + TAG_BYTES];
        sealed[0] = VERSION;
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, sealed, 1, NONCE_BYTES);
        try {
            cipher(Cipher.ENCRYPT_MODE, nonce, associatedData)
                    .doFinal(plaintext, 0, plaintext.length, sealed, HEADER_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws SecretBoxException if the value was not sealed by this key with this associated data */
    public byte[] open(byte[] sealed, byte[] associatedData) {
        if (sealed.length < HEADER_BYTES + TAG_BYTES) {
            throw new SecretBoxException("sealed value is truncated: " + sealed.length + " bytes");
        }
        if (sealed[0] != VERSION) {
            throw new SecretBoxException("unsupported sealed value version " + sealed[0]);
        }
        byte[] nonce = Arrays.copyOfRange(sealed, 1, HEADER_BYTES);
        try {
            return cipher(Cipher.DECRYPT_MODE, nonce, associatedData)
                    .doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new SecretBoxException(
                    "sealed value failed authentication: wrong key, wrong associated data or tampered", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    public byte[] sealString(String plaintext, byte[] associatedData) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), associatedData);
    }

    public String openString(byte[] sealed, byte[] associatedData) {
        return new String(open(sealed, associatedData), StandardCharsets.UTF_8);
    }

    private Cipher cipher(int mode, byte[] nonce, byte[] associatedData) throws GeneralSecurityException {
        Objects.requireNonNull(associatedData, "associatedData (use an empty array for none)");
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData);
        return cipher;
    }
}
