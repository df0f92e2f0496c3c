package io.orderlink.db;

import io.orderlink.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseResolveTest {

    @Test
    void withNoUrlAndNoLocalServerStartUpFailsNamingBothWaysToGetADatabase(@TempDir Path home) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> env = Map.of("ORDERLINK_HOME", home.toString(), "PGHOST", "127.0.0.1", "PGPORT", String.valueOf(closed));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Database.resolve(Config.load(env).database(), env));
        assertTrue(e.getMessage().contains("no PostgreSQL answers on 127.0.0.1:" + closed), e.getMessage());
        assertTrue(e.getMessage().contains("Set ORDERLINK_DATABASE_URL=postgresql://"), e.getMessage());
        assertTrue(e.getMessage().contains("mvn -q test-compile exec:java@dev"), e.getMessage());
    }
}
