package io.orderlink.inbox;

import io.orderlink.db.NotificationRelay;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.orderlink.testing.Await.await;
import static io.orderlink.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ingest's wake-up for the workers: every commit is covered by a signal, and a burst of commits costs two. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class ReadySignalTest {

    @Test
    void aBurstOfCommitsIsSignalledAtOnceAndOnceMoreAfterTheGap(Vertx vertx, TestDatabase database) throws Exception {
        List<Long> received = new CopyOnWriteArrayList<>();
        Promise<Void> listening = Promise.promise();
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, database.options());
        subscriber.channel(NotificationRelay.INBOX_READY)
                .subscribeHandler(v -> listening.tryComplete())
                .handler(payload -> received.add(System.nanoTime()));
        await(subscriber.connect());
        await(listening.future());
        Pool sql = database.pool(vertx);
        try {
            ReadySignal signal = new ReadySignal(vertx, sql);
            // Connected first: otherwise the first signal waits for the connection and arrives late, so the two
            // arrive closer together than they were sent (30 ms apart once, in CI).
            await(sql.query("SELECT 1").execute());
            // Ten commits in a row on one event loop, as a burst brings them.
            vertx.runOnContext(v -> {
                for (int i = 0; i < 10; i++) {
                    signal.send();
                }
            });
            eventually(received::size, n -> n >= 2, 10, "two signals");
            Thread.sleep(4 * ReadySignal.MIN_GAP_MS);

            assertEquals(2, received.size(), "the first commit is signalled, the nine behind it fold into one more");
            long gapMs = TimeUnit.NANOSECONDS.toMillis(received.get(1) - received.get(0));
            // Sent MIN_GAP_MS apart; received with each one's delivery jitter. Without the gap they come within a
            // few milliseconds of each other.
            assertTrue(gapMs >= ReadySignal.MIN_GAP_MS / 2, "signals " + gapMs + " ms apart");
        } finally {
            await(subscriber.close().eventually(sql::close));
        }
    }
}
