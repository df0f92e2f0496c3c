package io.orderlink.api;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.orderlink.config.Logging;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The access log and the API's error log, read from captured log events. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class ApiLogsTest {

    private static final String EMAIL = "someone@example.com";
    /** Nothing a client put in a path or query may reach a log line. */
    private static final List<String> PRIVATE = List.of("someone", "example.com", "EUR", "currency", "storeId", "secret-q");

    private final ListAppender<ILoggingEvent> access = new ListAppender<>();
    private final ListAppender<ILoggingEvent> errors = new ListAppender<>();

    @BeforeEach
    void capture() {
        attach(AccessLog.LOGGER, access);
        attach(Endpoint.class.getName(), errors);
    }

    @AfterEach
    void release() {
        logger(AccessLog.LOGGER).detachAppender(access);
        logger(Endpoint.class.getName()).detachAppender(errors);
    }

    @Test
    void everyApiRequestLeavesOneLineWithItsRouteTemplateStatusAndOrganization(Vertx vertx, TestDatabase database) throws Exception {
        TestGateway gateway = await(TestGateway.start(vertx, database.database(), Map.of()));
        try {
            String token = gateway.token("org-logs", Role.VIEWER);
            int one = await(gateway.api(HttpMethod.GET, "/api/customers/someone%40example.com?storeId=1", token).send()).statusCode();
            int list = await(gateway.api(HttpMethod.GET, "/api/customers?currency=EUR&limit=5", token).send()).statusCode();
            int anonymous = await(gateway.api(HttpMethod.GET, "/api/customers/" + EMAIL, null).send()).statusCode();
            assertEquals(401, anonymous);
            List<ILoggingEvent> lines = awaitEvents(access, 3);
            assertEquals(List.of(
                    Map.of("method", "GET", "route", "/api/customers/:email", "status", one, "organization", "org-logs"),
                    Map.of("method", "GET", "route", "/api/customers", "status", list, "organization", "org-logs"),
                    Map.of("method", "GET", "route", "/api/customers/:email", "status", 401, "organization", "-")),
                    lines.stream().map(ApiLogsTest::withoutDuration).toList());
            assertTrue(lines.stream().allMatch(line -> ((Long) fields(line).get("durationMs")) >= 0));
            assertEquals("GET /api/customers/:email 401 " + fields(lines.get(2)).get("durationMs") + " ms organization=-",
                    lines.get(2).getFormattedMessage());
            for (ILoggingEvent line : lines) {
                assertNothingPrivate(line);
            }
            // As JSON, the same fields are structured, not only in the message.
            String json = new String(Logging.jsonEncoder((LoggerContext) LoggerFactory.getILoggerFactory()).encode(lines.get(0)),
                    StandardCharsets.UTF_8);
            assertTrue(new JsonObject(json).getJsonArray("kvpList").encode().contains("\"organization\":\"org-logs\""), json);
        } finally {
            await(gateway.close());
        }
    }

    @Test
    void theAccessLogCanBeSwitchedOff(Vertx vertx, TestDatabase database) throws Exception {
        TestGateway gateway = await(TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_API_ACCESS_LOG", "false")));
        try {
            assertEquals(401, await(gateway.api(HttpMethod.GET, "/api/stores", null).send()).statusCode());
        } finally {
            await(gateway.close());
        }
        assertEquals(List.of(), access.list);
    }

    @Test
    void anUnexpectedFailureIsLoggedWithTheRouteTemplateNotThePath(Vertx vertx) throws Exception {
        Router router = Router.router(vertx);
        router.route().handler(new AccessLog(router, true));
        router.get("/things/:email").handler(context -> {
            context.put(Endpoint.TENANT, new Tenant("org-errors", Role.VIEWER, "test"));
            context.next();
        }).handler(Endpoint.as((context, tenant) -> {
            throw new IllegalStateException("unexpected");
        }, Role.VIEWER));
        HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        try {
            int status = await(WebClient.create(vertx).get(server.actualPort(), "127.0.0.1", "/things/" + EMAIL + "?q=secret-q").send())
                    .statusCode();
            assertEquals(500, status);
            ILoggingEvent error = awaitEvents(errors, 1).get(0);
            assertEquals("API request GET /things/:email failed: java.lang.IllegalStateException", error.getFormattedMessage());
            assertEquals("org-errors", fields(error).get("organization"));
            // The stack is kept, the exception's message is not: a message can quote input.
            assertEquals("java.lang.IllegalStateException", error.getThrowableProxy().getMessage());
            assertNothingPrivate(error);
            assertEquals("/things/:email", fields(awaitEvents(access, 1).get(0)).get("route"));
        } finally {
            await(server.close());
        }
    }

    @Test
    void theRouteTemplateIsTheMostSpecificMatchingRoute(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route("/api/*").handler(RoutingContext::next);
        router.get("/api/customers/:email").handler(RoutingContext::next);
        router.get("/api/customers").handler(RoutingContext::next);
        router.route("/*").handler(RoutingContext::next);
        RouteTemplates templates = new RouteTemplates(router);
        assertEquals("/api/customers/:email", templates.match(HttpMethod.GET, "/api/customers/" + EMAIL));
        assertEquals("/api/customers", templates.match(HttpMethod.GET, "/api/customers"));
        assertEquals("/api/*", templates.match(HttpMethod.DELETE, "/api/customers/" + EMAIL), "another method");
        assertEquals("/api/*", templates.match(HttpMethod.GET, "/api/customers/" + EMAIL + "/orders"));
        assertEquals("/*", templates.match(HttpMethod.GET, "/app.js"));
        assertEquals(RouteTemplates.UNMATCHED, new RouteTemplates(Router.router(vertx)).match(HttpMethod.GET, "/x"));
    }

    private static void assertNothingPrivate(ILoggingEvent event) {
        String text = event.getFormattedMessage() + " " + fields(event);
        for (String value : PRIVATE) {
            assertFalse(text.contains(value), "log line carries " + value + ": " + text);
        }
    }

    private static Map<String, Object> fields(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        return pairs.stream().collect(Collectors.toMap(pair -> pair.key, pair -> pair.value, (a, b) -> b, java.util.LinkedHashMap::new));
    }

    private static Map<String, Object> withoutDuration(ILoggingEvent event) {
        Map<String, Object> fields = fields(event);
        fields.remove("durationMs");
        return fields;
    }

    /** Lines are written when the response has ended, which may be just after the client has it. */
    private static List<ILoggingEvent> awaitEvents(ListAppender<ILoggingEvent> appender, int count) throws InterruptedException {
        for (int i = 0; i < 100 && appender.list.size() < count; i++) {
            Thread.sleep(50);
        }
        assertEquals(count, appender.list.size(), "log lines: " + appender.list);
        return new ArrayList<>(appender.list);
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }

    private static void attach(String name, ListAppender<ILoggingEvent> appender) {
        appender.start();
        logger(name).addAppender(appender);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
