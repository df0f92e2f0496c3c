package io.orderlink;

import io.orderlink.config.Config;
import io.orderlink.config.Keys;

import io.orderlink.crypto.MasterKey;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tokens;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    @Test
    void theTokenCommandSignsWithTheGatewaysSecretAndCarriesOrgRoleAndExpiry(@TempDir Path home) throws Exception {
        Config config = Config.load(Map.of("ORDERLINK_HOME", home.toString(), "ORDERLINK_MASTER_KEY", MasterKey.generateBase64()));
        String token = Main.token(config, "acme", Role.VIEWER, "cli", 24);
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

    /** What one command line printed and did. */
    private record Outcome(int code, String out, String err, List<Boolean> started) {}

    private static Outcome execute(Map<String, String> env, String... args) {
        List<Boolean> started = new ArrayList<>();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(env, (config, environment, demo) -> started.add(demo))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Outcome(code, out.toString(), err.toString(), started);
    }

    private static Map<String, String> env(@TempDir Path home, String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("ORDERLINK_HOME", home.toString()));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void runIsTheDefaultCommandAndDemoAsksForTheDemoData(@TempDir Path home) {
        assertEquals(List.of(false), execute(env(home)).started());
        assertEquals(List.of(false), execute(env(home), "run").started());
        assertEquals(List.of(true), execute(env(home), "demo").started());
    }

    @Test
    void unknownOptionsAndCommandsAreErrorsThatStartNothing(@TempDir Path home) {
        Outcome bogusOption = execute(env(home), "run", "--bogus");
        assertEquals(2, bogusOption.code());
        assertTrue(bogusOption.err().contains("Unknown option: '--bogus'"), bogusOption.err());
        assertEquals(List.of(), bogusOption.started());
        Outcome bogusCommand = execute(env(home), "rnu");
        assertEquals(2, bogusCommand.code());
        assertTrue(bogusCommand.err().contains("'rnu'") && bogusCommand.err().contains("run"), bogusCommand.err());
        assertEquals(List.of(), bogusCommand.started());
        assertEquals(2, execute(env(home), "--bogus").code());
    }

    @Test
    void versionComesFromTheProjectVersion(@TempDir Path home) {
        Outcome version = execute(env(home), "--version");
        assertEquals(0, version.code());
        assertTrue(version.out().trim().matches("orderlink \\d+\\.\\d+\\.\\d+\\S*"), version.out());
        assertEquals(List.of(), version.started());
    }

    @Test
    void everyCommandHasItsOwnHelp(@TempDir Path home) {
        Outcome token = execute(env(home), "token", "--help");
        assertEquals(0, token.code());
        assertTrue(token.out().contains("--org=ORG") && token.out().contains("--role=ROLE") && token.out().contains("--hours=N"), token.out());
        Outcome run = execute(env(home), "help", "run");
        assertTrue(run.out().contains("Start the gateway"), run.out());
        Outcome top = execute(env(home), "--help");
        assertTrue(top.out().contains("token") && top.out().contains("demo") && top.out().contains("ORDERLINK_"), top.out());
        assertEquals(List.of(), run.started());
        assertEquals(List.of(), token.started());
    }

    @Test
    void aBadSettingStopsStartUpWithOneLineNamingIt(@TempDir Path home) {
        Outcome yaml = execute(env(home, "ORDERLINK_LOG_FORMAT", "yaml"), "run");
        assertEquals(2, yaml.code());
        assertEquals("orderlink: ORDERLINK_LOG_FORMAT (log.format) must be one of text, json, got 'yaml'", yaml.err().trim());
        assertEquals(List.of(), yaml.started());
        Outcome misspelt = execute(env(home, "ORDERLINK_LOG_FROMAT", "json"));
        assertEquals("orderlink: ORDERLINK_LOG_FROMAT is not a setting; did you mean ORDERLINK_LOG_FORMAT?", misspelt.err().trim());
        assertEquals(List.of(), misspelt.started());
    }

    @Test
    void theTokenCommandRefusesAnUnknownRole(@TempDir Path home) {
        Outcome root = execute(env(home), "token", "--org", "acme", "--role", "root");
        assertEquals(2, root.code());
        assertTrue(root.err().startsWith("orderlink: token needs --org ORG and --role"), root.err());
        assertEquals("", root.out());
        Outcome missing = execute(env(home), "token", "--org", "acme");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("Missing required option: '--role=ROLE'"), missing.err());
    }
}
