package io.orderlink.registration;

import io.orderlink.metrics.Metrics;
import io.orderlink.stores.Platform;
import io.orderlink.config.Config;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Every call to a store platform goes through here: connect and idle timeouts, retries with backoff and
 * jitter on 429, 5xx, transport failures and platform throttling, and at most {@code maxInFlight} calls at
 * once (the rest wait in a bounded queue). Confined to the owning verticle's event loop.
 */
final class PlatformHttp {

    /**
     * One request. {@code throttled} reads a 2xx answer that nevertheless asks for a pause (Shopify's GraphQL
     * THROTTLED error): the pause in ms, 0 for "use the backoff", -1 when not throttled. {@code headers} may
     * hold credentials, so the string form names only the method and URL.
     */
    record Call(Platform platform, String operation, HttpMethod method, String url, MultiMap headers, Buffer body,
                ToLongFunction<HttpResponse<Buffer>> throttled) {
        @Override
        public String toString() {
            return method + " " + url;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PlatformHttp.class);

    private final Vertx vertx;
    private final Metrics metrics;
    private final WebClient client;
    private final Config.Registration config;
    private final Backoff backoff;
    private final OutboundGuard guard;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    PlatformHttp(Vertx vertx, Config.Registration config, Metrics metrics, OutboundGuard guard) {
        this.vertx = vertx;
        this.guard = guard;
        this.metrics = metrics;
        this.config = config;
        this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("Orderlink")
                .setConnectTimeout(config.connectTimeoutMs()), new PoolOptions().setHttp1MaxSize(config.maxInFlight()));
        this.backoff = new Backoff(config.maxRetries(), config.backoffBaseMs(), config.backoffMaxMs(),
                bound -> ThreadLocalRandom.current().nextLong(bound));
    }

    void close() {
        client.close();
    }

    /**
     * The first answer that needs no retry; any status other than 429 and 5xx is the caller's to read. Fails
     * with a {@link PlatformException} once retries are spent or a pause longer than the cap is asked for.
     */
    Future<HttpResponse<Buffer>> send(Call call) {
        return attempt(call, 1).onComplete(result -> metrics.registrationCall(call.platform(), call.operation(), outcome(result)));
    }

    /** After retries: answered 2xx, refused (4xx), or failed (5xx, timeouts, no connection). */
    private static String outcome(io.vertx.core.AsyncResult<HttpResponse<Buffer>> result) {
        if (result.failed()) {
            return "failed";
        }
        int status = result.result().statusCode();
        return status < 300 ? "success" : status < 500 ? "refused" : "failed";
    }

    private Future<HttpResponse<Buffer>> attempt(Call call, int number) {
        return inSlot(() -> once(call)).transform(result -> {
            if (result.failed() && neverSent(result.cause())) {
                return Future.failedFuture(PlatformException.notApplied(call + ": " + describe(result.cause())));
            }
            HttpResponse<Buffer> response = result.succeeded() ? result.result() : null;
            long throttled = response == null || call.throttled() == null ? -1 : call.throttled().applyAsLong(response);
            boolean retryStatus = response != null && (response.statusCode() == 429 || response.statusCode() >= 500);
            if (response != null && !retryStatus && throttled < 0) {
                return Future.succeededFuture(response);
            }
            long asked = retryStatus ? Backoff.retryAfterMs(response.getHeader("Retry-After"), Instant.now()) : throttled;
            String problem = response == null ? describe(result.cause())
                    : throttled >= 0 ? "throttled" : "answered " + response.statusCode();
            long delay = backoff.delayMs(number, asked);
            if (delay < 0) {
                return Future.failedFuture(givenUp(call, number, problem, asked, response, result.cause()));
            }
            LOG.info("{}: {}; attempt {} in {} ms", call, problem, number + 1, delay);
            Promise<HttpResponse<Buffer>> next = Promise.promise();
            vertx.setTimer(delay, id -> attempt(call, number + 1).onComplete(next));
            return next.future();
        });
    }

    /**
     * Rate limits and refused connections mean the call was not executed; a 5xx or a lost answer may hide
     * one that was.
     */
    private PlatformException givenUp(Call call, int attempts, String problem, long askedMs,
                                      HttpResponse<Buffer> response, Throwable failure) {
        String message = call + ": " + problem + (askedMs > config.backoffMaxMs()
                ? ", asked to wait " + askedMs + " ms (more than the " + config.backoffMaxMs() + " ms allowed)"
                : " (gave up after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ")");
        boolean notExecuted = response != null ? response.statusCode() < 500 : failure instanceof ConnectException;
        return notExecuted ? PlatformException.notApplied(message) : PlatformException.unknown(message);
    }

    /**
     * Resolves and checks the host before every call, then connects to that checked address. Redirects are the
     * caller's to read, never followed: the address they name was never checked.
     */
    private Future<HttpResponse<Buffer>> once(Call call) {
        URI url = URI.create(call.url());
        boolean tls = "https".equals(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : tls ? 443 : 80;
        String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        return guard.check(url.getHost()).compose(address -> {
            HttpRequest<Buffer> request = client.request(call.method(),
                            SocketAddress.inetSocketAddress(port, address.getHostAddress()), port, url.getHost(), target)
                    .ssl(tls)
                    .followRedirects(false)
                    .connectTimeout(config.connectTimeoutMs())
                    .idleTimeout(config.requestTimeoutMs())
                    .putHeaders(call.headers());
            return call.body() == null ? request.send() : request.sendBuffer(call.body());
        });
    }

    /** Runs {@code work} when fewer than maxInFlight calls are running; fails fast when the queue is full. */
    private <T> Future<T> inSlot(Supplier<Future<T>> work) {
        if (inFlight < config.maxInFlight()) {
            return run(work);
        }
        if (waiting.size() >= config.maxQueued()) {
            return Future.failedFuture(PlatformException.notApplied("too many platform calls waiting; try again later"));
        }
        Promise<T> started = Promise.promise();
        waiting.add(() -> run(work).onComplete(started));
        return started.future();
    }

    private <T> Future<T> run(Supplier<Future<T>> work) {
        inFlight++;
        Future<T> running;
        try {
            running = work.get();
        } catch (RuntimeException e) {
            running = Future.failedFuture(e);
        }
        return running.andThen(done -> {
            inFlight--;
            Runnable next = waiting.poll();
            if (next != null) {
                next.run();
            }
        });
    }

    /**
     * Failures before the request could reach the platform: retrying an unknown host, a refused address or a TLS
     * mismatch will not help either.
     */
    private static boolean neverSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof SSLException || t instanceof OutboundGuard.Refused) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
