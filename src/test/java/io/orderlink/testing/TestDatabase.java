package io.orderlink.testing;

import io.orderlink.db.Database;
import io.orderlink.db.PostgresServer;
import io.vertx.pgclient.PgConnectOptions;

/** One test class's database on a real server. */
public record TestDatabase(PostgresServer server, String name) {

    public PgConnectOptions options() {
        return server.options(name);
    }

    public Database database() {
        return Database.of(options(), 2000);
    }

    /** The URL form ORDERLINK_DATABASE_URL takes. */
    public String url() {
        String password = server.password().isEmpty() ? "" : ":" + server.password();
        return "postgresql://" + server.user() + password + "@" + server.host() + ":" + server.port() + "/" + name;
    }
}
