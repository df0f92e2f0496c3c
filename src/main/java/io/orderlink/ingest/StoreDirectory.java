package io.orderlink.ingest;

import io.orderlink.crypto.HmacVerifier;
import io.orderlink.stores.Platform;
import io.orderlink.stores.StoreSecrets;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.Map;

/**
 * Which store a delivery claims to come from, with a verifier for its secrets. One per ingest verticle
 * instance, so it is confined to one event loop: plain maps, no locks. Concurrent misses for one domain
 * share a single lookup; unknown stores are cached too (briefly) so forgeries cannot flood the database.
 */
final class StoreDirectory {

    /** A known store; {@code verifier} accepts nothing when the store has no secret. */
    record Store(long id, String orgId, HmacVerifier verifier) {
    }

    private record Entry(Future<Store> store, long expiresAt) {
    }

    private static final int MAX_ENTRIES = 100_000;
    private static final long UNKNOWN_TTL_NANOS = 5_000_000_000L;

    private final PreparedQuery<RowSet<Row>> lookup;
    private final StoreSecrets secrets;
    private final long ttlNanos;
    private final Map<String, Entry> shopify = new HashMap<>();
    private final Map<String, Entry> wooCommerce = new HashMap<>();

    StoreDirectory(Pool pool, StoreSecrets secrets, int ttlSeconds) {
        this.lookup = pool.preparedQuery("SELECT store_id, org_id, signing_secret FROM webhook_store_lookup($1, $2)");
        this.secrets = secrets;
        this.ttlNanos = ttlSeconds * 1_000_000_000L;
    }

    /** The store, or a future of null when no such store is connected. */
    Future<Store> find(Platform platform, String domain) {
        Map<String, Entry> entries = entries(platform);
        Entry entry = entries.get(domain);
        long now = System.nanoTime();
        if (entry != null && now - entry.expiresAt < 0) {
            return entry.store;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        Future<Store> loading = load(platform, domain);
        entries.put(domain, new Entry(loading, now + ttlNanos));
        loading.onComplete(result -> {
            Entry current = entries.get(domain);
            if (current == null || current.store != loading) {
                return;
            }
            if (result.failed()) {
                entries.remove(domain);
            } else if (result.result() == null) {
                entries.put(domain, new Entry(loading, System.nanoTime() + Math.min(ttlNanos, UNKNOWN_TTL_NANOS)));
            }
        });
        return loading;
    }

    /** {@code platform:domain} as sent by the stores trigger, or {@code *} to forget everything. */
    void invalidate(String key) {
        int colon = key.indexOf(':');
        if (colon < 0) {
            shopify.clear();
            wooCommerce.clear();
            return;
        }
        Platform platform = Platform.fromId(key.substring(0, colon));
        entries(platform).remove(key.substring(colon + 1));
    }

    private Future<Store> load(Platform platform, String domain) {
        return lookup.execute(Tuple.of(platform.id(), domain)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            HmacVerifier verifier = new HmacVerifier(secrets.signingKeys(platform, row.getBuffer("signing_secret")));
            return new Store(row.getLong("store_id"), row.getString("org_id"), verifier);
        });
    }

    private Map<String, Entry> entries(Platform platform) {
        return platform == Platform.SHOPIFY ? shopify : wooCommerce;
    }
}
