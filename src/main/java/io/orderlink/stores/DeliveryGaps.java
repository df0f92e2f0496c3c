package io.orderlink.stores;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * WooCommerce deliveries this process refused (any 503), by store domain and earliest time, kept in memory until
 * they can be stored (the database may be what is down). WooCommerce sends a delivery once and never again
 * ({@code WC_Webhook::deliver}): each refusal is an order lost unless reconciliation fetches it back, from that
 * time (docs/architecture.md, "Data flow"). Shared by every ingest instance; bounded, since the source header
 * that names the store is not signed.
 */
public final class DeliveryGaps {

    private static final int MAX_STORES = 10_000;

    private final Map<String, Instant> earliest = new HashMap<>();

    /** A WooCommerce delivery from {@code domain} was refused at {@code at}. */
    public synchronized void record(String domain, Instant at) {
        if (domain != null && (earliest.containsKey(domain) || earliest.size() < MAX_STORES)) {
            earliest.merge(domain, at, (a, b) -> a.isBefore(b) ? a : b);
        }
    }

    /** Everything recorded so far, forgotten here: the caller stores it or gives it back. */
    public synchronized Map<String, Instant> drain() {
        Map<String, Instant> drained = new HashMap<>(earliest);
        earliest.clear();
        return drained;
    }

    /** Gives back what could not be stored. */
    public synchronized void restore(Map<String, Instant> gaps) {
        gaps.forEach(this::record);
    }
}
