package io.orderlink.crypto;

/**
 * A sealed value could not be opened: wrong key, wrong associated data, tampered or truncated data,
 * or an unknown format version. The message never contains key or plaintext material.
 */
public final class SecretBoxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SecretBoxException(String message) {
        super(message);
    }

    SecretBoxException(String message, Throwable cause) {
        super(message, cause);
    }
}
