package io.orderlink.analytics;

import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The confidence bands every analytics figure groups by (high ≥ 0.85, medium ≥ 0.65, low ≥ 0.50), at their edges. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfidenceBucketSqlTest {

    private Vertx vertx;
    private Pool sql;

    @BeforeAll
    void connect(TestDatabase database) {
        vertx = Vertx.vertx();
        sql = database.pool(vertx);
    }

    @AfterAll
    void close() {
        sql.close();
        vertx.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0.95, high", "0.85, high", "0.84, medium", "0.849999, medium", "0.65, medium", "0.64, low",
        "0.50, low", "0.5, low", "0.49, none", "0.00, none", ", none"})
    void bands(BigDecimal confidence, String band) throws Exception {
        String found = sql.preparedQuery("SELECT confidence_bucket($1::numeric)").execute(Tuple.of(confidence))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).iterator().next().getString(0);
        assertEquals(band, found);
    }
}
