package io.orderlink.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;

/**
 * A client that writes raw HTTP, as an attacker would: a head that promises a body never sent, a body dripped
 * byte by byte. It records what the server answered and when it closed the connection.
 */
public final class RawSocket {

    private final NetSocket socket;
    private final Buffer received = Buffer.buffer();
    private final Promise<String> closed = Promise.promise();

    private RawSocket(NetSocket socket) {
        this.socket = socket;
        socket.handler(received::appendBuffer);
        socket.closeHandler(v -> closed.complete(received.toString(StandardCharsets.ISO_8859_1)));
    }

    public static Future<RawSocket> connect(Vertx vertx, int port) {
        return vertx.createNetClient().connect(port, "127.0.0.1").map(RawSocket::new);
    }

    /** A POST head for {@code path} announcing {@code contentLength} body bytes. */
    public static String head(String path, long contentLength, String... headers) {
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("Content-Length: ").append(contentLength).append("\r\n\r\n").toString();
    }

    public Future<Void> write(String text) {
        return socket.write(Buffer.buffer(text, "ISO-8859-1"));
    }

    public Future<Void> write(byte[] bytes) {
        return socket.write(Buffer.buffer(bytes));
    }

    /** Writes {@code text} one byte every {@code intervalMs} for as long as the connection stays open. */
    public void drip(Vertx vertx, String text, long intervalMs) {
        long[] at = {0};
        vertx.setPeriodic(intervalMs, id -> {
            if (closed.future().isComplete()) {
                vertx.cancelTimer(id);
            } else {
                int i = (int) (at[0]++ % text.length());
                write(text.substring(i, i + 1));
            }
        });
    }

    /** Completes with everything the server sent, once it has closed the connection. */
    public Future<String> closed() {
        return closed.future();
    }

    public String received() {
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    public Future<Void> close() {
        return socket.close();
    }
}
