package io.orderlink.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 32-byte master key that {@link SecretBox} uses for secrets at rest: from
 * {@code ORDERLINK_MASTER_KEY} (standard base64, surrounding whitespace ignored) or, in local mode,
 * from a key file generated on first start. Error messages say what is wrong, never the value.
 */
public final class MasterKey {

    static final String ENVIRONMENT_VARIABLE = "ORDERLINK_MASTER_KEY";

    private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private MasterKey() {
    }

    /** @throws IllegalArgumentException if the value is empty, not base64, or not 32 bytes */
    public static byte[] fromBase64(String value) {
        return decode(value, ENVIRONMENT_VARIABLE);
    }

    public static String generateBase64() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /**
     * Blocking; for start-up only. Reads the base64 key in {@code file}, or creates the file (and its
     * missing parent directories) with a new random key, owner-only where POSIX permissions exist.
     *
     * @throws IllegalArgumentException if the file exists but does not hold a valid key (names the path)
     * @throws UncheckedIOException if the file cannot be read or created (names the path)
     */
    public static byte[] loadOrCreate(Path file) {
        return loadOrCreate(file, "master key, which decrypts every stored store secret", ENVIRONMENT_VARIABLE);
    }

    /** The same for another key kept in a local file: {@code purpose} and {@code variable} name it in the warning. */
    public static byte[] loadOrCreate(Path file, String purpose, String variable) {
        try {
            return Files.exists(file) ? load(file) : create(file, purpose, variable);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create master key file " + file, e);
        }
    }

    private static byte[] load(Path file) throws IOException {
        // Decoding leniently (bad bytes become U+FFFD) lets a corrupt file report "not valid base64".
        String content = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        return decode(content, "master key file " + file);
    }

    private static byte[] create(Path file, String purpose, String variable) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent, ownerOnly(posix, "rwx------"));
        }
        String encoded = generateBase64();
        // CREATE_NEW with the permissions set at creation: the key is never readable by others, even
        // briefly, and a concurrent start-up fails instead of silently overwriting a key in use.
        try (SeekableByteChannel channel = Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(posix, "rw-------"))) {
            channel.write(ByteBuffer.wrap((encoded + "\n").getBytes(StandardCharsets.US_ASCII)));
        }
        LOG.warn("Generated a new {} in {}: back it up, keep it out of the repository, and set {} in production.",
                purpose, file, variable);
        return Base64.getDecoder().decode(encoded);
    }

    private static FileAttribute<?>[] ownerOnly(boolean posix, String permissions) {
        if (!posix) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
        };
    }

    private static byte[] decode(String value, String source) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(source + " is empty");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the offending character; do not chain or repeat it.
            throw new IllegalArgumentException(source + " is not valid base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(
                    source + " must be base64 of " + KEY_BYTES + " bytes, got " + key.length + " bytes");
        }
        return key;
    }
}
