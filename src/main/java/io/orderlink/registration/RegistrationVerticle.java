package io.orderlink.registration;

import io.orderlink.config.Config;
import io.orderlink.db.Database;
import io.orderlink.metrics.Metrics;
import io.orderlink.stores.StoreSecrets;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The only code that talks to store platforms, served on the event bus: each {@link RegistrationOperation}'s
 * address hands its {@link RegistrationRequest} to the {@link RegistrationService} and answers with its outcome,
 * or fails with the {@link RegistrationFailure}'s code and message.
 */
public final class RegistrationVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationVerticle.class);

    private final Config config;
    private final Database database;
    private final StoreSecrets secrets;
    private final Metrics metrics;
    private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    private Pool pool;
    private RegistrationService service;

    public RegistrationVerticle(Config config, Database database, StoreSecrets secrets, Metrics metrics) {
        this.config = config;
        this.database = database;
        this.secrets = secrets;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        if (config.allowHttpStores()) {
            LOG.warn("ORDERLINK_ALLOW_HTTP_STORES is on: store credentials may travel over plain http. Local testing only.");
        }
        String portWarning = WordPressPorts.warning(config.publicUrl());
        if (portWarning != null) {
            LOG.warn(portWarning);
        }
        pool = database.pool(vertx, "registration", 2, 256);
        service = new RegistrationService(vertx, config, pool, secrets, metrics);
        for (RegistrationOperation operation : RegistrationOperation.values()) {
            consumers.add(vertx.eventBus().<JsonObject>localConsumer(operation.address(), message -> serve(operation, message)));
        }
        service.start();
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    @Override
    public Future<?> stop() {
        service.close();
        return pool.close();
    }

    private void serve(RegistrationOperation operation, Message<JsonObject> message) {
        service.handle(operation, RegistrationRequest.fromJson(message.body()))
                .onSuccess(message::reply)
                .onFailure(failure -> {
                    RegistrationFailure answer = RegistrationFailure.of(failure);
                    if (answer != failure) {
                        LOG.error("Registration request to {} failed", message.address(), failure);
                    }
                    message.fail(answer.reason().code, answer.getMessage());
                });
    }
}
