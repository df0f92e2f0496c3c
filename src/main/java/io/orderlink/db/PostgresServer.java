package io.orderlink.db;

import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL server reachable over JDBC for start-up work (locating a server, creating a database,
 * migrations). Blocking by nature: used before the event loops take traffic, and by tests.
 */
public record PostgresServer(String host, int port, String user, String password) {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);

    /**
     * The server named by the standard PG* variables (default 127.0.0.1:5432, user postgres). Starting one in
     * Docker is the development launcher's job, never the runtime's.
     */
    public static PostgresServer named(Map<String, String> env) {
        return new PostgresServer(env.getOrDefault("PGHOST", "127.0.0.1"), Integer.parseInt(env.getOrDefault("PGPORT", "5432")),
                env.getOrDefault("PGUSER", "postgres"), env.getOrDefault("PGPASSWORD", ""));
    }

    public boolean answers() {
        try (Connection ignored = connect("postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public void createDatabaseIfMissing(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + identifier(name) + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE \"" + identifier(name) + "\" TEMPLATE template0 ENCODING 'UTF8'");
                LOG.info("Created database {} on {}:{}", name, host, port);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public PgConnectOptions options(String database) {
        return new PgConnectOptions().setHost(host).setPort(port).setUser(user)
                .setPassword(password).setDatabase(database);
    }

    /**
     * Applies the versioned migrations in sql/ (bundled as classpath:db/migration). Flyway's lock is a session
     * advisory lock rather than a transaction kept open, which {@code CREATE INDEX CONCURRENTLY} would wait for.
     * Only a migration run outside a transaction can be left failed (transactional ones roll back whole); those
     * are written to be run again, so a failed one is cleared and retried rather than blocking every start.
     */
    public static void migrate(PgConnectOptions options) {
        FluentConfiguration configuration = Flyway.configure()
                .dataSource(jdbcUrl(options), options.getUser(), options.getPassword())
                .locations("classpath:db/migration");
        configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        Flyway flyway = configuration.load();
        if (Arrays.stream(flyway.info().all()).anyMatch(m -> m.getState() == MigrationState.FAILED)) {
            LOG.warn("A migration failed part-way before; retrying it");
            flyway.repair();
        }
        flyway.migrate();
    }

    public static String jdbcUrl(PgConnectOptions o) {
        return "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    }

    /** A plain JDBC connection to {@code database} on this server (2 s connect timeout). */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(jdbcUrl(options(database)), props);
    }

    private static String identifier(String name) {
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("database name must be letters, digits and underscores: " + name);
        }
        return name;
    }
}
