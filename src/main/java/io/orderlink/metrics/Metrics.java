package io.orderlink.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orderlink.attribution.AttributionMethod;
import io.orderlink.inbox.Inbox;
import io.orderlink.inbox.WebhookTopics;
import io.orderlink.stores.Platform;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Orderlink's own meters, in the one Prometheus registry that also holds Vert.x's (HTTP servers, pools,
 * event bus) and the JVM's. Labelled counters are registered on first use, so only combinations that happened
 * are exported; after that, recording is a map lookup and an increment. Thread-safe.
 */
public final class Metrics {

    /** How a delivery ended, as the {@code outcome} label of {@code orderlink_webhooks_received_total}. */
    public enum Outcome {
        ACCEPTED, DUPLICATE, REJECTED_SIGNATURE, UNKNOWN_STORE, TOO_LARGE, OVERLOADED, UNAVAILABLE, BAD_REQUEST, PING, TIMED_OUT;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Topic label for deliveries whose headers could not be trusted (forgeries must not create label values). */
    public static final String UNVERIFIED = "unverified";
    private static final String OTHER = "other";
    private static final String LOCAL = "local";

    private record Received(Platform platform, String topic, Outcome outcome) {}

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Received, Counter> received = new ConcurrentHashMap<>();
    private final Timer ack;
    private final Map<AttributionMethod, Counter> attributions = new EnumMap<>(AttributionMethod.class);
    private final Timer attributionLag;
    private final AtomicLong inboxPending = new AtomicLong();
    private final AtomicLong inboxOldestPendingSeconds = new AtomicLong();
    private final AtomicLong inboxFailed = new AtomicLong();
    private final Map<Integer, String> servers = new ConcurrentHashMap<>();
    private final Map<String, Counter> registrationCalls = new ConcurrentHashMap<>();
    private final Map<Platform, Counter> repairs = new EnumMap<>(Platform.class);
    private final Map<Platform, Counter> reconciled = new EnumMap<>(Platform.class);
    private final Counter bodiesExpired;
    private final Counter replicaFallbacks;

    public Metrics() {
        // Filters apply to meters registered after them: first of all.
        registry.config().meterFilter(new MeterFilter() {
            /** Vert.x's {@code local} label (the bound address) becomes {@code server} on server meters, and goes elsewhere. */
            @Override
            public Meter.Id map(Meter.Id id) {
                String local = id.getTag(LOCAL);
                if (local == null) {
                    return id;
                }
                List<Tag> tags = new ArrayList<>();
                id.getTagsAsIterable().forEach(tag -> {
                    if (!LOCAL.equals(tag.getKey())) {
                        tags.add(tag);
                    }
                });
                if (id.getName().replace('.', '_').startsWith("vertx_http_server")) {
                    tags.add(Tag.of("server", serverName(local)));
                }
                return id.replaceTags(tags);
            }
        });
        for (Platform platform : Platform.values()) {
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
                .description("Inbox rows waiting for the attribution worker, counted up to " + Inbox.PENDING_COUNT_CAP).register(registry);
        Gauge.builder("orderlink_inbox_oldest_pending_seconds", inboxOldestPendingSeconds, AtomicLong::get)
                .description("Age of the oldest pending inbox row").register(registry);
        Gauge.builder("orderlink_inbox_failed", inboxFailed, AtomicLong::get)
                .description("Dead letters: inbox rows that could not be processed, kept for replay").register(registry);
        bodiesExpired = Counter.builder("orderlink_inbox_bodies_expired")
                .description("Raw bodies of processed or ignored deliveries dropped by the retention sweep").register(registry);
        replicaFallbacks = Counter.builder("orderlink_read_replica_fallbacks")
                .description("Reads meant for the read replica that went to the primary because the replica was unreachable")
                .register(registry);
    }

    /**
     * A Vert.x whose own meters (HTTP servers, pools, event bus, JVM) land in this registry, HTTP-server meters
     * labelled {@code server} with the name given to their port by {@link #server}.
     */
    public Vertx vertx(int eventLoops) {
        return Vertx.builder()
                .with(new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true)
                        // Pool metrics (vertx_pool_*, one series per named pool) cover the database connections; the
                        // per-client net and SQL meters carry no pool label, so several pools would collide on one gauge.
                        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                                .addLabels(Label.LOCAL)
                                .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT).addDisabledMetricsCategory("sql")))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    /**
     * Names the HTTP server on {@code port} for the {@code server} label. Meters take their labels when first used, so
     * name a configured port before listening, and a port picked by the system (0) as soon as it is bound.
     */
    public void server(String name, int port) {
        if (port > 0) {
            servers.put(port, name);
        }
    }

    /** Vert.x labels server meters with the bound address, {@code host:port}. */
    private String serverName(String address) {
        try {
            return servers.getOrDefault(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)), OTHER);
        } catch (NumberFormatException e) {
            return OTHER;
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** {@code topic} is a header value: only trusted (verified) ones become labels, other values fold into "other". */
    public void received(Platform platform, String topic, Outcome outcome) {
        String label = UNVERIFIED.equals(topic) || WebhookTopics.isSupported(platform, topic) ? topic : OTHER;
        received.computeIfAbsent(new Received(platform, label, outcome), key ->
                Counter.builder("orderlink_webhooks_received").description("Webhook deliveries by outcome")
                        .tag("platform", platform.id()).tag("topic", label).tag("outcome", outcome.label()).register(registry))
                .increment();
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

    public void inbox(long pending, long oldestPendingSeconds, long failed) {
        inboxPending.set(pending);
        inboxOldestPendingSeconds.set(oldestPendingSeconds);
        inboxFailed.set(failed);
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
