package io.orderlink.registration;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

/**
 * The requester's side of the registration contract: sends a {@link RegistrationRequest} to an operation's address
 * and completes with the worker's reply, or fails with a {@link RegistrationFailure}; the same on the event bus and
 * through {@link RegistrationQueue}.
 */
public final class RegistrationClient {

    /** Carries a body to an address and its reply back; fails with a {@code ReplyException} as the event bus does. */
    public interface Transport {
        Future<JsonObject> request(String address, JsonObject body);
    }

    private final Transport transport;

    public RegistrationClient(Transport transport) {
        this.transport = transport;
    }

    /** To the {@link RegistrationVerticle} of this process. */
    public static RegistrationClient eventBus(Vertx vertx, long timeoutMs) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
        return new RegistrationClient((address, body) ->
                vertx.eventBus().<JsonObject>request(address, body, options).map(Message::body));
    }

    /** Through the database to a process with the registration role ({@link RegistrationQueue}). */
    public static RegistrationClient queue(Vertx vertx, SqlClient sql, long timeoutMs) {
        return new RegistrationClient((address, body) -> RegistrationQueue.request(vertx, sql, address, body, timeoutMs));
    }

    public Future<JsonObject> send(RegistrationOperation operation, RegistrationRequest request) {
        return transport.request(operation.address(), request.toJson())
                .recover(failure -> Future.failedFuture(RegistrationFailure.fromReply(failure)));
    }
}
