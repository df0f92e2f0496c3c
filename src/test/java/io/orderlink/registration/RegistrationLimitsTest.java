package io.orderlink.registration;

import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.tenancy.Role;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.orderlink.registration.Registrations.await;
import static io.orderlink.registration.Registrations.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bound on platform calls in flight, the periodic health check on its timer, reconciliation after an outage. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrationLimitsTest {

    private static final String ORG = "org-limits";

    private Registrations r;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database) {
        r = Registrations.start(vertx, database, Map.of("ORDERLINK_REGISTRATION_MAX_IN_FLIGHT", "2",
                "ORDERLINK_REGISTRATION_HEALTH_CHECK_INTERVAL_SECONDS", "2"));
    }

    @AfterAll
    void stop() {
        r.close();
    }

    @Test
    void noMoreThanMaxInFlightCallsReachThePlatformsAtOnce() {
        FakeWooCommerce woo = fake().delay(150);
        try {
            assertEquals("active", connect(woo).getJsonObject("webhooks").getString("status"));
            assertEquals(4, woo.webhooks().size(), "four creations, queued behind the bound");
            assertEquals(2, woo.maxConcurrent());
        } finally {
            await(woo.close());
        }
    }

    @Test
    void thePeriodicCheckRepairsOnItsOwn() {
        FakeWooCommerce woo = fake();
        try {
            connect(woo);
            woo.setStatus("order.created", "disabled");
            eventually(() -> "active".equals(woo.webhook("order.created").status), "re-enabled by the periodic check");
        } finally {
            await(woo.close());
        }
    }

    @Test
    void aStoreHealthyAgainAfterFailedChecksIsReconciled() {
        FakeWooCommerce woo = fake();
        try {
            long id = connect(woo).getLong("id");
            woo.addOrder(WooCommerceRegistrationTest.order(31, Instant.now().plusSeconds(5)));
            JsonObject looked = r.ask(RegistrationOperation.CHECK, RegistrationRequest.store(ORG, id));
            assertFalse(looked.containsKey("reconciliation"), "a plain check only looks");
            // The store could not be reached for a while (or the gateway was down): deliveries were lost.
            r.query("UPDATE stores SET consecutive_failures = 3 WHERE id = $1", id);

            JsonObject outcome = r.repair(ORG, id);

            assertEquals(0, outcome.getInteger("repairs"));
            assertEquals(1, outcome.getJsonObject("reconciliation").getInteger("inserted"));
            assertEquals(0, r.store(id).getInteger("consecutive_failures"));
        } finally {
            await(woo.close());
        }
    }

    private FakeWooCommerce fake() {
        return await(new FakeWooCommerce(r.vertx, "ck_" + UUID.randomUUID(), "cs_" + UUID.randomUUID()).start())
                .deliverTo(r.ingestBase());
    }

    private JsonObject connect(FakeWooCommerce woo) {
        HttpResponse<Buffer> response = r.api(HttpMethod.POST, "/api/stores", ORG, Role.ADMIN, new JsonObject()
                .put("platform", "woocommerce").put("url", woo.url())
                .put("credentials", new JsonObject().put("consumerKey", woo.consumerKey())
                        .put("consumerSecret", woo.consumerSecret())));
        assertTrue(response.statusCode() == 201, response.bodyAsString());
        return response.bodyAsJsonObject();
    }
}
