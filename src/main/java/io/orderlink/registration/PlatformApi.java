package io.orderlink.registration;

import io.orderlink.stores.Platform;
import io.vertx.core.Future;
import io.orderlink.inbox.Inbox;

import java.time.Instant;
import java.util.List;

/** What registration needs from a store platform; each implementation calls it through {@link PlatformHttp}. */
interface PlatformApi {

    /** One page of orders modified since a time; {@code next} is null on the last page. */
    record OrderPage(List<Inbox.Reconciled> orders, String next) {
    }

    Platform platform();

    /** The delivery topics Orderlink registers. */
    List<String> topics();

    /** The delivery URL registered for every topic. */
    String address();

    /** WooCommerce: each webhook signs with a secret of its own, which Orderlink chooses. */
    boolean secretPerWebhook();

    /**
     * Whose store the credentials open, as the platform answers it: the shop's own domain. Fails with a
     * {@link PlatformException}, {@link PlatformException#credentialsRefused() credentialsRefused} when the platform
     * refuses the credentials.
     */
    Future<String> owner(StoreAccess store);

    Future<List<RemoteWebhook>> list(StoreAccess store);

    /** {@code secret} is null where the platform signs with the app's secret (Shopify). */
    Future<RemoteWebhook> create(StoreAccess store, String topic, String secret);

    /** Points the webhook at {@link #address()}, makes it active and, when {@code secret} is not null, sets it. */
    Future<RemoteWebhook> update(StoreAccess store, RemoteWebhook webhook, String secret);

    Future<Void> delete(StoreAccess store, RemoteWebhook webhook);

    /** {@code cursor} is null for the first page, then the previous page's {@code next}. */
    Future<OrderPage> ordersModifiedSince(StoreAccess store, Instant since, String cursor);
}
