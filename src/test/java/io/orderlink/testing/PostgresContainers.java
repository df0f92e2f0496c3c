package io.orderlink.testing;

import io.orderlink.db.PostgresServer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL in Docker through Testcontainers, for the tests (when no local server answers) and the development
 * launcher. Test scope only: the runtime never starts containers.
 */
public final class PostgresContainers {

    private static final String IMAGE = "postgres:16-alpine";

    private PostgresContainers() {
    }

    public static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Starts a container and returns it as a server; Testcontainers removes it when the JVM exits. */
    @SuppressWarnings("resource")
    public static PostgresServer start() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
        container.start();
        return new PostgresServer(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                container.getPassword());
    }
}
