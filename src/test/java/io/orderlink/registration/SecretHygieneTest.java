package io.orderlink.registration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import io.orderlink.testing.Fixtures;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.tenancy.Role;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.orderlink.registration.Registrations.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials and webhook secrets never come back from the API and never reach a log line, failures included. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class SecretHygieneTest {

    private static final String ORG = "org-hygiene";

    @Test
    void registrationNeverLogsOrReturnsASecret(Vertx vertx, TestDatabase database) {
        FakeShopify shopify = await(new FakeShopify(vertx).start());
        Registrations r = Registrations.start(vertx, database, Map.of("ORDERLINK_SHOPIFY_ADMIN_BASE_URL", shopify.adminBaseUrl()));
        FakeWooCommerce woo = await(new FakeWooCommerce(vertx, "ck_0123456789abcdef", "cs_fedcba9876543210").start())
                .deliverTo(r.ingestBase());
        FakeShopify.Shop shop = shopify.deliverTo(r.ingestBase())
                .shop("hygiene.myshopify.com", "2026-01", "shpat_hygiene_token_5f3a", "shpss_hygiene_client_9c1e");
        List<String> secrets = new ArrayList<>(List.of("ck_0123456789abcdef", "cs_fedcba9876543210", "merchant-webhook-secret-77",
                "shpat_hygiene_token_5f3a", "shpss_hygiene_client_9c1e", "shpss_previous_secret_4d2b", "shpat_wrong_token_8e8e",
                Base64.getEncoder().encodeToString("ck_0123456789abcdef:cs_fedcba9876543210".getBytes(StandardCharsets.UTF_8))));
        List<String> answers = new ArrayList<>();
        ListAppender<ILoggingEvent> logs = capture();
        try {
            // Failures first: retries, a refused key, a refused token; then success, checks, delivery, removal.
            woo.retryAfter("0").fail("GET", FakeWooCommerce.Fault.TOO_MANY_REQUESTS, FakeWooCommerce.Fault.HANG);
            HttpResponse<Buffer> wooConnected = connect(r, new JsonObject().put("platform", "woocommerce").put("url", woo.url())
                    .put("credentials", new JsonObject().put("consumerKey", "ck_0123456789abcdef")
                            .put("consumerSecret", "cs_fedcba9876543210").put("webhookSecret", "merchant-webhook-secret-77")));
            answers.add(wooConnected.bodyAsString());
            woo.webhooks().forEach(hook -> secrets.add(hook.secret));
            assertEquals(4, woo.webhooks().size());
            HttpResponse<Buffer> refused = r.api(HttpMethod.POST, "/api/stores", ORG, Role.ADMIN, new JsonObject()
                    .put("platform", "shopify").put("domain", shop.domain).put("credentials", new JsonObject()
                            .put("accessToken", "shpat_wrong_token_8e8e").put("clientSecret", "shpss_hygiene_client_9c1e")));
            assertEquals(422, refused.statusCode(), refused.bodyAsString());
            answers.add(refused.bodyAsString());
            HttpResponse<Buffer> shopConnected = connect(r, new JsonObject().put("platform", "shopify").put("domain", shop.domain)
                    .put("credentials", new JsonObject().put("accessToken", "shpat_hygiene_token_5f3a")
                            .put("clientSecret", "shpss_hygiene_client_9c1e")
                            .put("previousClientSecret", "shpss_previous_secret_4d2b")));
            answers.add(shopConnected.bodyAsString());
            long wooId = idOf(answers.get(0));
            long shopId = idOf(answers.get(2));
            woo.setStatus("order.updated", "disabled");
            answers.add(r.api(HttpMethod.GET, "/api/stores/" + wooId + "/webhooks", ORG, Role.VIEWER, null).bodyAsString());
            answers.add(r.api(HttpMethod.POST, "/api/stores/" + wooId + "/webhooks/register", ORG, Role.ADMIN, null).bodyAsString());
            answers.add(r.api(HttpMethod.GET, "/api/stores", ORG, Role.VIEWER, null).bodyAsString());
            answers.add(r.api(HttpMethod.GET, "/api/stores/" + shopId, ORG, Role.VIEWER, null).bodyAsString());
            answers.add(r.api(HttpMethod.GET, "/api/webhooks/setup?platform=shopify&domain=" + shop.domain, ORG, Role.VIEWER, null)
                    .bodyAsString());
            await(shop.deliver("ORDERS_CREATE", Fixtures.bytes("shopify-orders-create.json")));
            answers.add(r.api(HttpMethod.POST, "/api/stores/" + wooId + "/reconcile", ORG, Role.ADMIN, null).bodyAsString());
            answers.add(r.api(HttpMethod.DELETE, "/api/stores/" + wooId, ORG, Role.ADMIN, null).bodyAsString());
            answers.add(r.api(HttpMethod.DELETE, "/api/stores/" + shopId, ORG, Role.ADMIN, null).bodyAsString());
        } finally {
            release(logs);
            r.close();
            await(woo.close());
            await(shopify.close());
        }

        List<String> lines = logs.list.stream().map(SecretHygieneTest::render).toList();
        assertTrue(lines.stream().anyMatch(line -> line.contains("attempt 2")), "the retries were logged");
        assertTrue(lines.stream().anyMatch(line -> line.contains("Shopify refused the access token")), "the refusal was logged");
        for (String secret : secrets) {
            for (String line : lines) {
                assertFalse(line.contains(secret), "a log line carries a secret: " + line);
            }
            for (String answer : answers) {
                assertFalse(answer.contains(secret), "an API answer carries a secret: " + answer);
            }
        }
    }

    private static HttpResponse<Buffer> connect(Registrations r, JsonObject body) {
        HttpResponse<Buffer> response = r.api(HttpMethod.POST, "/api/stores", ORG, Role.ADMIN, body);
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response;
    }

    private static long idOf(String answer) {
        return new JsonObject(answer).getLong("id");
    }

    /** Everything of the root logger at DEBUG while registration runs. */
    private static ListAppender<ILoggingEvent> capture() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        return appender;
    }

    private static void release(ListAppender<ILoggingEvent> appender) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        root.setLevel(Level.INFO);
    }

    /** The line as written, with any exception's messages and stack. */
    private static String render(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                line.append(' ').append(frame.getSTEAsString());
            }
        }
        return line.toString();
    }
}
