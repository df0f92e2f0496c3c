package io.orderlink.api;

import io.orderlink.tenancy.Role;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.RawSocket;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API and metrics ports against clients that send bodies they should not, or too slowly. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeAttackTest {

    private TestGateway gateway;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database, VertxTestContext context) {
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_API_REQUEST_TIMEOUT_MS", "1000",
                        "ORDERLINK_API_IDLE_TIMEOUT_SECONDS", "30"))
                .onSuccess(g -> gateway = g)
                .onComplete(context.succeedingThenComplete());
    }

    @AfterAll
    void stop(VertxTestContext context) {
        gateway.close().onComplete(context.succeedingThenComplete());
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void anUnauthenticatedUploadIsRefusedBeforeItsBodyAndClosed(Vertx vertx, VertxTestContext context) {
        // Only the head is sent: the answer must come without the announced megabyte.
        RawSocket.connect(vertx, gateway.gateway().apiPort())
                .compose(socket -> socket.write(RawSocket.head("/api/stores", 1_048_576, "Content-Type: application/json"))
                        .compose(v -> socket.closed()))
                .onComplete(context.succeeding(answer -> context.verify(() -> {
                    assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
                    context.completeNow();
                })));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void anAuthenticatedBodyDrippedPastTheDeadlineGets408(Vertx vertx, VertxTestContext context) {
        String token = gateway.token("org-edge", Role.ADMIN);
        RawSocket.connect(vertx, gateway.gateway().apiPort())
                .compose(socket -> socket.write(RawSocket.head("/api/stores", 200, "Content-Type: application/json",
                                "Authorization: Bearer " + token))
                        .compose(v -> {
                            socket.drip(vertx, "{\"platform\":\"shopify\"}", 100);
                            return socket.closed();
                        }))
                .onComplete(context.succeeding(answer -> context.verify(() -> {
                    assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
                    context.completeNow();
                })));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void theMetricsPortTakesNoBodyAndNoSlowHead(Vertx vertx, VertxTestContext context) {
        int port = gateway.gateway().metricsPort();
        RawSocket.connect(vertx, port)
                .compose(socket -> socket.write(RawSocket.head("/metrics", 1_048_576)).compose(v -> socket.closed()))
                .compose(refused -> {
                    context.verify(() -> assertTrue(refused.startsWith("HTTP/1.1 413"), refused));
                    return RawSocket.connect(vertx, port);
                })
                .compose(socket -> {
                    socket.drip(vertx, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 100);
                    return socket.closed();
                })
                .onComplete(context.succeeding(answer -> context.verify(() -> {
                    assertTrue(answer.isEmpty(), "closed before the head was complete: " + answer);
                    context.completeNow();
                })));
    }
}
