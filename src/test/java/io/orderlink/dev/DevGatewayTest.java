package io.orderlink.dev;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class DevGatewayTest {

    @Test
    void withoutDockerTheLauncherRefusesWithOneMessageNamingTheOtherWaysAndStartsNothing() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DevGateway.launch(new String[0], Map.of(), () -> false,
                () -> fail("no container is started without Docker"), new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, status);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("Docker does not answer"), message);
        assertTrue(message.contains("ORDERLINK_DATABASE_URL=postgresql://"), message);
        assertTrue(message.contains("127.0.0.1:5432"), message);
    }
}
