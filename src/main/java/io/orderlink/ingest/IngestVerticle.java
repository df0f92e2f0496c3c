package io.orderlink.ingest;

import io.orderlink.stores.DeliveryGaps;
import java.time.Instant;

import io.orderlink.inbox.Inbox;
import io.orderlink.inbox.CommitWatch;
import io.orderlink.inbox.InboxWriter;
import io.orderlink.inbox.DedupKey;
import io.orderlink.inbox.WebhookTopics;

import io.orderlink.config.Config;
import io.orderlink.db.Database;
import io.orderlink.inbox.ReadySignal;
import io.orderlink.http.HttpEdge;
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
import io.vertx.core.internal.buffer.BufferInternal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

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
    /** How often refused WooCommerce deliveries are stored for recovery. */
    private static final long GAP_FLUSH_MS = 2000;
    private static final long UNAVAILABLE_BACKOFF_NANOS = 1_000_000_000L;
    private static final long DRAIN_BEFORE_CLOSE_MS = 1000;
    /**
     * Netty cuts bodies into chunks of at most this size (its default, 8 KB, cut a 15 KB order into two and cost a
     * join); a chunk is never larger than what one read from the socket brought, so this allocates nothing ahead.
     */
    private static final int MAX_CHUNK_BYTES = 64 * 1024;

    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence CLOSE = HttpHeaders.createOptimized("close");
    private static final Buffer ACCEPTED = Buffer.buffer("{\"status\":\"accepted\"}");
    private static final Buffer DUPLICATE = Buffer.buffer("{\"status\":\"duplicate\"}");
    private static final Buffer PING = Buffer.buffer("{\"status\":\"ok\"}");
    private static final Buffer UNAUTHORIZED = HttpEdge.error("unauthorized", "missing or invalid webhook signature, or unknown store");
    private static final Buffer OVERLOADED = HttpEdge.error("overloaded", "too many deliveries in flight, retry later");
    private static final Buffer UNAVAILABLE = HttpEdge.error("unavailable", "storage is unavailable, retry later");
    private static final Buffer NOT_FOUND = HttpEdge.error("not_found", "no webhook endpoint at this path");
    private static final Buffer NOT_POST = HttpEdge.error("method_not_allowed", "webhooks are delivered with POST");
    private static final Buffer INTERNAL = HttpEdge.error("internal", "the delivery could not be processed, retry later");

    private final Config.Ingest config;
    private final Database database;
    private final StoreSecrets secrets;
    private final Admission admission;
    private final DeliveryGaps gaps;
    private final CommitWatch commits;
    private final Metrics metrics;
    private final String poolName;
    private final Buffer tooLarge;
    private final CharSequence retryAfter;
    private Pool pool;
    private long gapFlusher = -1;
    private InboxWriter writer;
    private Deadlines<Exchange> bodyDeadlines;
    private Deadlines<Exchange> ackDeadlines;
    private StoreDirectory stores;
    /** {@code stores::domainOf}, made once rather than per delivery. */
    private UnaryOperator<String> domainOf;
    private HttpServer server;
    private HttpEdge edge;
    private long unavailableUntil = System.nanoTime();

    public IngestVerticle(Config.Ingest config, Database database, StoreSecrets secrets, Admission admission,
                          CommitWatch commits, DeliveryGaps gaps, Metrics metrics, String poolName) {
        this.gaps = gaps;
        this.poolName = poolName;
        this.config = config;
        this.database = database;
        this.secrets = secrets;
        this.admission = admission;
        this.commits = commits;
        this.metrics = metrics;
        this.tooLarge = HttpEdge.error("payload_too_large", "body exceeds " + config.bodyLimitBytes() + " bytes");
        this.retryAfter = HttpHeaders.createOptimized(Integer.toString(config.retryAfterSeconds()));
    }

    @Override
    public Future<?> start() {
        pool = database.pool(vertx, poolName, WRITER_FLUSHES + 1, config.writerQueueLimit());
        writer = new InboxWriter(vertx, pool, config.batchMaxRows(), config.batchMaxDelayMs(),
                config.writerQueueLimit(), WRITER_FLUSHES, commits, new ReadySignal(vertx, pool)::send);
        stores = new StoreDirectory(pool, secrets, config.storeCacheTtlSeconds());
        domainOf = stores::domainOf;
        edge = new HttpEdge(vertx, config.bodyTimeoutMs());
        bodyDeadlines = new Deadlines<>(vertx, config.bodyTimeoutMs(), Exchange::bodyTimedOut);
        ackDeadlines = new Deadlines<>(vertx, config.ackTimeoutMs(), Exchange::ackTimedOut);
        vertx.eventBus().<String>localConsumer(STORE_CHANGED, message -> stores.invalidate(message.body()));
        // Refused WooCommerce deliveries go to delivery_gaps, where the registration role of any process recovers them.
        gapFlusher = vertx.setPeriodic(GAP_FLUSH_MS, id -> gaps.flush(pool));
        return vertx.createHttpServer(HttpEdge.options(config.idleTimeoutSeconds()).setMaxChunkSize(MAX_CHUNK_BYTES))
                .connectionHandler(edge::opened)
                .requestHandler(this::handle)
                .listen(config.port(), config.host())
                .onSuccess(s -> server = s);
    }

    /** Stops accepting, lets in-flight requests finish (their rows commit), then closes the pool. */
    @Override
    public Future<?> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture()
                : server.shutdown(config.idleTimeoutSeconds(), TimeUnit.SECONDS);
        vertx.cancelTimer(gapFlusher);
        return closed.eventually(writer::drain).eventually(() -> gaps.flush(pool)).eventually(pool::close);
    }

    public int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        edge.headArrived(request.connection());
        Platform platform = platformOf(request.path());
        if (platform == null) {
            refuse(request, 404, NOT_FOUND);
        } else if (request.method() != HttpMethod.POST) {
            refuse(request, 405, NOT_POST);
        } else if (declaredLength(request) > config.bodyLimitBytes()) {
            metrics.received(platform, Metrics.UNVERIFIED, Outcome.TOO_LARGE);
            refuse(request, 413, tooLarge);
        } else if (!admission.tryAcquire()) {
            answer503(request, platform, Metrics.UNVERIFIED, Outcome.OVERLOADED, OVERLOADED);
        } else {
            new Exchange(request, platform).read();
        }
    }

    /**
     * Every 503 ingest answers goes through here: too many deliveries in flight, the body byte budget spent,
     * storage unavailable, or no commit before the acknowledgement deadline. Always with {@code Retry-After}; a
     * request whose body is still arriving is answered and its connection closed.
     */
    private void answer503(HttpServerRequest request, Platform platform, String topic, Outcome outcome, Buffer payload) {
        metrics.received(platform, topic, outcome);
        refusedDelivery(platform, request);
        if (request.isEnded()) {
            request.response().putHeader(HttpHeaders.RETRY_AFTER, retryAfter);
            reply(request, 503, payload);
        } else {
            refuse(request, 503, payload);
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

    /**
     * One delivery from body to answer. It holds one admission slot, released exactly once by {@link #finish}
     * whichever way the exchange ends (answer, refusal, deadline, closed connection, exception), and the body
     * bytes it reserved, freed once neither it nor the writer holds the body. Nothing is allocated for bytes
     * that have not arrived: chunks are kept as they come and joined once, at the exact length.
     */
    private final class Exchange extends Deadlines.Entry {
        private final HttpServerRequest request;
        private final Platform platform;
        private final long arrived = System.nanoTime();
        private List<Buffer> chunks = new ArrayList<>(2);
        private int reserved;
        private boolean finished;
        private boolean bodyComplete;
        private long bodyCompleteAt;
        private boolean submitted;

        Exchange(HttpServerRequest request, Platform platform) {
            this.request = request;
            this.platform = platform;
        }

        void read() {
            bodyDeadlines.start(this);
            request.response().closeHandler(v -> finish());
            request.handler(this::append);
            request.endHandler(v -> {
                if (!finished) {
                    bodyComplete = true;
                    bodyCompleteAt = System.nanoTime();
                    admission.arrived();
                    ackDeadlines.start(this);
                    guarded(this::onBody);
                }
            });
        }

        private void append(Buffer chunk) {
            if (finished) {
                return;
            }
            if (reserved + chunk.length() > config.bodyLimitBytes()) {
                finish();
                metrics.received(platform, Metrics.UNVERIFIED, Outcome.TOO_LARGE);
                refuse(request, 413, tooLarge);
            } else if (!admission.tryReserve(chunk.length())) {
                finish();
                answer503(request, platform, Metrics.UNVERIFIED, Outcome.OVERLOADED, OVERLOADED);
            } else {
                reserved += chunk.length();
                chunks.add(chunk);
            }
        }

        /**
         * The body as one array of its exact length: a body that arrived as one chunk (the usual case, see
         * {@link #MAX_CHUNK_BYTES}) is used in place, otherwise the chunks are joined once.
         */
        private byte[] body() {
            if (chunks.size() == 1) {
                ByteBuf only = ((BufferInternal) chunks.get(0)).getByteBuf();
                if (only.hasArray() && only.arrayOffset() == 0 && only.readerIndex() == 0 && only.array().length == reserved) {
                    chunks = null;
                    return only.array();
                }
            }
            byte[] bytes = new byte[reserved];
            int at = 0;
            for (Buffer chunk : chunks) {
                chunk.getBytes(bytes, at);
                at += chunk.length();
            }
            chunks = null;
            return bytes;
        }

        private void onBody() {
            byte[] body = body();
            DeliveryHeaders headers = DeliveryHeaders.of(platform, request.headers(), domainOf);
            if (platform == Platform.WOOCOMMERCE && isPing(headers, body)) {
                answer(200, PING, Metrics.UNVERIFIED, Outcome.PING);
            } else if (headers.storeDomain() == null) {
                answer(401, UNAUTHORIZED, Metrics.UNVERIFIED, Outcome.UNKNOWN_STORE);
            } else if (headers.signature() == null) {
                answer(401, UNAUTHORIZED, Metrics.UNVERIFIED, Outcome.REJECTED_SIGNATURE);
            } else {
                stores.find(platform, headers.storeDomain()).onComplete(found -> guarded(() -> {
                    if (found.failed()) {
                        unavailable(found.cause(), Metrics.UNVERIFIED);
                    } else {
                        verified(found.result(), headers, body);
                    }
                }));
            }
        }

        /** WooCommerce's creation ping: unsigned form body {@code webhook_id=N}, no webhook headers. */
        private boolean isPing(DeliveryHeaders headers, byte[] body) {
            return headers.signature() == null && headers.topic() == null && body.length < 64
                    && new String(body, StandardCharsets.ISO_8859_1).startsWith("webhook_id=");
        }

        private void verified(StoreDirectory.Store store, DeliveryHeaders headers, byte[] body) {
            if (finished) {
                return;
            }
            if (store == null) {
                answer(401, UNAUTHORIZED, Metrics.UNVERIFIED, Outcome.UNKNOWN_STORE);
                return;
            }
            if (!store.verifier().verify(body, headers.signature())) {
                answer(401, UNAUTHORIZED, Metrics.UNVERIFIED, Outcome.REJECTED_SIGNATURE);
                return;
            }
            boolean supported = WebhookTopics.isSupported(platform, headers.topic());
            String topic = headers.topic() == null ? "" : headers.topic();
            String key;
            try {
                key = platform == Platform.SHOPIFY
                        ? DedupKey.shopify(headers.eventId(), headers.deliveryId(), topic, body)
                        : DedupKey.wooCommerce(topic, headers.deliveryId(), body, supported);
            } catch (DedupKey.Malformed e) {
                answer(400, HttpEdge.error("bad_request", e.getMessage()), topic, Outcome.BAD_REQUEST);
                return;
            }
            // Wrapped, not copied: the writer binds these bytes as they are.
            store(new InboxWriter.Delivery(store.orgId(), store.id(), platform.id(), topic, key,
                    BufferInternal.buffer(Unpooled.wrappedBuffer(body)), headers.kept().encode(),
                    supported ? "pending" : "ignored"));
        }

        private void store(InboxWriter.Delivery delivery) {
            String topic = delivery.topic();
            if (System.nanoTime() - unavailableUntil < 0) {
                retryLater(UNAVAILABLE, topic, Outcome.UNAVAILABLE);
                return;
            }
            submitted = true;
            writer.submit(delivery).onComplete(stored -> guarded(() -> {
                freeBody();
                if (stored.succeeded()) {
                    metrics.acknowledged(System.nanoTime() - arrived);
                    answer(200, stored.result() ? ACCEPTED : DUPLICATE, topic, stored.result() ? Outcome.ACCEPTED : Outcome.DUPLICATE);
                } else if (stored.cause() instanceof InboxWriter.Overloaded) {
                    retryLater(OVERLOADED, topic, Outcome.OVERLOADED);
                } else {
                    unavailable(stored.cause(), topic);
                }
            }));
        }

        private void bodyTimedOut() {
            metrics.received(platform, Metrics.UNVERIFIED, Outcome.TIMED_OUT);
            finish();
            HttpEdge.timedOut(request);
        }

        /** The commit has not come back in time: the platform retries (a duplicate, should this one still commit). */
        private void ackTimedOut() {
            if (!finished) {
                LOG.warn("No commit within {} ms, answering 503", config.ackTimeoutMs());
                retryLater(UNAVAILABLE, Metrics.UNVERIFIED, Outcome.UNAVAILABLE);
            }
        }

        private void unavailable(Throwable cause, String topic) {
            unavailableUntil = System.nanoTime() + UNAVAILABLE_BACKOFF_NANOS;
            LOG.warn("Cannot store delivery, answering 503: {}", cause.getMessage());
            retryLater(UNAVAILABLE, topic, Outcome.UNAVAILABLE);
        }

        private void retryLater(Buffer payload, String topic, Outcome outcome) {
            if (finish()) {
                answer503(request, platform, topic, outcome, payload);
            }
        }

        private void answer(int status, Buffer payload, String topic, Outcome outcome) {
            if (finish()) {
                metrics.received(platform, topic, outcome);
                reply(request, status, payload);
            }
        }

        /** Runs a step of the exchange; an unexpected exception still answers and releases the slot. */
        private void guarded(Runnable step) {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.error("Delivery failed unexpectedly", e);
                if (finish()) {
                    HttpEdge.closeAfter(request, 500, INTERNAL);
                }
            }
        }

        /** Gives the admission slot back, once; the body's bytes too unless the writer still holds them. */
        private boolean finish() {
            if (finished) {
                return false;
            }
            finished = true;
            cancel();
            admission.release();
            if (bodyComplete) {
                admission.answered(System.nanoTime() - bodyCompleteAt);
            }
            if (!submitted) {
                freeBody();
            }
            return true;
        }

        private void freeBody() {
            admission.free(reserved);
            reserved = 0;
            chunks = null;
        }
    }

    /**
     * Every 503 to a WooCommerce store loses that delivery (WooCommerce never resends): its store and time are
     * remembered for reconciliation. Only the unsigned source header names the store here; a domain that is no
     * store is dropped when the gaps are stored.
     */
    private void refusedDelivery(Platform platform, HttpServerRequest request) {
        if (platform == Platform.WOOCOMMERCE) {
            gaps.record(stores.domainOf(request.getHeader("X-WC-Webhook-Source")), Instant.now());
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
     * Answers before (or instead of) reading the body; what the client still sends of it is discarded, for at
     * most a second, so the unread body is never parsed as a request. Closing with the body still arriving would
     * reset the connection and could lose this answer on the client's side.
     * A 503 to a body of at most {@link #MAX_CHUNK_BYTES} keeps the connection once the body is discarded: such a
     * body is usually in the socket's buffer already, and closing makes every refused sender open a new connection
     * just when the gateway is overloaded (after a one-second stall at 2,500 deliveries a second, the benchmark
     * took 12-14 s to recover with closes and 5-7 s without, docs/benchmarks.md). Other refusals close.
     */
    private void refuse(HttpServerRequest request, int status, Buffer payload) {
        HttpServerResponse response = request.response();
        if (response.closed() || response.ended()) {
            return;
        }
        long length = declaredLength(request);
        boolean keep = status == 503 && length >= 0 && length <= MAX_CHUNK_BYTES;
        if (status == 503) {
            response.putHeader(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        if (!keep) {
            response.putHeader(HttpHeaders.CONNECTION, CLOSE);
        }
        response.end(payload);
        long deadline = vertx.setTimer(DRAIN_BEFORE_CLOSE_MS, id -> request.connection().close());
        request.handler(discarded -> { });
        request.endHandler(end -> {
            vertx.cancelTimer(deadline);
            if (!keep) {
                request.connection().close();
            }
        });
    }

}
