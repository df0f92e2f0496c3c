package io.orderlink.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orderlink.attribution.AttributionMethod;
import io.orderlink.inbox.WebhookTopics;
import io.orderlink.stores.Platform;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Orderlink's own meters, in the one Prometheus registry that also holds Vert.x's (HTTP server, pools,
 * event bus) and the JVM's. Meters on the ingest hot path are created up front: recording is a lookup in a
 * small map and an increment, never a registration. Thread-safe.
 */
public final class Metrics {

    /** How a delivery ended, as the {@code outcome} label of {@code orderlink_webhooks_received_total}. */
    public enum Outcome {
        ACCEPTED, DUPLICATE, REJECTED_SIGNATURE, UNKNOWN_STORE, TOO_LARGE, OVERLOADED, UNAVAILABLE, BAD_REQUEST, PING;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Topic label for deliveries whose headers could not be trusted (forgeries must not create label values). */
    public static final String UNVERIFIED = "unverified";
    private static final String OTHER = "other";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Platform, Map<String, Counter[]>> received = new EnumMap<>(Platform.class);
    private final Timer ack;
    private final Map<AttributionMethod, Counter> attributions = new EnumMap<>(AttributionMethod.class);
    private final Timer attributionLag;
    private final AtomicLong inboxPending = new AtomicLong();
    private final AtomicLong inboxOldestPendingSeconds = new AtomicLong();
    private final Map<String, Counter> registrationCalls = new ConcurrentHashMap<>();
    private final Map<Platform, Counter> repairs = new EnumMap<>(Platform.class);
    private final Map<Platform, Counter> reconciled = new EnumMap<>(Platform.class);
    private final Counter bodiesExpired;
    private final Counter replicaFallbacks;

    public Metrics() {
        for (Platform platform : Platform.values()) {
            Map<String, Counter[]> byTopic = new HashMap<>();
            for (String topic : WebhookTopics.all(platform)) {
                byTopic.put(topic, outcomes(platform, topic));
            }
            byTopic.put(OTHER, outcomes(platform, OTHER));
            byTopic.put(UNVERIFIED, outcomes(platform, UNVERIFIED));
            received.put(platform, byTopic);
            repairs.put(platform, Counter.builder("orderlink_webhook_repairs").description("Webhook registrations repaired")
                    .tag("platform", platform.id()).register(registry));
            reconciled.put(platform, Counter.builder("orderlink_reconciled_orders")
                    .description("Orders recovered by reconciliation that no delivery had brought")
                    .tag("platform", platform.id()).register(registry));
        }
        ack = Timer.builder("orderlink_ingest_ack").description("From request to acknowledgement of a stored delivery")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        for (AttributionMethod method : AttributionMethod.values()) {
            attributions.put(method, Counter.builder("orderlink_attributions").description("Attributions stored")
                    .tag("method", method.id()).register(registry));
        }
        // A timer, not a summary: its buckets resolve milliseconds, where the lag target (1 s at p99) lives.
        attributionLag = Timer.builder("orderlink_attribution_lag").description("From acknowledgement to attribution")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(10)).register(registry);
        Gauge.builder("orderlink_inbox_pending", inboxPending, AtomicLong::get)
                .description("Inbox rows waiting for the attribution worker").register(registry);
        Gauge.builder("orderlink_inbox_oldest_pending_seconds", inboxOldestPendingSeconds, AtomicLong::get)
                .description("Age of the oldest pending inbox row").register(registry);
        bodiesExpired = Counter.builder("orderlink_inbox_bodies_expired")
                .description("Raw bodies of processed or ignored deliveries dropped by the retention sweep").register(registry);
        replicaFallbacks = Counter.builder("orderlink_read_replica_fallbacks")
                .description("Reads meant for the read replica that went to the primary because the replica was unreachable")
                .register(registry);
    }

    private Counter[] outcomes(Platform platform, String topic) {
        Outcome[] all = Outcome.values();
        Counter[] counters = new Counter[all.length];
        for (Outcome outcome : all) {
            counters[outcome.ordinal()] = Counter.builder("orderlink_webhooks_received").description("Webhook deliveries by outcome")
                    .tag("platform", platform.id()).tag("topic", topic).tag("outcome", outcome.label()).register(registry);
        }
        return counters;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** {@code topic} is a header value: only trusted (verified) ones become labels, other values fold into "other". */
    public void received(Platform platform, String topic, Outcome outcome) {
        Map<String, Counter[]> byTopic = received.get(platform);
        Counter[] counters = byTopic.get(topic);
        (counters != null ? counters : byTopic.get(OTHER))[outcome.ordinal()].increment();
    }

    public void acknowledged(long nanos) {
        ack.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void attributed(AttributionMethod method) {
        attributions.get(method).increment();
    }

    public void attributionLag(Duration lag) {
        attributionLag.record(lag);
    }

    public void inbox(long pending, long oldestPendingSeconds) {
        inboxPending.set(pending);
        inboxOldestPendingSeconds.set(oldestPendingSeconds);
    }

    /** {@code orderlink_registration_calls_total{platform,operation,outcome}}: few distinct values, registered on first use. */
    public void registrationCall(Platform platform, String operation, String outcome) {
        registrationCalls.computeIfAbsent(platform.id() + '|' + operation + '|' + outcome, key ->
                Counter.builder("orderlink_registration_calls").description("Calls to store platform admin APIs")
                        .tag("platform", platform.id()).tag("operation", operation).tag("outcome", outcome).register(registry))
                .increment();
    }

    public void repaired(Platform platform) {
        repairs.get(platform).increment();
    }

    public void reconciled(Platform platform, int orders) {
        reconciled.get(platform).increment(orders);
    }

    public void bodiesExpired(long rows) {
        bodiesExpired.increment(rows);
    }

    public void replicaFallback() {
        replicaFallbacks.increment();
    }

    /** Reads that went to the primary instead of the unreachable replica, so far. */
    public long replicaFallbacks() {
        return (long) replicaFallbacks.count();
    }
}
