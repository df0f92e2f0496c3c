package io.orderlink.ingest;

import io.orderlink.inbox.Inbox;
import io.orderlink.inbox.InboxWriter;
import io.orderlink.inbox.DedupKey;
import io.orderlink.inbox.WebhookTopics;

import io.orderlink.config.Config;
import io.orderlink.db.Database;
import io.orderlink.inbox.ReadySignal;
import io.orderlink.metrics.Metrics;
import io.orderlink.metrics.Metrics.Outcome;
import io.orderlink.stores.Platform;
import io.orderlink.stores.StoreSecrets;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Webhook ingest, one instance per event loop: admission control before the body is read, body limit,
 * store lookup, constant-time signature check, then group commit into the inbox. A request is
 * answered 200 only after its row has committed. No router and no business parsing on this path.
 */
public final class IngestVerticle extends VerticleBase {

    /** Published with {@code platform:domain} (or {@code *}) when a store's secrets may have changed. */
    public static final String STORE_CHANGED = "stores.changed";

    private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);
    private static final int WRITER_FLUSHES = 2;
    private static final long UNAVAILABLE_BACKOFF_NANOS = 1_000_000_000L;
    private static final long DRAIN_BEFORE_CLOSE_MS = 1000;

    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence CLOSE = HttpHeaders.createOptimized("close");
    private static final Buffer ACCEPTED = Buffer.buffer("{\"status\":\"accepted\"}");
    private static final Buffer DUPLICATE = Buffer.buffer("{\"status\":\"duplicate\"}");
    private static final Buffer PING = Buffer.buffer("{\"status\":\"ok\"}");
    private static final Buffer UNAUTHORIZED = error("unauthorized", "missing or invalid webhook signature, or unknown store");
    private static final Buffer OVERLOADED = error("overloaded", "too many deliveries in flight, retry later");
    private static final Buffer UNAVAILABLE = error("unavailable", "storage is unavailable, retry later");
    private static final Buffer NOT_FOUND = error("not_found", "no webhook endpoint at this path");
    private static final Buffer NOT_POST = error("method_not_allowed", "webhooks are delivered with POST");

    private final Config.Ingest config;
    private final Database database;
    private final StoreSecrets secrets;
    private final Admission admission;
    private final Metrics metrics;
    private final Buffer tooLarge;
    private final CharSequence retryAfter;
    private Pool pool;
    private InboxWriter writer;
    private StoreDirectory stores;
    private HttpServer server;
    private long unavailableUntil = System.nanoTime();

    public IngestVerticle(Config.Ingest config, Database database, StoreSecrets secrets, Admission admission, Metrics metrics) {
        this.config = config;
        this.database = database;
        this.secrets = secrets;
        this.admission = admission;
        this.metrics = metrics;
        this.tooLarge = error("payload_too_large", "body exceeds " + config.bodyLimitBytes() + " bytes");
        this.retryAfter = HttpHeaders.createOptimized(Integer.toString(config.retryAfterSeconds()));
    }

    @Override
    public Future<?> start() {
        pool = database.pool(vertx, "ingest", WRITER_FLUSHES + 1, config.writerQueueLimit());
        writer = new InboxWriter(vertx, pool, config.batchMaxRows(), config.batchMaxDelayMs(),
                config.writerQueueLimit(), WRITER_FLUSHES, new ReadySignal(pool)::send);
        stores = new StoreDirectory(pool, secrets, config.storeCacheTtlSeconds());
        vertx.eventBus().<String>localConsumer(STORE_CHANGED, message -> stores.invalidate(message.body()));
        HttpServerOptions options = new HttpServerOptions()
                .setIdleTimeout(config.idleTimeoutSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        return vertx.createHttpServer(options)
                .requestHandler(this::handle)
                .listen(config.port(), config.host())
                .onSuccess(s -> server = s);
    }

    /** Stops accepting, lets in-flight requests finish (their rows commit), then closes the pool. */
    @Override
    public Future<?> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture()
                : server.shutdown(config.idleTimeoutSeconds(), TimeUnit.SECONDS);
        return closed.eventually(writer::drain).eventually(pool::close);
    }

    public int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        Platform platform = platformOf(request.path());
        if (platform == null) {
            reply(request, 404, NOT_FOUND);
        } else if (request.method() != HttpMethod.POST) {
            reply(request, 405, NOT_POST);
        } else if (declaredLength(request) > config.bodyLimitBytes()) {
            metrics.received(platform, Metrics.UNVERIFIED, Outcome.TOO_LARGE);
            refuse(request, 413, tooLarge);
        } else if (!admission.tryAcquire()) {
            metrics.received(platform, Metrics.UNVERIFIED, Outcome.OVERLOADED);
            refuse(request, 503, OVERLOADED);
        } else {
            new Exchange(request, platform).read();
        }
    }

    /** The original system's paths stay as aliases so existing stores keep delivering. */
    private static Platform platformOf(String path) {
        switch (path) {
            case "/webhooks/shopify":
            case "/api/webhooks/shopify/order-created":
                return Platform.SHOPIFY;
            case "/webhooks/woocommerce":
            case "/api/webhooks/woocommerce/order-created":
                return Platform.WOOCOMMERCE;
            default:
                return null;
        }
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** One delivery from body to answer; releases its admission slot exactly once. */
    private final class Exchange {
        private final HttpServerRequest request;
        private final Platform platform;
        private final long arrived = System.nanoTime();
        private Buffer body;
        private boolean released;

        Exchange(HttpServerRequest request, Platform platform) {
            this.request = request;
            this.platform = platform;
            long declared = declaredLength(request);
            this.body = Buffer.buffer(declared > 0 ? (int) declared : 1024);
        }

        void read() {
            request.response().closeHandler(v -> release());
            request.handler(this::append);
            request.endHandler(v -> {
                if (body != null) {
                    onBody();
                }
            });
        }

        private void append(Buffer chunk) {
            if (body == null) {
                return;
            }
            if (body.length() + chunk.length() > config.bodyLimitBytes()) {
                body = null;
                metrics.received(platform, Metrics.UNVERIFIED, Outcome.TOO_LARGE);
                refuse(request, 413, tooLarge);
                release();
                return;
            }
            body.appendBuffer(chunk);
        }

        private void onBody() {
            DeliveryHeaders headers = DeliveryHeaders.of(platform, request.headers());
            if (platform == Platform.WOOCOMMERCE && isPing(headers)) {
                answer(200, PING, Metrics.UNVERIFIED, Outcome.PING);
            } else if (headers.storeDomain() == null) {
                answer(401, UNAUTHORIZED, Metrics.UNVERIFIED, Outcome.UNKNOWN_STORE);
            } else if (headers.signature() == null) {
                answer(401, UNAUTHORIZED, Metrics.UNVERIFIED, Outcome.REJECTED_SIGNATURE);
            } else {
                stores.find(platform, headers.storeDomain()).onComplete(found -> {
                    if (found.failed()) {
                        unavailable(found.cause(), Metrics.UNVERIFIED);
                    } else {
                        verified(found.result(), headers);
                    }
                });
            }
        }

        /** WooCommerce's creation ping: unsigned form body {@code webhook_id=N}, no webhook headers. */
        private boolean isPing(DeliveryHeaders headers) {
            return headers.signature() == null && headers.topic() == null && body.length() < 64
                    && body.toString().startsWith("webhook_id=");
        }

        private void verified(StoreDirectory.Store store, DeliveryHeaders headers) {
            if (store == null) {
                answer(401, UNAUTHORIZED, Metrics.UNVERIFIED, Outcome.UNKNOWN_STORE);
                return;
            }
            byte[] bytes = body.getBytes();
            if (!store.verifier().verify(bytes, headers.signature())) {
                answer(401, UNAUTHORIZED, Metrics.UNVERIFIED, Outcome.REJECTED_SIGNATURE);
                return;
            }
            boolean supported = WebhookTopics.isSupported(platform, headers.topic());
            String topic = headers.topic() == null ? "" : headers.topic();
            String key;
            try {
                key = platform == Platform.SHOPIFY
                        ? DedupKey.shopify(headers.deliveryId(), topic, bytes)
                        : DedupKey.wooCommerce(topic, headers.deliveryId(), bytes, supported);
            } catch (DedupKey.Malformed e) {
                answer(400, error("bad_request", e.getMessage()), topic, Outcome.BAD_REQUEST);
                return;
            }
            store(new InboxWriter.Delivery(store.orgId(), store.id(), platform.id(), topic, key, body,
                    headers.kept().encode(), supported ? "pending" : "ignored"));
        }

        private void store(InboxWriter.Delivery delivery) {
            String topic = delivery.topic();
            if (System.nanoTime() - unavailableUntil < 0) {
                answerRetry(503, UNAVAILABLE, topic, Outcome.UNAVAILABLE);
                return;
            }
            writer.submit(delivery).onComplete(stored -> {
                if (stored.succeeded()) {
                    metrics.acknowledged(System.nanoTime() - arrived);
                    answer(200, stored.result() ? ACCEPTED : DUPLICATE, topic, stored.result() ? Outcome.ACCEPTED : Outcome.DUPLICATE);
                } else if (stored.cause() instanceof InboxWriter.Overloaded) {
                    answerRetry(503, OVERLOADED, topic, Outcome.OVERLOADED);
                } else {
                    unavailable(stored.cause(), topic);
                }
            });
        }

        private void unavailable(Throwable cause, String topic) {
            unavailableUntil = System.nanoTime() + UNAVAILABLE_BACKOFF_NANOS;
            LOG.warn("Cannot store delivery, answering 503: {}", cause.getMessage());
            answerRetry(503, UNAVAILABLE, topic, Outcome.UNAVAILABLE);
        }

        private void answerRetry(int status, Buffer payload, String topic, Outcome outcome) {
            if (release()) {
                metrics.received(platform, topic, outcome);
                request.response().putHeader(HttpHeaders.RETRY_AFTER, retryAfter);
                reply(request, status, payload);
            }
        }

        private void answer(int status, Buffer payload, String topic, Outcome outcome) {
            if (release()) {
                metrics.received(platform, topic, outcome);
                reply(request, status, payload);
            }
        }

        private boolean release() {
            if (released) {
                return false;
            }
            released = true;
            admission.release();
            return true;
        }
    }

    private static void reply(HttpServerRequest request, int status, Buffer payload) {
        HttpServerResponse response = request.response();
        if (response.closed() || response.ended()) {
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(payload);
    }

    /**
     * Answers before (or instead of) reading the body, then closes: the unread body must not be parsed as a
     * request. Closing with the body still arriving would reset the connection and could lose this answer on
     * the client's side, so what it still sends is discarded (for at most a second) before the close.
     */
    private void refuse(HttpServerRequest request, int status, Buffer payload) {
        HttpServerResponse response = request.response();
        if (response.closed() || response.ended()) {
            return;
        }
        if (status == 503) {
            response.putHeader(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).putHeader(HttpHeaders.CONNECTION, CLOSE)
                .end(payload);
        long deadline = vertx.setTimer(DRAIN_BEFORE_CLOSE_MS, id -> request.connection().close());
        request.handler(discarded -> { });
        request.endHandler(end -> {
            vertx.cancelTimer(deadline);
            request.connection().close();
        });
    }

    private static Buffer error(String code, String message) {
        return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).toBuffer();
    }
}
