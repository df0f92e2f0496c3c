package io.orderlink.db;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.pubsub.PgSubscriber;

import java.util.Map;

/**
 * How processes signal each other (docs/scaling.md): PostgreSQL {@code LISTEN/NOTIFY}, relayed to this process's
 * event bus. Each channel's payload is published to its address; after a (re)connect every address gets
 * {@code *}, since notifications sent while disconnected are lost: caches forget everything, workers look for
 * work. One listening connection per process, for the channels of the roles it runs.
 */
public final class NotificationRelay extends VerticleBase {

    /** A store's secrets may have changed: payload {@code platform:domain} (the stores trigger, V1). */
    public static final String STORE_CHANGED = "orderlink_store_changed";
    /** Inbox rows became pending in some process. */
    public static final String INBOX_READY = "orderlink_inbox_ready";
    /** A registration request was queued for a registration process. */
    public static final String REGISTRATION_REQUESTED = "orderlink_registration_requested";

    private final Database database;
    private final Map<String, String> addresses;
    private PgSubscriber subscriber;

    /** {@code addresses}: channel to event-bus address. */
    public NotificationRelay(Database database, Map<String, String> addresses) {
        this.database = database;
        this.addresses = Map.copyOf(addresses);
    }

    @Override
    public Future<?> start() {
        subscriber = PgSubscriber.subscriber(vertx, database.options()).reconnectPolicy(attempt -> 1000L);
        addresses.forEach((channel, address) -> subscriber.channel(channel)
                .subscribeHandler(v -> vertx.eventBus().publish(address, "*"))
                .handler(payload -> vertx.eventBus().publish(address, payload)));
        return subscriber.connect();
    }

    @Override
    public Future<?> stop() {
        return subscriber.close();
    }

    /** {@code SELECT pg_notify(channel, payload)}: the statement that signals every process listening. */
    public static String notify(String channel) {
        return "SELECT pg_notify('" + channel + "', $1)";
    }
}
