package io.orderlink.ingest;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.orderlink.db.Database;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Relays the stores trigger's {@code NOTIFY} to this process's event bus, so every ingest instance of
 * every gateway process drops a stale secret. After a reconnect it tells them to forget everything,
 * as notifications sent meanwhile are lost.
 */
public final class StoreChangeListener extends VerticleBase {

    static final String CHANNEL = "orderlink_store_changed";

    private final Database database;
    private PgSubscriber subscriber;

    public StoreChangeListener(Database database) {
        this.database = database;
    }

    @Override
    public Future<?> start() {
        subscriber = PgSubscriber.subscriber(vertx, database.options()).reconnectPolicy(attempt -> 1000L);
        subscriber.channel(CHANNEL)
                .subscribeHandler(v -> vertx.eventBus().publish(IngestVerticle.STORE_CHANGED, "*"))
                .handler(key -> vertx.eventBus().publish(IngestVerticle.STORE_CHANGED, key));
        return subscriber.connect();
    }

    @Override
    public Future<?> stop() {
        return subscriber.close();
    }
}
