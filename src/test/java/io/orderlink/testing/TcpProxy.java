package io.orderlink.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a real server, so a test can cut the connection (existing sockets
 * closed, new ones refused), or stall it (connections stay open, nothing is forwarded: a server that stopped
 * answering), and restore it without stopping the shared server.
 */
public final class TcpProxy {

    private final Vertx vertx;
    private final String targetHost;
    private final int targetPort;
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean stalled;
    private NetServer server;
    private NetClient client;

    public TcpProxy(Vertx vertx, String targetHost, int targetPort) {
        this.vertx = vertx;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    public Future<Integer> start() {
        client = vertx.createNetClient();
        return vertx.createNetServer().connectHandler(this::accept).listen(0, "127.0.0.1").map(s -> {
            server = s;
            return s.actualPort();
        });
    }

    public int port() {
        return server.actualPort();
    }

    public void cut() {
        cut = true;
        open.forEach(NetSocket::close);
    }

    /** Stops forwarding in both directions; bytes already sent wait in the sockets until {@link #restore}. */
    public void stall() {
        stalled = true;
        open.forEach(NetSocket::pause);
    }

    public void restore() {
        cut = false;
        stalled = false;
        open.forEach(NetSocket::resume);
    }

    public Future<Void> close() {
        cut();
        return server.close().eventually(client::close);
    }

    private void accept(NetSocket inbound) {
        if (cut) {
            inbound.close();
            return;
        }
        inbound.pause();
        client.connect(targetPort, targetHost).onComplete(connected -> {
            if (connected.failed()) {
                inbound.close();
                return;
            }
            NetSocket outbound = connected.result();
            open.add(inbound);
            open.add(outbound);
            inbound.closeHandler(v -> {
                open.remove(inbound);
                outbound.close();
            });
            outbound.closeHandler(v -> {
                open.remove(outbound);
                inbound.close();
            });
            inbound.handler(outbound::write);
            outbound.handler(inbound::write);
            if (stalled) {
                outbound.pause();
            } else {
                inbound.resume();
            }
        });
    }
}
