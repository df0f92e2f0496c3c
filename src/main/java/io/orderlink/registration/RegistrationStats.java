package io.orderlink.registration;

import io.orderlink.orders.Platform;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * In-process counters of the registration worker, for the metrics registry to read (for example as
 * {@code orderlink_webhook_repairs_total{platform}} and {@code orderlink_reconciled_orders_total{platform}}).
 * Written on the worker's event loop, read from any thread.
 */
public final class RegistrationStats {

    private final Map<Platform, LongAdder> repairs = new EnumMap<>(Platform.class);
    private final Map<Platform, LongAdder> reconciled = new EnumMap<>(Platform.class);

    public RegistrationStats() {
        for (Platform platform : Platform.values()) {
            repairs.put(platform, new LongAdder());
            reconciled.put(platform, new LongAdder());
        }
    }

    /** Webhooks re-created or re-enabled so far. */
    public long repairs(Platform platform) {
        return repairs.get(platform).sum();
    }

    /** Orders reconciliation put into the inbox that no delivery had brought. */
    public long reconciledOrders(Platform platform) {
        return reconciled.get(platform).sum();
    }

    void repaired(Platform platform) {
        repairs.get(platform).increment();
    }

    void reconciled(Platform platform, int orders) {
        reconciled.get(platform).add(orders);
    }
}
