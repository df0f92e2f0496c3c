package io.orderlink;

import io.orderlink.config.Config;
import io.orderlink.config.Keys;

import io.orderlink.crypto.MasterKey;
import io.orderlink.tenancy.Tokens;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    @Test
    void theTokenCommandSignsWithTheGatewaysSecretAndCarriesOrgRoleAndExpiry(@TempDir Path home) throws Exception {
        Config config = Config.load(Map.of("ORDERLINK_HOME", home.toString(), "ORDERLINK_MASTER_KEY", MasterKey.generateBase64()));
        String token = Main.token(config, Map.of("org", "acme", "role", "viewer"));
        // The same local secret the gateway would load from ORDERLINK_HOME verifies it.
        Vertx vertx = Vertx.vertx();
        try {
            User user = Tokens.auth(vertx, config.jwt(), Keys.resolve(config).jwtSecret())
                    .authenticate(new TokenCredentials(token)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals("acme", user.principal().getString("org"));
            assertEquals("viewer", user.principal().getString("role"));
            assertTrue(((Number) user.get("exp")).longValue() > System.currentTimeMillis() / 1000, "expires in the future");
        } finally {
            vertx.close();
        }
    }

    @Test
    void theTokenCommandRefusesAnUnknownRole(@TempDir Path home) {
        Config config = Config.load(Map.of("ORDERLINK_HOME", home.toString()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Main.token(config, Map.of("org", "acme", "role", "root")));
        assertTrue(e.getMessage().startsWith("token needs --org ORG and --role"), e.getMessage());
    }
}
