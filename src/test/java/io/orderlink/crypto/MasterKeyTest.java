package io.orderlink.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    private static final byte[] KEY = new byte[32];
    private static final String KEY_BASE64;

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7 + 1);
        }
        KEY_BASE64 = Base64.getEncoder().encodeToString(KEY);
    }

    @TempDir
    Path dir;

    @Test
    void validBase64KeyDecodes() {
        assertArrayEquals(KEY, MasterKey.fromBase64(KEY_BASE64));
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertArrayEquals(KEY, MasterKey.fromBase64("  " + KEY_BASE64 + "\n"));
    }

    @Test
    void wrongLengthIsRefusedWithoutEchoingTheValue() {
        String sixteen = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes(US_ASCII));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MasterKey.fromBase64(sixteen));
        assertEquals("ORDERLINK_MASTER_KEY must be base64 of 32 bytes, got 16 bytes", e.getMessage());
        assertFalse(e.getMessage().contains(sixteen));
    }

    @Test
    void invalidBase64IsRefusedWithoutEchoingTheValue() {
        String value = "not*base64*" + KEY_BASE64;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MasterKey.fromBase64(value));
        assertEquals("ORDERLINK_MASTER_KEY is not valid base64", e.getMessage());
        assertNull(e.getCause(), "the decoder's message would quote the value");
    }

    @Test
    void missingOrBlankIsRefused() {
        assertEquals("ORDERLINK_MASTER_KEY is empty",
                assertThrows(IllegalArgumentException.class, () -> MasterKey.fromBase64(null)).getMessage());
        assertEquals("ORDERLINK_MASTER_KEY is empty",
                assertThrows(IllegalArgumentException.class, () -> MasterKey.fromBase64(" \n")).getMessage());
    }

    @Test
    void generatedKeysAreValidAndDistinct() {
        String first = MasterKey.generateBase64();
        assertEquals(32, MasterKey.fromBase64(first).length);
        assertNotEquals(first, MasterKey.generateBase64());
    }

    @Test
    void loadOrCreateCreatesAnOwnerOnlyFileAndReadsTheSameKeyBack() throws IOException {
        Path file = dir.resolve("state/keys/master.key");
        byte[] created = MasterKey.loadOrCreate(file);

        assertEquals(32, created.length);
        assertArrayEquals(created, Base64.getDecoder().decode(Files.readString(file, US_ASCII).strip()));
        assertArrayEquals(created, MasterKey.loadOrCreate(file));
        assumeTrue(Files.getFileStore(file).supportsFileAttributeView("posix"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    }

    @Test
    void loadOrCreateReadsAnExistingKeyFile() throws IOException {
        Path file = Files.writeString(dir.resolve("master.key"), KEY_BASE64 + "\n", US_ASCII);
        assertArrayEquals(KEY, MasterKey.loadOrCreate(file));
    }

    @Test
    void corruptKeyFileIsAnErrorNamingThePath() throws IOException {
        Path file = Files.write(dir.resolve("master.key"), new byte[] {'k', 'e', 'y', '!', (byte) 0xff});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MasterKey.loadOrCreate(file));
        assertEquals("master key file " + file + " is not valid base64", e.getMessage());
    }

    @Test
    void truncatedKeyFileIsAnErrorNamingThePath() throws IOException {
        Path file = Files.writeString(dir.resolve("master.key"), KEY_BASE64.substring(0, 24), US_ASCII);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MasterKey.loadOrCreate(file));
        assertEquals("master key file " + file + " must be base64 of 32 bytes, got 18 bytes", e.getMessage());
    }

    @Test
    void emptyKeyFileIsAnErrorNamingThePath() throws IOException {
        Path file = Files.createFile(dir.resolve("master.key"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MasterKey.loadOrCreate(file));
        assertEquals("master key file " + file + " is empty", e.getMessage());
    }

    @Test
    void unreadableKeyPathIsAnErrorNamingThePath() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("master.key"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> MasterKey.loadOrCreate(directory));
        assertTrue(e.getMessage().contains(directory.toString()));
    }
}
