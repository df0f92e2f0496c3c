package io.orderlink.dev;

import io.orderlink.Main;
import io.orderlink.db.Database;
import io.orderlink.db.PostgresServer;
import io.orderlink.testing.PostgresContainers;
import io.orderlink.testing.TestDatabase;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Development launcher for a machine with Docker but no PostgreSQL: starts a PostgreSQL container, then the gateway
 * on it (with the demo data unless other arguments are given). It lives on the test classpath so that the runtime
 * jar never carries Testcontainers, as Spring Boot's test-classpath launchers and Quarkus Dev Services do:
 * {@code mvn -q test-compile exec:java@dev} (arguments: {@code -Dexec.args="run"}). The container goes when the JVM
 * exits, and its data with it.
 */
public final class DevGateway {

    static final String NO_DOCKER = "the development launcher needs Docker to start PostgreSQL, and Docker does not "
            + "answer. Start Docker, or use a PostgreSQL of your own: run it on 127.0.0.1:5432 (user postgres) or set "
            + "ORDERLINK_DATABASE_URL=postgresql://user[:password]@host:port/database, then "
            + "java -jar target/orderlink.jar";

    private DevGateway() {
    }

    public static void main(String[] args) {
        int status = launch(args, System.getenv(), PostgresContainers::dockerAnswers, PostgresContainers::start, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Refuses (status 2, one message) without Docker; otherwise starts the container, then the gateway. */
    static int launch(String[] args, Map<String, String> env, BooleanSupplier docker, Supplier<PostgresServer> postgres,
                      PrintStream err) {
        if (!docker.getAsBoolean()) {
            err.println("orderlink dev: " + NO_DOCKER);
            return 2;
        }
        PostgresServer server = postgres.get();
        server.createDatabaseIfMissing(Database.DEFAULT_NAME);
        Map<String, String> gatewayEnv = new HashMap<>(env);
        gatewayEnv.put("ORDERLINK_DATABASE_URL", new TestDatabase(server, Database.DEFAULT_NAME).url());
        Main.main(args.length == 0 ? new String[]{"demo"} : args, gatewayEnv);
        return 0;
    }
}
