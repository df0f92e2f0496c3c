package io.orderlink.testing;

import io.orderlink.db.Database;
import io.orderlink.db.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** One test class's database on a real server. */
public record TestDatabase(PostgresServer server, String name) {

    public PgConnectOptions options() {
        return server.options(name);
    }

    public Database database() {
        return Database.of(options(), 2000);
    }

    /** A plain pool on this database, as the owner, for tests to read and seed. */
    public Pool pool(Vertx vertx) {
        return PgBuilder.pool().connectingTo(options()).using(vertx).build();
    }

    /** Applies the migrations up to {@code version} only, as an older release left the database. */
    public void migrateTo(String version) {
        Flyway.configure().dataSource(PostgresServer.jdbcUrl(options()), server.user(), server.password())
                .locations("classpath:db/migration").target(version).load().migrate();
    }

    public void drop() {
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + name + ": " + e.getMessage(), e);
        }
    }

    /** The URL form ORDERLINK_DATABASE_URL takes. */
    public String url() {
        String password = server.password().isEmpty() ? "" : ":" + server.password();
        return "postgresql://" + server.user() + password + "@" + server.host() + ":" + server.port() + "/" + name;
    }
}
