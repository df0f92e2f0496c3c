package io.orderlink.ingest;

import io.orderlink.crypto.HmacVerifier;
import io.orderlink.stores.Platform;
import io.orderlink.stores.StoreDomain;
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
    /** Memo bounds: header values repeat (one per store), and only short ones are kept, so at most a few MB. */
    private static final int MAX_DOMAINS = 10_000;
    private static final int MAX_MEMO_HEADER = 256;
    /** A header that names no domain; {@link StoreDomain#normalize} never returns an empty string. */
    private static final String NO_DOMAIN = "";

    private final PreparedQuery<RowSet<Row>> lookup;
    private final StoreSecrets secrets;
    private final long ttlNanos;
    private final Map<String, Entry> shopify = new HashMap<>();
    private final Map<String, Entry> wooCommerce = new HashMap<>();
    private final Map<String, String> domains = new HashMap<>();

    StoreDirectory(Pool pool, StoreSecrets secrets, int ttlSeconds) {
        this.lookup = pool.preparedQuery("SELECT store_id, org_id, signing_secret FROM webhook_store_lookup($1, $2)");
        this.secrets = secrets;
        this.ttlNanos = ttlSeconds * 1_000_000_000L;
    }

    /**
     * The normalized domain a store header names, or null: a memo of {@link StoreDomain#normalize}, which
     * (IDN conversion, label checks) was about 7 % of the ingest event loop in the burst profile.
     */
    String domainOf(String header) {
        if (header == null || header.length() > MAX_MEMO_HEADER) {
            return StoreDomain.normalize(header);
        }
        String domain = domains.get(header);
        if (domain == null) {
            if (domains.size() >= MAX_DOMAINS) {
                domains.clear();
            }
            String normalized = StoreDomain.normalize(header);
            domain = normalized == null ? NO_DOMAIN : normalized;
            domains.put(header, domain);
        }
        return domain.isEmpty() ? null : domain;
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
