package io.orderlink.registration;

import io.orderlink.config.Config;
import io.orderlink.config.Keys;
import io.orderlink.crypto.SecretBox;
import io.orderlink.metrics.Metrics;
import io.orderlink.registration.RegistrationFailure.Reason;
import io.orderlink.stores.StoreSecrets;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.orderlink.tenancy.TenantScope;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.orderlink.registration.Registrations.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registration worker's operations called directly, without a verticle or the event bus: a real database and
 * a fake Shopify on loopback. Tenancy, refusals and the sweep's claim are decided here, not by the transport.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrationServiceTest {

    private static final String ORG = "org-service";

    private FakeShopify shopify;
    private Pool pool;
    private StoreSecrets secrets;
    private RegistrationService service;

    @BeforeAll
    void start(Vertx vertx, TestDatabase database) {
        shopify = await(new FakeShopify(vertx).start());
        Config config = Config.load(TestGateway.environment(Map.of(
                "ORDERLINK_PUBLIC_URL", Registrations.PUBLIC_URL,
                "ORDERLINK_SHOPIFY_ADMIN_BASE_URL", shopify.adminBaseUrl())));
        secrets = new StoreSecrets(new SecretBox(Keys.resolve(config).masterKey()));
        pool = database.database().pool(vertx, "registration", 2, 256);
        service = new RegistrationService(vertx, config, pool, secrets, new Metrics());
    }

    @AfterAll
    void stop() {
        service.close();
        await(pool.close().eventually(shopify::close));
    }

    @Test
    void aStoreIsFoundOnlyForItsTenant() {
        FakeShopify.Shop shop = shop();
        long id = connect(shop);

        assertEquals(Reason.NOT_FOUND, refusal(RegistrationOperation.CHECK, RegistrationRequest.store("org-other", id)));
        assertEquals(Reason.NOT_FOUND, refusal(RegistrationOperation.CHECK,
                RegistrationRequest.store("org-other", "shopify", shop.domain)));
        assertEquals(Reason.INVALID, refusal(RegistrationOperation.CHECK, new RegistrationRequest(null, id, null, null,
                false, null, null, null, null)));
        assertEquals(Reason.INVALID, refusal(RegistrationOperation.CHECK, RegistrationRequest.store(ORG, "magento", shop.domain)));
        assertEquals(List.of(), shop.subscriptions(), "nothing was asked of the platform");
    }

    @Test
    void registeringByDomainSubscribesTheOrderTopics() {
        FakeShopify.Shop shop = shop();
        connect(shop);

        JsonObject outcome = await(service.handle(RegistrationOperation.REGISTER,
                RegistrationRequest.store(ORG, "shopify", shop.domain.toUpperCase())));

        assertEquals("active", outcome.getString("status"), outcome.encode());
        assertEquals(5, outcome.getJsonArray("topics").size());
        assertEquals(5, shop.subscriptions().size());
    }

    @Test
    void aDisconnectedStoreIsRefusedExceptByDisconnect() {
        FakeShopify.Shop shop = shop();
        long id = connect(shop);
        await(service.handle(RegistrationOperation.REGISTER, RegistrationRequest.store(ORG, id)));

        JsonObject disconnected = await(service.handle(RegistrationOperation.DISCONNECT, RegistrationRequest.store(ORG, id)));

        assertEquals("missing", disconnected.getString("status"));
        assertEquals(List.of(), shop.subscriptions(), "its webhooks were removed");
        assertEquals(Reason.STORE_UNAVAILABLE, refusal(RegistrationOperation.REGISTER, RegistrationRequest.store(ORG, id)));
        assertEquals("disconnected", await(service.handle(RegistrationOperation.DISCONNECT,
                RegistrationRequest.store(ORG, id))).getString("message"));
    }

    @Test
    void aReconciliationSinceSomethingNotAnInstantIsRefused() {
        long id = connect(shop());

        RegistrationFailure failure = failure(RegistrationOperation.RECONCILE, RegistrationRequest.store(ORG, id).since("yesterday"));

        assertEquals(Reason.INVALID, failure.reason());
        assertEquals("since must be an ISO-8601 instant such as 2026-01-31T12:00:00Z", failure.getMessage());
    }

    @Test
    void aSweepChecksEachDueStoreOnceAndThenItIsNotDue() {
        FakeShopify.Shop shop = shop();
        long id = connect(shop);
        await(service.handle(RegistrationOperation.REGISTER, RegistrationRequest.store(ORG, id)));
        shop.drop("ORDERS_PAID");

        long checked = await(service.handle(RegistrationOperation.SWEEP, RegistrationRequest.sweep(0))).getLong("checked");

        assertTrue(checked >= 1, "checked " + checked);
        assertEquals(5, shop.subscriptions().size(), "the sweep repaired the store");
        assertEquals(0L, await(service.handle(RegistrationOperation.SWEEP, RegistrationRequest.sweep(null))).getLong("checked"),
                "checked stores are not due again within the interval");
    }

    @Test
    void aClaimIsProvenOnlyByTheShopsOwnTokenAndNothingIsStored() {
        FakeShopify.Shop shop = shop();
        String alias = "alias-" + shop.domain;
        shopify.alias(alias, shop);

        assertEquals(true, await(service.handle(RegistrationOperation.PROVE, claim(shop.domain, shop.accessToken))).getBoolean("proven"));
        RegistrationFailure wrongToken = failure(RegistrationOperation.PROVE, claim(shop.domain, "shpat_wrong"));
        RegistrationFailure otherShop = failure(RegistrationOperation.PROVE, claim(alias, shop.accessToken));
        RegistrationFailure noShop = failure(RegistrationOperation.PROVE, claim("nobody-" + shop.domain, shop.accessToken));

        assertEquals(Reason.NOT_PROVEN, wrongToken.reason());
        assertTrue(wrongToken.getMessage().startsWith("the access token does not belong to shop " + shop.domain
                + ": Shopify refused the access token (401: [API] Invalid API key or access token"), wrongToken.getMessage());
        assertEquals(Reason.NOT_PROVEN, otherShop.reason());
        assertEquals("the access token does not belong to shop " + alias + ": the platform answered for " + shop.domain,
                otherShop.getMessage());
        assertEquals(Reason.PLATFORM, noShop.reason(), "no shop answered: nothing is proven either way");
        assertTrue(noShop.getMessage().startsWith("could not prove ownership of nobody-" + shop.domain + ": Shopify answered 404"),
                noShop.getMessage());
        assertEquals(Reason.INVALID, refusal(RegistrationOperation.PROVE, RegistrationRequest.store(ORG, "shopify", shop.domain)),
                "a claim without credentials");
        assertEquals(3, shop.requests("shop").size() + shop.requests("unauthorized").size(), "one question per claim, none retried");
        assertEquals(0L, await(pool.preparedQuery("SELECT count(*) FROM stores WHERE domain LIKE $1")
                .execute(io.vertx.sqlclient.Tuple.of("%" + shop.domain))).iterator().next().getLong(0), "a claim stores nothing");
    }

    @Test
    void registeringAStoreConnectedUnprovenProvesItFirst() {
        FakeShopify.Shop shop = shop();
        long id = connect(shop);
        FakeShopify.Shop other = shop();
        long wrong = connect(other, "shpat_not_" + other.domain);

        JsonObject registered = await(service.handle(RegistrationOperation.REGISTER, RegistrationRequest.store(ORG, id)));
        RegistrationFailure refused = failure(RegistrationOperation.REGISTER, RegistrationRequest.store(ORG, wrong));

        assertEquals("active", registered.getString("status"));
        assertTrue(proven(id));
        assertEquals(Reason.NOT_PROVEN, refused.reason());
        assertFalse(proven(wrong));
        assertEquals(List.of(), other.subscriptions(), "no webhook is registered with unproven credentials");
        JsonObject status = await(TenantScope.run(pool, new Tenant(ORG, Role.VIEWER, "test"), sql -> StoreRepository.find(sql, ORG, wrong)))
                .getJsonObject("webhooks");
        assertEquals("error", status.getString("status"));
        assertEquals(refused.getMessage(), status.getString("message"), "the store says why");
    }

    private boolean proven(long id) {
        return await(pool.preparedQuery("SELECT proven_at IS NOT NULL FROM stores WHERE id = $1").execute(io.vertx.sqlclient.Tuple.of(id)))
                .iterator().next().getBoolean(0);
    }

    private RegistrationRequest claim(String domain, String accessToken) {
        JsonObject credentials = new JsonObject().put("accessToken", accessToken).put("clientSecret", "shpss_claim");
        return RegistrationRequest.claim(ORG, "shopify", domain, "https://" + domain, secrets.sealCredentials(credentials));
    }

    private FakeShopify.Shop shop() {
        String domain = "service-" + UUID.randomUUID().toString().substring(0, 8) + ".myshopify.com";
        return shopify.shop(domain, "2026-01", "shpat_" + UUID.randomUUID(), "shpss_" + UUID.randomUUID());
    }

    /** Connected as with {@code "register": false}: stored, not proven. */
    private long connect(FakeShopify.Shop shop) {
        return connect(shop, shop.accessToken);
    }

    private long connect(FakeShopify.Shop shop, String accessToken) {
        JsonObject credentials = new JsonObject().put("accessToken", accessToken).put("clientSecret", shop.clientSecret);
        return await(TenantScope.run(pool, new Tenant(ORG, Role.ADMIN, "test"), sql -> StoreRepository.connect(sql, ORG,
                "shopify", shop.domain, null, secrets.sealCredentials(credentials),
                secrets.sealSigningSecrets(List.of(shop.clientSecret)), true, false)));
    }

    private Reason refusal(RegistrationOperation operation, RegistrationRequest request) {
        return failure(operation, request).reason();
    }

    private RegistrationFailure failure(RegistrationOperation operation, RegistrationRequest request) {
        Throwable cause = await(service.handle(operation, request).transform(done -> Future.succeededFuture(done.cause())));
        return assertInstanceOf(RegistrationFailure.class, cause);
    }
}
