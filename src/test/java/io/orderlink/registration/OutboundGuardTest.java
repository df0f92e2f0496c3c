package io.orderlink.registration;

import io.orderlink.config.Config;
import io.orderlink.metrics.Metrics;
import io.orderlink.stores.Platform;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calls to stores never reach the gateway's own network; the address checked is the address connected to. */
@ExtendWith(VertxExtension.class)
class OutboundGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "0.0.0.0", "255.255.255.255", "224.0.0.1", "::1", "::", "fe80::1",
        "fd00:ec2::254", "fc00::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1"})
    void internalAddressesAreRefused(String literal) throws Exception {
        assertTrue(OutboundGuard.isInternal(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"})
    void publicAddressesPass(String literal) throws Exception {
        assertFalse(OutboundGuard.isInternal(InetAddress.getByName(literal)), literal);
    }

    @Test
    void literalsAreJudgedWithoutResolvingNames() {
        assertTrue(OutboundGuard.isInternalLiteral("127.0.0.1"));
        assertTrue(OutboundGuard.isInternalLiteral("10.0.0.1"));
        assertTrue(OutboundGuard.isInternalLiteral("[::1]"));
        assertFalse(OutboundGuard.isInternalLiteral("8.8.8.8"));
        assertFalse(OutboundGuard.isInternalLiteral("shop.example.com"), "a name is checked when it is resolved, before each call");
    }

    /** A name with one public and one private address (DNS rebinding): refused before any connection, never retried. */
    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void aStoreNameResolvingToAPrivateAddressIsRefusedBeforeAnyConnection(Vertx vertx, VertxTestContext context) throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        InetAddress[] answer = {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.1")};
        OutboundGuard guard = new OutboundGuard(host -> {
            asked.add(host);
            return Future.succeededFuture(List.of(answer));
        }, false);
        PlatformHttp http = new PlatformHttp(vertx, registration(), new Metrics(), guard);

        http.send(call("https://internal-shop.example/wp-json/wc/v3/webhooks")).onComplete(context.failing(failure -> context.verify(() -> {
            assertInstanceOf(PlatformException.class, failure);
            assertTrue(((PlatformException) failure).definite(), "nothing was sent");
            assertTrue(failure.getMessage().contains("internal-shop.example resolves to a loopback, private"), failure.getMessage());
            assertEquals(List.of("internal-shop.example"), asked, "resolved once, not retried");
            http.close();
            context.completeNow();
        })));
    }

    /** With local testing allowed, the call goes to the address the guard returned, under the store's host name. */
    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void theCallConnectsToTheCheckedAddressUnderTheStoresName(Vertx vertx, VertxTestContext context) {
        List<String> hosts = new CopyOnWriteArrayList<>();
        vertx.createHttpServer().requestHandler(request -> {
            hosts.add(request.authority().toString());
            request.response().end("[]");
        }).listen(0, "127.0.0.1").compose(server -> {
            OutboundGuard guard = new OutboundGuard(host -> Future.succeededFuture(List.of(InetAddress.getLoopbackAddress())), true);
            PlatformHttp http = new PlatformHttp(vertx, registration(), new Metrics(), guard);
            return http.send(call("http://no-such-shop.invalid:" + server.actualPort() + "/wp-json/wc/v3/webhooks?page=2"))
                    .andThen(done -> http.close()).eventually(server::close).map(response -> {
                        context.verify(() -> {
                            assertEquals(200, response.statusCode());
                            assertEquals(List.of("no-such-shop.invalid:" + server.actualPort()), hosts);
                        });
                        return response;
                    });
        }).onComplete(context.succeedingThenComplete());
    }

    /** A redirect would lead to an address the guard never checked: it is answered to the caller, never followed. */
    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void aRedirectIsNotFollowed(Vertx vertx, VertxTestContext context) {
        List<String> reached = new CopyOnWriteArrayList<>();
        vertx.createHttpServer().requestHandler(request -> {
            reached.add(request.path());
            request.response().end("{}");
        }).listen(0, "127.0.0.1").compose(inside -> vertx.createHttpServer().requestHandler(request -> request.response()
                .setStatusCode(302).putHeader("Location", "http://127.0.0.1:" + inside.actualPort() + "/latest/meta-data").end())
                .listen(0, "127.0.0.1").compose(store -> {
                    OutboundGuard guard = new OutboundGuard(host -> Future.succeededFuture(List.of(InetAddress.getLoopbackAddress())), true);
                    PlatformHttp http = new PlatformHttp(vertx, registration(), new Metrics(), guard);
                    return http.send(call("http://shop.example:" + store.actualPort() + "/wp-json/wc/v3/webhooks"))
                            .andThen(done -> http.close()).eventually(store::close).eventually(inside::close);
                }))
                .onComplete(context.succeeding(response -> context.verify(() -> {
                    assertEquals(302, response.statusCode());
                    assertEquals(List.of(), reached, "the redirect's target was never called");
                    context.completeNow();
                })));
    }

    private static Config.Registration registration() {
        return Config.load(TestGateway.environment(Map.of())).registration();
    }

    private static PlatformHttp.Call call(String url) {
        return new PlatformHttp.Call(Platform.WOOCOMMERCE, "get webhooks", HttpMethod.GET, url, MultiMap.caseInsensitiveMultiMap(),
                null, null);
    }
}
