package io.orderlink.attribution;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each organization's attribution policy, from its settings (defaults where it has none). Cached briefly:
 * a settings change reaches the worker within {@code ttlMillis}.
 */
public final class PolicyCatalog {

    private record Cached(AttributionPolicy policy, long loadedAt) {
    }

    private static final AttributionPolicy DEFAULT = new AttributionPolicy(AttributionSettings.DEFAULTS);

    private final long ttlMillis;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public PolicyCatalog(long ttlMillis) {
        this.ttlMillis = ttlMillis;
    }

    public Future<Map<String, AttributionPolicy>> policies(SqlConnection sql, Set<String> orgIds) {
        long now = System.currentTimeMillis();
        Map<String, AttributionPolicy> found = new HashMap<>();
        for (String org : orgIds) {
            Cached cached = cache.get(org);
            if (cached != null && now - cached.loadedAt < ttlMillis) {
                found.put(org, cached.policy);
            }
        }
        if (found.size() == orgIds.size()) {
            return Future.succeededFuture(found);
        }
        String[] missing = orgIds.stream().filter(org -> !found.containsKey(org)).toArray(String[]::new);
        return sql.preparedQuery("SELECT id, attribution_settings::text AS settings FROM organizations WHERE id = ANY($1)")
                .execute(Tuple.of(missing))
                .map(rows -> {
                    for (String org : missing) {
                        found.put(org, DEFAULT);
                    }
                    for (Row row : rows) {
                        AttributionPolicy policy = new AttributionPolicy(AttributionSettings.fromJson(row.getString("settings")));
                        found.put(row.getString("id"), policy);
                        cache.put(row.getString("id"), new Cached(policy, now));
                    }
                    return found;
                });
    }
}
