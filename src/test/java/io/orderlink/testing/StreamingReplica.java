package io.orderlink.testing;

import io.orderlink.db.PostgresServer;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real hot-standby replica of the test server: {@code pg_basebackup} of the primary into a temporary
 * directory, then a second server on a free loopback port, both from the installed PostgreSQL of the primary's
 * major version. As root (CI) the binaries run as the {@code postgres} user, which PostgreSQL requires.
 * Where that cannot be done (no binaries, a remote or containerized primary, no {@code replication} line in
 * the primary's pg_hba.conf) the calling test is skipped with the reason, or fails when {@code CI} is set.
 */
public final class StreamingReplica implements AutoCloseable {

    private static final String[] MUST_MATCH_PRIMARY = {"max_connections", "max_worker_processes", "max_wal_senders",
            "max_prepared_transactions", "max_locks_per_transaction"};

    private final PostgresServer primary;
    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean asPostgres;

    private StreamingReplica(PostgresServer primary, Path bin, Path dir, int port, boolean asPostgres) {
        this.primary = primary;
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Copies the primary, starts the replica and waits until it accepts connections. */
    public static StreamingReplica start(PostgresServer primary) throws Exception {
        if (!"127.0.0.1".equals(primary.host()) && !"localhost".equals(primary.host())) {
            cannot("the primary is not a local server (" + primary.host() + "): a replica needs its binaries here");
        }
        Path bin = Path.of("/usr/lib/postgresql", majorVersion(primary), "bin");
        if (!Files.isExecutable(bin.resolve("pg_basebackup")) || !Files.isExecutable(bin.resolve("postgres"))) {
            cannot("no PostgreSQL server binaries at " + bin + " (Debian: apt-get install postgresql)");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && !Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
            cannot("running as root without runuser: PostgreSQL refuses to run as root");
        }
        Path dir = Files.createTempDirectory("orderlink-replica");
        StreamingReplica replica = new StreamingReplica(primary, bin, dir, freePort(), root);
        try {
            replica.copyAndStart();
            return replica;
        } catch (Exception | AssertionError e) {
            replica.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public String url(String database) {
        String password = primary.password().isEmpty() ? "" : ":" + primary.password();
        return "postgresql://" + primary.user() + password + "@127.0.0.1:" + port + "/" + database;
    }

    /** A JDBC connection to the replica (read-only: it is in recovery). */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, primary.user(), primary.password());
    }

    /** Stops the server now (fast shutdown); the data stays until {@link #close()}. */
    public void stop() throws Exception {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), 60);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void copyAndStart() throws Exception {
        if (asPostgres) {
            run(List.of("chown", "postgres", dir.toString()), 10);
        }
        String backup = run(List.of(bin.resolve("pg_basebackup").toString(), "-h", primary.host(), "-p",
                String.valueOf(primary.port()), "-U", primary.user(), "-D", data.toString(), "-X", "stream", "-R",
                "-c", "fast", "--no-sync"), 300);
        if (backup != null) {
            cannot("pg_basebackup from " + primary.host() + ":" + primary.port() + " failed (a 'host replication' line in "
                    + "pg_hba.conf is needed, as .ci/run adds): " + backup.strip());
        }
        StringBuilder conf = new StringBuilder()
                .append("listen_addresses = '127.0.0.1'\n")
                .append("port = ").append(port).append('\n')
                .append("unix_socket_directories = '").append(dir).append("'\n")
                .append("hot_standby = on\nfsync = off\nshared_buffers = 32MB\n");
        for (String name : MUST_MATCH_PRIMARY) {
            conf.append(name).append(" = ").append(setting(name)).append('\n');
        }
        write("postgresql.conf", conf.toString());
        write("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n");
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("replica.log").toString(),
                "-w", "-t", "60", "start"), 90);
        if (!Files.exists(data.resolve("postmaster.pid"))) {
            throw new AssertionError("replica did not start: " + Files.readString(dir.resolve("replica.log")));
        }
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(data.resolve(name), text, StandardCharsets.UTF_8);
        if (asPostgres) {
            run(List.of("chown", "postgres", data.resolve(name).toString()), 10);
        }
    }

    private String setting(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + primary.host() + ":" + primary.port() + "/postgres",
                primary.user(), primary.password()); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW " + name)) {
            r.next();
            return r.getString(1);
        }
    }

    private static String majorVersion(PostgresServer primary) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + primary.host() + ":" + primary.port() + "/postgres",
                primary.user(), primary.password()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            r.next();
            return r.getString(1);
        }
    }

    /** Runs a command (as postgres when we are root); null when it succeeded, else its output. */
    private String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres && !command.get(0).equals("chown")) {
            full.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", primary.password());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "timed out: " + output;
        }
        return process.exitValue() == 0 ? null : output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void cannot(String reason) {
        String message = "no streaming replica: " + reason;
        if (System.getenv("CI") != null) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
    }
}
