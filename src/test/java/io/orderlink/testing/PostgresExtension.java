package io.orderlink.testing;

import io.orderlink.db.PostgresServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;
import java.util.UUID;

/**
 * A real PostgreSQL for each test class: the server named by PG* variables or on 127.0.0.1:5432 when it
 * answers, otherwise one started by Testcontainers when Docker answers. Each class gets a fresh, migrated database
 * (see {@link MigratedTo}), dropped afterwards. Without any server the tests fail rather than skip.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);
    private static PostgresServer server;

    /** Migrates a test class's database only up to {@code value} (a Flyway version) instead of the latest. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface MigratedTo {
        String value();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String name = "ol_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        PostgresServer found = server();
        found.createDatabaseIfMissing(name);
        TestDatabase database = new TestDatabase(found, name);
        MigratedTo target = context.getRequiredTestClass().getAnnotation(MigratedTo.class);
        if (target == null) {
            PostgresServer.migrate(database.options());
        } else {
            database.migrateTo(target.value());
        }
        context.getStore(NAMESPACE).put(TestDatabase.class, database);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestDatabase database = context.getStore(NAMESPACE).remove(TestDatabase.class, TestDatabase.class);
        if (database != null) {
            database.drop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(TestDatabase.class, TestDatabase.class);
    }

    private static synchronized PostgresServer server() {
        if (server == null) {
            PostgresServer local = PostgresServer.named(System.getenv());
            if (local.answers()) {
                server = local;
            } else if (PostgresContainers.dockerAnswers()) {
                server = PostgresContainers.start();
            } else {
                throw new IllegalStateException("tests need PostgreSQL: set PG* variables, run one on 127.0.0.1:5432, or start Docker");
            }
        }
        return server;
    }
}
