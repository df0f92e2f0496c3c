package io.orderlink.registration;

import io.orderlink.stores.Platform;
import io.orderlink.stores.StoreSecrets;

import io.orderlink.config.Keys;
import io.orderlink.crypto.SecretBox;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.orderlink.tenancy.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A real gateway whose public URL is an https address (as in production) and whose registration calls
 * time out and retry quickly, with helpers the registration tests share. Test-thread code: it blocks on
 * futures, never on an event loop.
 */
final class Registrations {

    static final String PUBLIC_URL = "https://hooks.orderlink.test";

    final Vertx vertx;
    final TestGateway gateway;
    final Pool sql;
    final StoreSecrets secrets;

    private Registrations(Vertx vertx, TestGateway gateway, Pool sql) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.sql = sql;
        this.secrets = new StoreSecrets(new SecretBox(Keys.resolve(gateway.config()).masterKey()));
    }

    static Registrations start(Vertx vertx, TestDatabase database, Map<String, String> overrides) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "ORDERLINK_PUBLIC_URL", PUBLIC_URL,
                "ORDERLINK_REGISTRATION_CONNECT_TIMEOUT_MS", "400",
                "ORDERLINK_REGISTRATION_REQUEST_TIMEOUT_MS", "400",
                "ORDERLINK_REGISTRATION_MAX_RETRIES", "3",
                "ORDERLINK_REGISTRATION_BACKOFF_BASE_MS", "10",
                "ORDERLINK_REGISTRATION_BACKOFF_MAX_MS", "1500"));
        env.putAll(overrides);
        TestGateway gateway = await(TestGateway.start(vertx, database.database(), env));
        return new Registrations(vertx, gateway, database.pool(vertx));
    }

    /** With {@code shopify} as the Shopify Admin API, delivering to this gateway's ingest port. */
    static Registrations start(Vertx vertx, TestDatabase database, FakeShopify shopify) {
        Registrations r = start(vertx, database, Map.of("ORDERLINK_SHOPIFY_ADMIN_BASE_URL", shopify.adminBaseUrl()));
        shopify.deliverTo(r.ingestBase());
        return r;
    }

    void close() {
        await(gateway.close().eventually(sql::close));
    }

    String ingestBase() {
        return "http://127.0.0.1:" + gateway.gateway().ingestPort();
    }

    /** Webhooks re-created or re-enabled so far ({@code orderlink_webhook_repairs}). */
    long repairs(Platform platform) {
        return counter("orderlink_webhook_repairs", platform);
    }

    /** Orders reconciliation recovered so far ({@code orderlink_reconciled_orders}). */
    long reconciledOrders(Platform platform) {
        return counter("orderlink_reconciled_orders", platform);
    }

    private long counter(String name, Platform platform) {
        return (long) gateway.metrics().registry().get(name).tag("platform", platform.id()).counter().count();
    }

    HttpResponse<Buffer> api(HttpMethod method, String path, String org, Role role, JsonObject body) {
        var request = gateway.api(method, path, gateway.token(org, role));
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    /** A registration worker request straight to the worker, as the periodic check makes it. */
    JsonObject ask(RegistrationOperation operation, RegistrationRequest request) {
        return await(RegistrationClient.eventBus(vertx, 30_000).send(operation, request));
    }

    /** The periodic check of one store: check, repair, reconcile if needed. */
    JsonObject repair(String orgId, long storeId) {
        return ask(RegistrationOperation.CHECK, RegistrationRequest.store(orgId, storeId).withRepair());
    }

    RowSet<Row> query(String sqlText, Object... params) {
        return await(sql.preparedQuery(sqlText).execute(Tuple.wrap(params)));
    }

    Row store(long id) {
        return query("SELECT * FROM stores WHERE id = $1", id).iterator().next();
    }

    /** The secrets ingest would accept for the store right now. */
    List<String> signingSecrets(long id) {
        return secrets.openSigningSecrets(store(id).getBuffer("signing_secret"));
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Polls (for what arrives asynchronously, such as a cache invalidation) for up to five seconds. */
    static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.currentTimeMillis() + 5000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static <T> T eventually(Supplier<T> value, java.util.function.Predicate<T> done, String what) {
        java.util.concurrent.atomic.AtomicReference<T> last = new java.util.concurrent.atomic.AtomicReference<>();
        eventually(() -> {
            last.set(value.get());
            return done.test(last.get());
        }, what);
        return last.get();
    }
}
