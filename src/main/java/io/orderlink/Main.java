package io.orderlink;

import io.orderlink.config.Config;
import io.orderlink.config.Keys;

import io.orderlink.db.Database;
import io.orderlink.db.PostgresServer;
import io.orderlink.demo.Demo;
import io.orderlink.metrics.Metrics;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.sqlclient.Pool;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar orderlink.jar [run]} starts the gateway; {@code token --org ORG --role ROLE} prints a
 * development token signed with the configured (or local) JWT secret.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final String USAGE = """
            usage: java -jar orderlink.jar [run]                 start the gateway (with demo data on a fresh local database)
                   java -jar orderlink.jar demo                  start the gateway and add the demo data to its database
                   java -jar orderlink.jar token --org ORG --role admin|viewer|service [--sub NAME] [--hours N]
            configuration: conf/orderlink.json, overridden by ORDERLINK_* environment variables (see README)""";

    private Main() {
    }

    public static void main(String[] args) {
        main(args, System.getenv());
    }

    /** As {@link #main(String[])} with {@code env} in place of the process environment (the development launcher's). */
    public static void main(String[] args, Map<String, String> env) {
        String command = args.length == 0 ? "run" : args[0];
        try {
            switch (command) {
                case "run" -> run(Config.load(env), env, false);
                case "demo" -> run(Config.load(env), env, true);
                case "token" -> System.out.println(token(Config.load(env), options(args)));
                case "help", "--help", "-h" -> System.out.println(USAGE);
                default -> fail("unknown command '" + command + "'\n" + USAGE);
            }
        } catch (Config.Invalid | IllegalStateException | IllegalArgumentException e) {
            fail(e.getMessage());
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
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true)
                        // Pool metrics (vertx_pool_*, one series per named pool) cover the database connections; the
                        // per-client net and SQL meters carry no pool label, so several pools would collide on one gauge.
                        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                                .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT).addDisabledMetricsCategory("sql")))
                .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                .build();
        Gateway gateway;
        try {
            gateway = Gateway.start(vertx, config, database, keys, eventLoops, metrics)
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("start-up failed: " + rootMessage(e), e);
        }
        LOG.info("Orderlink is up with roles {}: ingest port {}, API port {}, metrics port {}; webhooks are expected at {}",
                config.roles().stream().map(Config.Role::id).toList(), port(gateway.ingestPort()), port(gateway.apiPort()),
                gateway.metricsPort(), config.publicUrl());
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

    static String token(Config config, Map<String, String> options) {
        String org = options.get("org");
        Role role = Role.parse(options.get("role"));
        if (org == null || org.isBlank() || role == null) {
            throw new IllegalArgumentException("token needs --org ORG and --role admin|viewer|service\n" + USAGE);
        }
        Keys keys = Keys.resolve(config);
        Vertx vertx = Vertx.vertx();
        try {
            long hours = Long.parseLong(options.getOrDefault("hours", "24"));
            return Tokens.issue(Tokens.auth(vertx, config.jwt(), keys.jwtSecret()), config.jwt(), org, role,
                    options.getOrDefault("sub", "cli"), Duration.ofHours(hours));
        } finally {
            vertx.close();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        for (int i = 0; i < rest.length; i++) {
            if (!rest[i].startsWith("--") || i + 1 >= rest.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + rest[i] + "'\n" + USAGE);
            }
            options.put(rest[i].substring(2), rest[++i]);
        }
        return options;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static void fail(String message) {
        System.err.println("orderlink: " + message);
        System.exit(2);
    }
}
