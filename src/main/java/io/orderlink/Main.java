package io.orderlink;

import io.orderlink.config.Config;
import io.orderlink.config.Keys;

import io.orderlink.db.Database;
import io.orderlink.db.PostgresServer;
import io.orderlink.demo.Demo;
import io.orderlink.config.Logging;
import io.orderlink.metrics.Metrics;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tokens;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The command line: {@code run} (the default) starts the gateway, {@code demo} also adds the demo data,
 * {@code token} prints a development token signed with the configured (or local) JWT secret. Unknown commands and
 * options are errors (exit 2), as is a bad setting.
 */
@Command(name = "orderlink", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Webhook gateway for Shopify and WooCommerce orders; without a command it runs the gateway.",
        subcommands = CommandLine.HelpCommand.class,
        footer = "%nConfiguration: conf/orderlink.json, overridden by ORDERLINK_* environment variables (see the README).")
public final class Main implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** Usage errors and bad settings, as picocli answers an unknown option. */
    static final int USAGE_ERROR = 2;

    /** Starts the gateway; tests substitute one that only records. */
    @FunctionalInterface
    interface Launcher {
        void start(Config config, Map<String, String> env, boolean demo);
    }

    private final Map<String, String> env;
    private final Launcher launcher;

    private Main(Map<String, String> env, Launcher launcher) {
        this.env = env;
        this.launcher = launcher;
    }

    public static void main(String[] args) {
        main(args, System.getenv());
    }

    /** As {@link #main(String[])} with {@code env} in place of the process environment (the development launcher's). */
    public static void main(String[] args, Map<String, String> env) {
        int code = commandLine(env, Main::run).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    static CommandLine commandLine(Map<String, String> env, Launcher launcher) {
        return new CommandLine(new Main(env, launcher)).setExecutionExceptionHandler((error, command, parsed) -> {
            if (error instanceof Config.Invalid || error instanceof IllegalStateException || error instanceof IllegalArgumentException) {
                command.getErr().println("orderlink: " + error.getMessage());
                return USAGE_ERROR;
            }
            throw error;
        });
    }

    @Override
    public Integer call() {
        return run();
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Start the gateway (on a fresh local database, with demo data).")
    int run() {
        launcher.start(config(), env, false);
        return 0;
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Start the gateway and add the demo data to its database (a second run changes nothing).")
    int demo() {
        launcher.start(config(), env, true);
        return 0;
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Print a development API token signed with the gateway's JWT secret.")
    int token(@Option(names = "--org", required = true, paramLabel = "ORG", description = "organization") String org,
              @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, viewer or service") String role,
              @Option(names = "--sub", defaultValue = "cli", paramLabel = "NAME", description = "subject (default: ${DEFAULT-VALUE})") String subject,
              @Option(names = "--hours", defaultValue = "24", paramLabel = "N", description = "lifetime in hours (default: ${DEFAULT-VALUE})") long hours) {
        System.out.println(token(config(), org, Role.parse(role), subject, hours));
        return 0;
    }

    /** The settings, validated, with the log settings applied before anything else logs. */
    private Config config() {
        Config config = Config.load(env);
        Logging.apply(config.log());
        return config;
    }

    /** The project version, from a resource the build fills in. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                properties.load(in);
            }
            return new String[] {"orderlink " + properties.getProperty("version")};
        }
    }

    private static void run(Config config, Map<String, String> env, boolean demo) throws IllegalStateException {
        Database database = Database.resolve(config.database(), env);
        Keys keys = Keys.resolve(config);
        LOG.info("Database {}:{}/{}; applying migrations", database.options().getHost(), database.options().getPort(),
                database.options().getDatabase());
        PostgresServer.migrate(database.options());
        int eventLoops = Runtime.getRuntime().availableProcessors();
        Metrics metrics = new Metrics();
        Vertx vertx = metrics.vertx(eventLoops);
        Gateway gateway;
        try {
            gateway = Gateway.start(vertx, config, database, keys, eventLoops, metrics)
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("start-up failed: " + rootMessage(e), e);
        }
        String webhooks = config.webhookBaseUrl(gateway.ingestPort());
        LOG.info("Orderlink is up with roles {}: ingest port {}, API port {}, metrics port {}; webhooks are expected at "
                        + "{}/webhooks/shopify and {}/webhooks/woocommerce", config.roles().stream().map(Config.Role::id).toList(),
                port(gateway.ingestPort()), port(gateway.apiPort()), gateway.metricsPort(), webhooks, webhooks);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx, gateway, config.shutdownGraceSeconds()),
                "orderlink-shutdown"));
        // The demo goes through the API and ingest ports and waits for attribution: only an all-in-one process offers it.
        if (config.roles().size() == Config.Role.values().length) {
            offerDemo(vertx, gateway, config, database, keys, demo);
        } else if (demo) {
            LOG.warn("The demo needs every role in one process (ORDERLINK_ROLES unset); not loaded");
        }
    }

    private static String port(int port) {
        return port == 0 ? "none" : String.valueOf(port);
    }

    private static void offerDemo(Vertx vertx, Gateway gateway, Config config, Database database, Keys keys, boolean asked) {
        Pool pool = database.pool(vertx, "demo", 1, 8);
        try {
            if (Demo.wanted(asked, config, pool)) {
                Demo.feed(vertx, gateway.apiPort(), gateway.ingestPort(), config, keys.jwtSecret(), pool, System.out);
            }
        } catch (Exception e) {
            LOG.warn("Demo data could not be loaded: {}", rootMessage(e));
        } finally {
            pool.close();
        }
    }

    /** SIGTERM: stop accepting, commit what is in flight, then exit. */
    private static void shutdown(Vertx vertx, Gateway gateway, int graceSeconds) {
        LOG.info("Shutting down: finishing in-flight deliveries");
        try {
            gateway.close().eventually(vertx::close).toCompletionStage().toCompletableFuture().get(graceSeconds + 5L, TimeUnit.SECONDS);
            LOG.info("Shut down cleanly");
        } catch (Exception e) {
            LOG.warn("Shutdown did not finish cleanly: {}", rootMessage(e));
        }
    }

    static String token(Config config, String org, Role role, String subject, long hours) {
        if (org.isBlank() || role == null) {
            throw new IllegalArgumentException("token needs --org ORG and --role admin|viewer|service");
        }
        if (hours < 1) {
            throw new IllegalArgumentException("--hours must be at least 1");
        }
        Keys keys = Keys.resolve(config);
        Vertx vertx = Vertx.vertx();
        try {
            return Tokens.issue(Tokens.auth(vertx, config.jwt(), keys.jwtSecret()), config.jwt(), org, role, subject,
                    Duration.ofHours(hours));
        } finally {
            vertx.close();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
