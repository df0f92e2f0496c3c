package io.orderlink.db;

import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith({VertxExtension.class, PostgresExtension.class})
class DatabasePoolTest {

    @Test
    void everyPooledSessionFlushesItsWritesToTheDiskAsItGoes(Vertx vertx, TestDatabase database, VertxTestContext context) {
        Pool pool = database.database().pool(vertx, "flush-test", 2, 8);
        // Two connections at once, so that both are set up by the pool, not one reused.
        pool.withConnection(first -> pool.withConnection(second -> first.query("SHOW backend_flush_after").execute()
                        .compose(a -> second.query("SHOW backend_flush_after").execute()
                                .map(b -> a.iterator().next().getString(0) + " " + b.iterator().next().getString(0)))))
                .eventually(pool::close)
                .onComplete(context.succeeding(settings -> context.verify(() -> {
                    assertEquals("256kB 256kB", settings, "the server's default is 0: writes wait for the kernel");
                    context.completeNow();
                })));
    }
}
