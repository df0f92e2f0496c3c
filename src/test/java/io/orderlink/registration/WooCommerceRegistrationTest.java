package io.orderlink.registration;

import io.orderlink.stores.Platform;
import io.orderlink.testing.Fixtures;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.tenancy.Role;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.orderlink.registration.Registrations.await;
import static io.orderlink.registration.Registrations.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WooCommerce webhooks registered, checked, repaired, removed and reconciled against a fake store. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WooCommerceRegistrationTest {

    private static final String ORG = "org-woo";
    private static final String ADDRESS = Registrations.PUBLIC_URL + "/webhooks/woocommerce";
    private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private Registrations r;
    private Vertx vertx;
    private final List<FakeWooCommerce> stores = new ArrayList<>();

    @BeforeAll
    void start(Vertx vertx, TestDatabase database) {
        this.vertx = vertx;
        r = Registrations.start(vertx, database, Map.of());
    }

    @AfterEach
    void closeStores() {
        stores.forEach(store -> await(store.close()));
        stores.clear();
    }

    @AfterAll
    void stop() {
        r.close();
    }

    @Test
    void connectingRegistersEachOrderTopicWithItsOwnSecretAndDeliveriesVerify() {
        FakeWooCommerce woo = fake();
        HttpResponse<Buffer> response = connect(woo, null);

        assertEquals(201, response.statusCode(), response.bodyAsString());
        JsonObject webhooks = response.bodyAsJsonObject().getJsonObject("webhooks");
        assertEquals("active", webhooks.getString("status"));
        JsonArray topics = webhooks.getJsonArray("topics");
        assertEquals(Set.copyOf(WooCommerceApi.TOPICS), topicsOf(topics));
        topics.forEach(t -> {
            assertEquals("active", ((JsonObject) t).getString("status"));
            assertEquals(ADDRESS, ((JsonObject) t).getString("address"));
            assertNotNull(((JsonObject) t).getString("id"));
        });

        List<FakeWooCommerce.Hook> hooks = woo.webhooks();
        assertEquals(4, hooks.size());
        Set<String> secrets = new HashSet<>();
        for (FakeWooCommerce.Hook hook : hooks) {
            assertEquals(ADDRESS, hook.deliveryUrl);
            assertEquals("active", hook.status);
            assertEquals(32, Base64.getUrlDecoder().decode(hook.secret).length, "32 random bytes, base64url");
            secrets.add(hook.secret);
        }
        assertEquals(4, secrets.size(), "one secret per webhook");
        assertTrue(woo.requests().stream().allMatch(FakeWooCommerce.Request::authorized), "HTTP Basic consumer key and secret");
        long id = response.bodyAsJsonObject().getLong("id");
        assertEquals(secrets, new HashSet<>(r.signingSecrets(id)), "ingest accepts exactly the registered secrets");
        eventually(() -> woo.pings().size() == 4, "creation pings");
        assertEquals(List.of(200, 200, 200, 200), woo.pings(), "the unsigned creation ping gets 200");

        List<HttpResponse<Buffer>> delivered = await(woo.deliver("order.created", order(727, Instant.now())));
        assertEquals(1, delivered.size());
        assertEquals(200, delivered.get(0).statusCode());
        assertEquals("accepted", delivered.get(0).bodyAsJsonObject().getString("status"));
        assertEquals(1, r.query("SELECT 1 FROM webhook_inbox WHERE store_id = $1 AND topic = 'order.created'", id).size());
    }

    @Test
    void registeringAgainChangesNothingWhenEverythingIsInPlace() {
        FakeWooCommerce woo = fake();
        long id = connect(woo, null).bodyAsJsonObject().getLong("id");
        Map<Integer, String> before = secretsById(woo);
        int requests = woo.requests().size();

        HttpResponse<Buffer> again = r.api(HttpMethod.POST, "/api/stores/" + id + "/webhooks/register", ORG, Role.ADMIN, null);

        assertEquals(200, again.statusCode(), again.bodyAsString());
        assertEquals("active", again.bodyAsJsonObject().getJsonObject("webhooks").getString("status"));
        assertEquals(before, secretsById(woo), "same webhooks, same secrets");
        assertEquals(List.of("GET"), woo.requests().subList(requests, woo.requests().size()).stream()
                .map(FakeWooCommerce.Request::method).distinct().toList(), "only a listing");
    }

    /** WC_Webhook::failed_delivery: the seventh consecutive failure disables; re-enabling through REST keeps the count. */
    @Test
    void theFakeCountsFailuresAsWooCommerceDoes() {
        FakeWooCommerce woo = fake();
        connect(woo, null);
        woo.failDeliveries("order.updated", 6);
        assertEquals("active", woo.webhook("order.updated").status, "six failures: count 6, still active");
        woo.failDeliveries("order.updated", 1);
        FakeWooCommerce.Hook hook = woo.webhook("order.updated");
        assertEquals("disabled", hook.status);
        assertEquals(6, hook.failureCount, "disabling leaves the count");

        HttpResponse<Buffer> put = await(io.vertx.ext.web.client.WebClient.create(vertx).putAbs(woo.url() + "/wp-json/wc/v3/webhooks/" + hook.id)
                .basicAuthentication(woo.consumerKey(), woo.consumerSecret()).sendJsonObject(new JsonObject().put("status", "active")));
        assertEquals(200, put.statusCode());
        woo.failDeliveries("order.updated", 1);
        assertEquals("disabled", woo.webhook("order.updated").status, "re-enabled with its count: one failure disables it again");
    }

    @Test
    void aDisabledWebhookIsReplacedWithAFreshFailureCountRecordedAndTheMissedOrdersReconciledOnce() {
        FakeWooCommerce woo = fake();
        long id = connect(woo, null).bodyAsJsonObject().getLong("id");
        JsonObject delivered = order(900, Instant.now().minusSeconds(60));
        Instant deliveredAt = Instant.now();
        await(woo.deliver("order.updated", delivered));
        woo.addOrder(delivered);
        // Seven failed deliveries: WooCommerce disabled the webhook; two orders changed meanwhile.
        woo.failDeliveries("order.updated", 7);
        int disabledId = woo.webhook("order.updated").id;
        assertEquals("disabled", woo.webhook("order.updated").status);
        JsonObject missedA = order(901, Instant.now().plusSeconds(2)).put("discount_total", new java.math.BigDecimal("12.10"));
        JsonObject missedB = order(9_007_199_254_740_993L, Instant.now().plusSeconds(3));
        woo.addOrder(missedA);
        woo.addOrder(missedB);
        long repairs = r.repairs(Platform.WOOCOMMERCE);

        JsonObject outcome = r.repair(ORG, id);

        assertEquals("active", outcome.getString("status"));
        assertEquals(1, outcome.getInteger("repairs"));
        FakeWooCommerce.Hook fresh = woo.webhook("order.updated");
        assertEquals("active", fresh.status);
        assertTrue(fresh.id != disabledId, "a new webhook, not the disabled one re-enabled");
        assertEquals(0, fresh.failureCount);
        assertTrue(woo.webhooks().stream().noneMatch(h -> h.id == disabledId), "the disabled webhook is deleted");
        woo.failDeliveries("order.updated", 1);
        assertEquals("active", woo.webhook("order.updated").status, "one failure no longer disables it");
        assertEquals(repairs + 1, r.repairs(Platform.WOOCOMMERCE));
        assertEquals(1, r.query("SELECT 1 FROM store_webhook_events WHERE store_id = $1 AND action = 're-created' "
                + "AND topic = 'order.updated'", id).size());

        JsonObject reconciled = outcome.getJsonObject("reconciliation");
        assertEquals(3, reconciled.getInteger("fetched"), "the overlap before the cursor re-finds the delivered order");
        assertEquals(2, reconciled.getInteger("inserted"), "which the dedup key absorbs");
        FakeWooCommerce.Request listed = woo.requests().stream().filter(q -> q.path().endsWith("/orders")).findFirst().orElseThrow();
        Instant asked = java.time.LocalDateTime.parse(java.net.URLDecoder.decode(listed.query().replaceAll(".*modified_after=([^&]*).*", "$1"),
                java.nio.charset.StandardCharsets.UTF_8)).toInstant(java.time.ZoneOffset.UTC);
        assertTrue(!asked.isBefore(deliveredAt.minus(Reconciler.OVERLAP).minusSeconds(1))
                && !asked.isAfter(Instant.now().minus(Reconciler.OVERLAP)), "modified_after is the overlap before the last delivery: " + asked);
        Set<String> keys = new HashSet<>();
        r.query("SELECT dedup_key, topic, status FROM webhook_inbox WHERE store_id = $1 "
                        + "AND headers->>'source' = 'reconciliation'", id)
                .forEach(row -> {
                    keys.add(row.getString("dedup_key"));
                    assertEquals("order.updated", row.getString("topic"));
                    assertEquals("pending", row.getString("status"));
                });
        assertEquals(Set.of(key(missedA), key(missedB)), keys, "keyed exactly as ingest keys the delivery");
        String body = r.query("SELECT body FROM webhook_inbox WHERE dedup_key = $1", key(missedA)).iterator().next()
                .getBuffer("body").toString();
        assertTrue(body.contains("\"discount_total\":12.10"), "numbers kept exactly as the store wrote them");
        assertTrue(key(missedB).contains(":9007199254740993:"), "64-bit ids exact");

        HttpResponse<Buffer> second = r.api(HttpMethod.POST, "/api/stores/" + id + "/reconcile", ORG, Role.ADMIN, null);
        assertEquals(200, second.statusCode(), second.bodyAsString());
        assertEquals(0, second.bodyAsJsonObject().getInteger("inserted"), "a second reconciliation adds nothing");
        HttpResponse<Buffer> late = await(woo.deliver("order.updated", missedA)).get(0);
        assertEquals("duplicate", late.bodyAsJsonObject().getString("status"), "the late real delivery is a duplicate");
    }

    @Test
    void aMissingWebhookIsReCreatedByTheHealthSweepWithAFreshSecret() {
        FakeWooCommerce woo = fake();
        long id = connect(woo, null).bodyAsJsonObject().getLong("id");
        String oldSecret = woo.webhook("order.created").secret;
        woo.remove("order.created");
        long repairs = r.repairs(Platform.WOOCOMMERCE);

        JsonObject swept = r.ask(RegistrationOperation.SWEEP, RegistrationRequest.sweep(0));

        assertTrue(swept.getInteger("checked") >= 1);
        FakeWooCommerce.Hook recreated = woo.webhook("order.created");
        assertNotNull(recreated, "re-created");
        assertNotEquals(oldSecret, recreated.secret);
        assertTrue(r.signingSecrets(id).contains(recreated.secret));
        assertFalse(r.signingSecrets(id).contains(oldSecret), "the gone webhook's secret no longer verifies");
        assertEquals(repairs + 1, r.repairs(Platform.WOOCOMMERCE));
        assertEquals(1, r.query("SELECT 1 FROM store_webhook_events WHERE store_id = $1 AND action = 're-created'", id).size());
        Row store = r.store(id);
        assertEquals("active", store.getString("webhook_status"));
        assertEquals(0, store.getInteger("consecutive_failures"));
        HttpResponse<Buffer> delivered = await(woo.deliver("order.created", order(1, Instant.now()))).get(0);
        assertEquals(200, delivered.statusCode());

        JsonObject again = r.ask(RegistrationOperation.SWEEP, RegistrationRequest.sweep(null));
        assertEquals(0, again.getInteger("checked"), "checked stores are not due again within the interval");
    }

    @Test
    void aViewerCheckReportsProblemsWithoutRepairingThem() {
        FakeWooCommerce woo = fake();
        long id = connect(woo, null).bodyAsJsonObject().getLong("id");
        woo.setStatus("order.deleted", "disabled");
        int requests = woo.requests().size();

        HttpResponse<Buffer> check = r.api(HttpMethod.GET, "/api/stores/" + id + "/webhooks", ORG, Role.VIEWER, null);

        assertEquals(200, check.statusCode(), check.bodyAsString());
        JsonObject webhooks = check.bodyAsJsonObject().getJsonObject("webhooks");
        assertEquals("disabled", webhooks.getString("status"));
        assertTrue(webhooks.getString("message").contains("order.deleted disabled"), webhooks.getString("message"));
        assertEquals(1, webhooks.getInteger("consecutiveFailures"));
        assertEquals("disabled", woo.webhook("order.deleted").status, "a check only looks");
        assertTrue(woo.requests().subList(requests, woo.requests().size()).stream().allMatch(q -> q.method().equals("GET")));
        assertEquals(403, r.api(HttpMethod.POST, "/api/stores/" + id + "/webhooks/register", ORG, Role.VIEWER, null).statusCode());
    }

    @Test
    void removingWebhooksDropsTheirSecretsAndDisconnectingErasesCredentialsButKeepsHistory() {
        FakeWooCommerce woo = fake();
        long id = connect(woo, "merchant-secret").bodyAsJsonObject().getLong("id");
        String webhookSecret = woo.webhook("order.created").secret;
        await(woo.deliver("order.created", order(5, Instant.now())));

        HttpResponse<Buffer> removed = r.api(HttpMethod.DELETE, "/api/stores/" + id + "/webhooks", ORG, Role.ADMIN, null);

        assertEquals(200, removed.statusCode(), removed.bodyAsString());
        assertEquals("missing", removed.bodyAsJsonObject().getJsonObject("webhooks").getString("status"));
        assertTrue(woo.webhooks().isEmpty());
        assertTrue(woo.requests().stream().filter(q -> q.method().equals("DELETE")).allMatch(q -> "force=true".equals(q.query())));
        assertEquals(List.of("merchant-secret"), r.signingSecrets(id));
        byte[] body = order(6, Instant.now()).encode().getBytes();
        eventually(() -> await(r.gateway.deliverWooCommerce(woo.url(), webhookSecret, "order.created", body)).statusCode() == 401,
                "ingest drops the removed secret (stores NOTIFY)");
        assertEquals(200, await(r.gateway.deliverWooCommerce(woo.url(), "merchant-secret", "order.created", body)).statusCode());
        r.repair(ORG, id);
        assertTrue(woo.webhooks().isEmpty(), "removed on purpose: the health check does not re-create them");

        HttpResponse<Buffer> disconnected = r.api(HttpMethod.DELETE, "/api/stores/" + id, ORG, Role.ADMIN, null);

        assertEquals(200, disconnected.statusCode(), disconnected.bodyAsString());
        assertFalse(disconnected.bodyAsJsonObject().getBoolean("connected"));
        Row store = r.store(id);
        assertNull(store.getValue("credentials"));
        assertNull(store.getValue("signing_secret"));
        assertNotNull(store.getValue("disconnected_at"));
        assertEquals(2, r.query("SELECT 1 FROM webhook_inbox WHERE store_id = $1", id).size(), "history kept");
        assertEquals(409, r.api(HttpMethod.POST, "/api/stores/" + id + "/webhooks/register", ORG, Role.ADMIN, null).statusCode());
        eventually(() -> await(r.gateway.deliverWooCommerce(woo.url(), "merchant-secret", "order.created", body)).statusCode() == 401,
                "a disconnected store's deliveries are refused");
    }

    @Test
    void disconnectingRemovesTheRemoteWebhooks() {
        FakeWooCommerce woo = fake();
        long id = connect(woo, null).bodyAsJsonObject().getLong("id");

        HttpResponse<Buffer> disconnected = r.api(HttpMethod.DELETE, "/api/stores/" + id, ORG, Role.ADMIN, null);

        assertEquals(200, disconnected.statusCode(), disconnected.bodyAsString());
        assertTrue(woo.webhooks().isEmpty());
        assertEquals("disconnected", disconnected.bodyAsJsonObject().getJsonObject("webhooks").getString("message"));
        assertEquals(0, r.query("SELECT 1 FROM store_webhooks WHERE store_id = $1", id).size());
        assertEquals(4, r.query("SELECT 1 FROM store_webhook_events WHERE store_id = $1 AND action = 'deleted'", id).size());
    }

    @Test
    void whenACreateTimesOutItsSecretStaysAcceptedUntilTheNextRepairSettlesIt() {
        FakeWooCommerce woo = fake();
        long id = connect(woo, null).bodyAsJsonObject().getLong("id");
        woo.remove("order.restored");
        // The store creates the webhook but the answer never comes; the retries get no answer either.
        woo.fail("POST", FakeWooCommerce.Fault.APPLY_THEN_HANG, FakeWooCommerce.Fault.HANG, FakeWooCommerce.Fault.HANG,
                FakeWooCommerce.Fault.HANG);

        JsonObject first = r.repair(ORG, id);

        assertEquals("error", first.getString("status"));
        assertTrue(first.getString("message").contains("outcome unknown"), first.getString("message"));
        String staged = woo.webhook("order.restored").secret;
        assertTrue(r.signingSecrets(id).contains(staged), "the secret sent is accepted before the store confirms it");
        HttpResponse<Buffer> racing = await(woo.deliver("order.restored", order(77, Instant.now()))).get(0);
        assertEquals(200, racing.statusCode(), "a delivery from the webhook whose creation timed out verifies");

        JsonObject second = r.repair(ORG, id);

        assertEquals("active", second.getString("status"));
        assertEquals(staged, woo.webhook("order.restored").secret, "the same pending secret was re-sent");
        Row row = r.query("SELECT remote_id, pending_secret FROM store_webhooks WHERE store_id = $1 AND topic = 'order.restored'", id)
                .iterator().next();
        assertEquals(Integer.toString(woo.webhook("order.restored").id), row.getString("remote_id"));
        assertNull(row.getValue("pending_secret"));
        assertEquals(4, r.signingSecrets(id).size());
        assertEquals(1, woo.webhooks().stream().filter(h -> h.topic.equals("order.restored")).count());
    }

    @Test
    void aRefusedCreateRollsItsSecretBack() {
        FakeWooCommerce woo = fake();
        long id = connect(woo, null).bodyAsJsonObject().getLong("id");
        woo.remove("order.deleted");
        List<String> before = r.signingSecrets(id);
        woo.fail("POST", FakeWooCommerce.Fault.BAD_REQUEST);

        JsonObject outcome = r.repair(ORG, id);

        assertEquals("error", outcome.getString("status"));
        JsonObject topic = topic(outcome.getJsonArray("topics"), "order.deleted");
        assertTrue(topic.getString("message").contains("400 woocommerce_rest_shop_webhook_invalid_topic"), topic.getString("message"));
        assertEquals(before.size() - 1, r.signingSecrets(id).size(), "the gone webhook's secret went, no new one stayed");
        assertNull(r.query("SELECT pending_secret FROM store_webhooks WHERE store_id = $1 AND topic = 'order.deleted'", id)
                .iterator().next().getValue("pending_secret"));
    }

    @Test
    void anUnreachableStoreOrRefusedKeysAreNotConnectedAndTheRightKeysAre() {
        JsonObject unreachable = new JsonObject().put("platform", "woocommerce").put("url", "http://127.0.0.1:1")
                .put("credentials", new JsonObject().put("consumerKey", "ck_x").put("consumerSecret", "cs_x"));
        HttpResponse<Buffer> down = r.api(HttpMethod.POST, "/api/stores", ORG, Role.ADMIN, unreachable);

        assertEquals(502, down.statusCode(), down.bodyAsString());
        String why = down.bodyAsJsonObject().getJsonObject("error").getString("message");
        assertTrue(why.startsWith("could not prove ownership of 127.0.0.1:1: ") && why.contains("Connection refused"), why);

        FakeWooCommerce woo = fake();
        HttpResponse<Buffer> unknownKey = r.api(HttpMethod.POST, "/api/stores", ORG, Role.ADMIN, body(woo, "ck_wrong", woo.consumerSecret()));

        assertEquals(422, unknownKey.statusCode(), unknownKey.bodyAsString());
        JsonObject error = unknownKey.bodyAsJsonObject().getJsonObject("error");
        assertEquals("ownership_not_proven", error.getString("code"));
        assertTrue(error.getString("message").startsWith("the keys were refused by " + woo.url() + ": WooCommerce refused the API key"),
                error.getString("message"));
        assertTrue(error.getString("message").contains("401 woocommerce_rest_cannot_view: Sorry, you cannot list resources."),
                error.getString("message"));
        assertEquals(1, woo.requests().size(), "a refusal is not retried");

        HttpResponse<Buffer> wrongSecret = r.api(HttpMethod.POST, "/api/stores", ORG, Role.ADMIN, body(woo, woo.consumerKey(), "cs_typo"));

        assertEquals(422, wrongSecret.statusCode(), wrongSecret.bodyAsString());
        assertTrue(wrongSecret.bodyAsString().contains("401 woocommerce_rest_authentication_error: Consumer secret is invalid."),
                wrongSecret.bodyAsString());
        assertEquals(0, r.query("SELECT 1 FROM stores WHERE domain IN ('127.0.0.1:1', $1)", woo.url().substring("http://".length()))
                .size(), "nothing was stored");
        assertTrue(woo.webhooks().isEmpty());

        HttpResponse<Buffer> corrected = connect(woo, null);
        assertEquals(true, corrected.bodyAsJsonObject().getBoolean("proven"));
        assertEquals("active", corrected.bodyAsJsonObject().getJsonObject("webhooks").getString("status"));
        assertEquals(4, woo.webhooks().size());
        JsonObject stored = r.api(HttpMethod.GET, "/api/stores/" + corrected.bodyAsJsonObject().getLong("id"), ORG, Role.VIEWER, null)
                .bodyAsJsonObject().getJsonObject("webhooks");
        assertEquals(Set.copyOf(WooCommerceApi.TOPICS), topicsOf(stored.getJsonArray("topics")), "each topic as last seen, without a platform call");
        stored.getJsonArray("topics").forEach(t -> assertEquals("active", ((JsonObject) t).getString("status")));
    }

    @Test
    void rateLimitsAreHonouredOrWaitedOutWithinTheCap() {
        FakeWooCommerce woo = fake();
        woo.retryAfter("1").fail("GET", FakeWooCommerce.Fault.TOO_MANY_REQUESTS);
        HttpResponse<Buffer> connected = connect(woo, null);

        assertEquals("active", connected.bodyAsJsonObject().getJsonObject("webhooks").getString("status"));
        List<FakeWooCommerce.Request> lists = woo.requests().stream().filter(q -> q.method().equals("GET")).toList();
        assertTrue(lists.get(1).atMillis() - lists.get(0).atMillis() >= 1000, "Retry-After: 1 waited out");

        FakeWooCommerce slow = fake();
        slow.retryAfter("30").fail("GET", FakeWooCommerce.Fault.TOO_MANY_REQUESTS);
        long started = System.currentTimeMillis();
        HttpResponse<Buffer> refused = r.api(HttpMethod.POST, "/api/stores", ORG, Role.ADMIN,
                body(slow, slow.consumerKey(), slow.consumerSecret()));
        assertEquals(502, refused.statusCode(), "ownership could not be proven yet");
        String message = refused.bodyAsJsonObject().getJsonObject("error").getString("message");
        assertTrue(message.contains("answered 429, asked to wait 30000 ms"), message);
        assertTrue(System.currentTimeMillis() - started < 5000, "a pause over the cap is not waited for");
    }

    @Test
    void serverErrorsAndTimeoutsAreRetried() {
        FakeWooCommerce woo = fake();
        woo.fail("GET", FakeWooCommerce.Fault.SERVER_ERROR, FakeWooCommerce.Fault.HANG);

        HttpResponse<Buffer> connected = connect(woo, null);

        assertEquals("active", connected.bodyAsJsonObject().getJsonObject("webhooks").getString("status"));
        assertEquals(4, woo.requests().stream().filter(q -> q.method().equals("GET")).count(),
                "the proof of ownership: 503, no answer, then success; then the listing");
    }

    @Test
    void everyPageOfWebhooksIsReadAndOtherAddressesAreLeftAlone() {
        FakeWooCommerce woo = fake();
        for (int i = 0; i < 105; i++) {
            woo.add("order.created", "https://elsewhere.example/hook/" + i, "other");
        }
        FakeWooCommerce.Hook ours = woo.add("order.created", ADDRESS, "secret-lost-with-an-old-install");

        connect(woo, null);

        assertEquals(Set.of("per_page=1", "per_page=100&page=1", "per_page=100&page=2"), woo.requests().stream()
                .filter(q -> q.method().equals("GET")).map(FakeWooCommerce.Request::query).collect(Collectors.toSet()));
        assertEquals(105 + 4, woo.webhooks().size(), "ours adopted (not duplicated), others untouched");
        assertTrue(woo.webhooks().stream().filter(h -> !h.deliveryUrl.equals(ADDRESS)).allMatch(h -> "other".equals(h.secret)));
        FakeWooCommerce.Hook adopted = woo.webhooks().stream().filter(h -> h.id == ours.id).findFirst().orElseThrow();
        assertNotEquals("secret-lost-with-an-old-install", adopted.secret, "an unknown secret is replaced on the store");
    }

    @Test
    void anotherOrganizationsStoreIsNotFound() {
        FakeWooCommerce woo = fake();
        long id = connect(woo, null).bodyAsJsonObject().getLong("id");
        String other = "org-someone-else";

        assertEquals(404, r.api(HttpMethod.GET, "/api/stores/" + id + "/webhooks", other, Role.ADMIN, null).statusCode());
        assertEquals(404, r.api(HttpMethod.POST, "/api/stores/" + id + "/webhooks/register", other, Role.ADMIN, null).statusCode());
        assertEquals(404, r.api(HttpMethod.DELETE, "/api/stores/" + id + "/webhooks", other, Role.ADMIN, null).statusCode());
        assertEquals(404, r.api(HttpMethod.DELETE, "/api/stores/" + id, other, Role.ADMIN, null).statusCode());
        assertEquals(404, r.api(HttpMethod.POST, "/api/stores/" + id + "/reconcile", other, Role.ADMIN, null).statusCode());
        assertEquals(404, r.api(HttpMethod.GET, "/api/webhooks/setup?platform=woocommerce&domain=" + woo.url(), other,
                Role.VIEWER, null).statusCode());
        assertEquals(4, woo.webhooks().size(), "nothing was touched");
        assertNull(r.store(id).getValue("disconnected_at"));
    }

    @Test
    void theOriginalSetupApiRegistersChecksAndDeletes() {
        FakeWooCommerce woo = fake();
        connect(woo, null);
        String domain = woo.url().substring("http://".length());

        HttpResponse<Buffer> check = r.api(HttpMethod.GET, "/api/webhooks/setup?platform=woocommerce&domain=" + domain, ORG,
                Role.VIEWER, null);
        assertEquals(200, check.statusCode(), check.bodyAsString());
        JsonObject checked = check.bodyAsJsonObject();
        assertEquals(true, checked.getBoolean("success"));
        assertEquals("check", checked.getString("action"));
        assertEquals("active", checked.getString("status"));
        assertEquals(4, checked.getJsonArray("webhooks").size());

        JsonObject deleted = r.api(HttpMethod.POST, "/api/webhooks/setup", ORG, Role.ADMIN,
                new JsonObject().put("domain", woo.url()).put("platform", "woocommerce").put("action", "delete")).bodyAsJsonObject();
        assertEquals(true, deleted.getBoolean("success"));
        assertTrue(woo.webhooks().isEmpty());

        JsonObject registered = r.api(HttpMethod.POST, "/api/webhooks/setup", ORG, Role.ADMIN,
                new JsonObject().put("domain", domain).put("platform", "woocommerce").put("action", "register")).bodyAsJsonObject();
        assertEquals(true, registered.getBoolean("success"));
        assertEquals("register", registered.getString("action"));
        assertEquals(4, woo.webhooks().size());

        HttpResponse<Buffer> bad = r.api(HttpMethod.POST, "/api/webhooks/setup", ORG, Role.ADMIN,
                new JsonObject().put("domain", domain).put("platform", "woocommerce").put("action", "rotate"));
        assertEquals(400, bad.statusCode());
        assertEquals("invalid_action", bad.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertEquals(403, r.api(HttpMethod.POST, "/api/webhooks/setup", ORG, Role.VIEWER,
                new JsonObject().put("domain", domain).put("platform", "woocommerce").put("action", "check")).statusCode());
    }

    private FakeWooCommerce fake() {
        FakeWooCommerce woo = await(new FakeWooCommerce(r.vertx, "ck_" + UUID.randomUUID(), "cs_" + UUID.randomUUID()).start())
                .deliverTo(r.ingestBase());
        stores.add(woo);
        return woo;
    }

    private HttpResponse<Buffer> connect(FakeWooCommerce woo, String merchantSecret) {
        JsonObject body = body(woo, woo.consumerKey(), woo.consumerSecret());
        if (merchantSecret != null) {
            body.getJsonObject("credentials").put("webhookSecret", merchantSecret);
        }
        HttpResponse<Buffer> response = r.api(HttpMethod.POST, "/api/stores", ORG, Role.ADMIN, body);
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response;
    }

    private static JsonObject body(FakeWooCommerce woo, String consumerKey, String consumerSecret) {
        return new JsonObject().put("platform", "woocommerce").put("url", woo.url())
                .put("credentials", new JsonObject().put("consumerKey", consumerKey).put("consumerSecret", consumerSecret));
    }

    /** The order fixture (WooCommerce's documented order), as order {@code id} last modified at {@code modified}. */
    static JsonObject order(long id, Instant modified) {
        return new JsonObject(Buffer.buffer(Fixtures.bytes("woocommerce-order.json")))
                .put("id", id).put("number", Long.toString(id)).put("date_modified_gmt", GMT.format(modified));
    }

    private static String key(JsonObject order) {
        return "order.updated:" + order.getLong("id") + ":" + order.getString("date_modified_gmt");
    }

    private static Map<Integer, String> secretsById(FakeWooCommerce woo) {
        return woo.webhooks().stream().collect(Collectors.toMap(h -> h.id, h -> h.secret));
    }

    private static Set<String> topicsOf(JsonArray topics) {
        return topics.stream().map(t -> ((JsonObject) t).getString("topic")).collect(Collectors.toSet());
    }

    private static JsonObject topic(JsonArray topics, String name) {
        return topics.stream().map(t -> (JsonObject) t).filter(t -> name.equals(t.getString("topic"))).findFirst().orElseThrow();
    }
}
