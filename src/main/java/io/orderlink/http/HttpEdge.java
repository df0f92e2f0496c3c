package io.orderlink.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every listening port does against slow or hostile clients (docs/architecture.md, the edge): an idle
 * timeout, a deadline for a connection's first request head (a client dripping header bytes resets the idle
 * timeout with each byte), and a deadline for a request's body. One instance per HTTP server and event loop:
 * it is confined to the server's context.
 */
public final class HttpEdge {

    private static final CharSequence CLOSE = HttpHeaders.createOptimized("close");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final Buffer TIMED_OUT = error("request_timeout", "the request was not received in time");

    private final Vertx vertx;
    private final long deadlineMs;
    private final Map<HttpConnection, Long> awaitingHead = new HashMap<>();

    public HttpEdge(Vertx vertx, long deadlineMs) {
        this.vertx = vertx;
        this.deadlineMs = deadlineMs;
    }

    /**
     * Server options with the idle timeout; request heads are bounded by Vert.x's defaults (4 KB line, 8 KB
     * headers). Cleartext HTTP/2 is off: telling it from HTTP/1.1 holds a connection's first bytes before the
     * connection exists, so no head deadline could start (platforms deliver over HTTP/1.1).
     */
    public static HttpServerOptions options(int idleTimeoutSeconds) {
        return new HttpServerOptions().setIdleTimeout(idleTimeoutSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setHttp2ClearTextEnabled(false);
    }

    /** The server's connection handler: the first request head must arrive within the deadline. */
    public void opened(HttpConnection connection) {
        long timer = vertx.setTimer(deadlineMs, id -> {
            awaitingHead.remove(connection);
            connection.close();
        });
        awaitingHead.put(connection, timer);
        connection.closeHandler(v -> headArrived(connection));
    }

    /** Called first by the request handler. */
    public void headArrived(HttpConnection connection) {
        Long timer = awaitingHead.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * For servers that read bodies through vertx-web or {@code request.body()}: a request whose body has not
     * ended within the deadline gets 408 (unless already answered) and its connection is closed.
     */
    public void bodyDeadline(HttpServerRequest request) {
        headArrived(request.connection());
        vertx.setTimer(deadlineMs, id -> {
            if (!request.isEnded()) {
                timedOut(request);
            }
        });
    }

    /** 408 and close: the rest of the body, if it ever comes, must not be parsed as a next request. */
    public static void timedOut(HttpServerRequest request) {
        closeAfter(request, 408, TIMED_OUT);
    }

    /** Answers (unless already answered) with {@code Connection: close}, then closes the connection. */
    public static void closeAfter(HttpServerRequest request, int status, Buffer payload) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            request.connection().close();
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).putHeader(HttpHeaders.CONNECTION, CLOSE)
                .end(payload).onComplete(done -> request.connection().close());
    }

    /** The error shape every port answers with: {@code {"error":{"code","message"}}}. */
    public static Buffer error(String code, String message) {
        return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).toBuffer();
    }
}
