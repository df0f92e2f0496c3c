package io.orderlink.api;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Anything unexpected is a JSON 500 whose log line names the route template, never the path or the error's text. */
@ExtendWith(VertxExtension.class)
class CatchAllTest {

    @Test
    void anUnexpectedFailureIsAJson500LoggedWithoutPathOrPersonalData(Vertx vertx, VertxTestContext context) {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(Endpoint.class);
        logger.addAppender(log);
        Router router = Router.router(vertx);
        router.route().handler(c -> {
            c.put(Endpoint.TENANT, new Tenant("org", Role.VIEWER, "tester"));
            c.next();
        });
        router.get("/api/customers/:email").handler(Endpoint.as((c, tenant) -> {
            throw new IllegalStateException("cannot handle " + c.pathParam("email"));
        }, Role.VIEWER));
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .compose(server -> WebClient.create(vertx).request(HttpMethod.GET, server.actualPort(), "127.0.0.1",
                        "/api/customers/private.person@example.com").send().eventually(server::close))
                .onComplete(context.succeeding(response -> context.verify(() -> {
                    logger.detachAppender(log);
                    assertEquals(500, response.statusCode());
                    assertEquals("{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}", response.bodyAsString());
                    assertEquals(1, log.list.size());
                    ILoggingEvent line = log.list.get(0);
                    String logged = line.getFormattedMessage() + "\n" + ThrowableProxyUtil.asString(line.getThrowableProxy());
                    assertTrue(logged.startsWith("API request GET /api/customers/:email failed: java.lang.IllegalStateException"), logged);
                    assertFalse(logged.contains("private.person"), logged);
                    context.completeNow();
                })));
    }
}
