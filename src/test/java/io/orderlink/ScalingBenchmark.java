package io.orderlink;

import io.orderlink.config.Config;
import io.orderlink.crypto.HmacVerifier;
import io.orderlink.db.PostgresServer;
import io.orderlink.testing.Fixtures;
import io.orderlink.testing.GatewayProcess;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.orderlink.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Measured scaling (docs/scaling.md): the same burst of real Shopify orders/create deliveries (the 15 KB fixture,
 * each with its own order id, signed) against one all-in-one process, then against two ingest processes, one
 * attribution process and one API process on one database. Each topology gets a fresh database. Prints
 * throughput, acknowledgement p50/p99, how long the backlog took to drain after the burst, and the CPU time of
 * every process and of this database's PostgreSQL backends over the run (burst start to empty backlog).
 *
 * <pre>mvn test -Pbenchmark -Dtest=ScalingBenchmark [-Dscaling.deliveries=20000] [-Dscaling.concurrency=64]</pre>
 */
@Tag("benchmark")
class ScalingBenchmark {

    private static final int DELIVERIES = Integer.getInteger("scaling.deliveries", 20_000);
    private static final int CONCURRENCY = Integer.getInteger("scaling.concurrency", 64);
    private static final int WARMUP = Integer.getInteger("scaling.warmup", 1_000);
    private static final List<String> JVM = List.of(System.getProperty("scaling.jvm", "-Xmx384m").split(" "));
    private static final String DOMAIN = "scaling-bench.myshopify.com";
    private static final String SECRET = "scaling-bench-client-secret";

    private record Topology(String name, Map<String, String> processes) {
    }

    private record Result(String topology, int acknowledged, int failed, double seconds, long p50Micros, long p99Micros,
                          double drainSeconds, Map<String, Duration> cpu) {
    }

    @Test
    void oneProcessBesideFourProcessesOnOneDatabase() throws Exception {
        String loadAtStart = loadAverage();
        List<Result> results = new ArrayList<>();
        for (Topology topology : List.of(
                new Topology("all-in-one", Map.of("gateway", "ingest,attribution,api,registration")),
                new Topology("split", orderedMap("ingest-1", "ingest", "ingest-2", "ingest", "attribution", "attribution",
                        "api", "api,registration"))))  {
            results.add(run(topology));
        }
        String report = report(results, loadAtStart, loadAverage());
        System.out.println(report);
        Files.writeString(Path.of("target", "scaling-benchmark.txt"), report);
    }

    private Result run(Topology topology) throws Exception {
        PostgresServer server = PostgresServer.named(System.getenv());
        String db = "orderlink_scaling_" + topology.name().replace('-', '_');
        TestDatabase database = new TestDatabase(server, db);
        database.drop();
        server.createDatabaseIfMissing(db);
        PostgresServer.migrate(server.options(db));
        String password = server.password().isEmpty() ? "" : ":" + server.password();
        Map<String, String> env = new HashMap<>(TestGateway.environment(Map.of(
                "ORDERLINK_DATABASE_URL", "postgresql://" + server.user() + password + "@" + server.host() + ":" + server.port() + "/" + db)));
        List<GatewayProcess> processes = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        Pool sql = PgBuilder.pool().connectingTo(server.options(db)).using(vertx).build();
        WebClient client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions(), new PoolOptions().setHttp1MaxSize(CONCURRENCY));
        try {
            for (Map.Entry<String, String> process : topology.processes().entrySet()) {
                Map<String, String> own = new HashMap<>(env);
                own.put("ORDERLINK_ROLES", process.getValue());
                processes.add(GatewayProcess.start(process.getKey(), own, JVM));
            }
            GatewayProcess api = processes.stream().filter(p -> p.apiPort() > 0).findFirst().orElseThrow();
            int[] ingestPorts = processes.stream().filter(p -> p.ingestPort() > 0).mapToInt(GatewayProcess::ingestPort).toArray();
            connectStore(vertx, client, api, env);

            Burst warmup = new Burst(vertx, client, ingestPorts, WARMUP, "w");
            await(warmup.run());
            drain(vertx, sql);

            Map<String, Duration> before = cpu(processes, sql, db);
            Burst burst = new Burst(vertx, client, ingestPorts, DELIVERIES, topology.name());
            long start = System.nanoTime();
            await(burst.run());
            long burstEnd = System.nanoTime();
            drain(vertx, sql);
            long empty = System.nanoTime();
            Map<String, Duration> after = cpu(processes, sql, db);

            long processed = await(sql.query("SELECT count(*) FROM webhook_inbox WHERE status = 'processed'").execute())
                    .iterator().next().getLong(0);
            assertEquals(WARMUP + DELIVERIES, processed, "every delivery processed");
            Map<String, Duration> used = new LinkedHashMap<>();
            after.forEach((name, total) -> used.put(name, total.minus(before.getOrDefault(name, Duration.ZERO))));
            long[] latencies = burst.latencies();
            return new Result(topology.name(), burst.acknowledged.get(), burst.failed.get(), (burstEnd - start) / 1e9,
                    percentile(latencies, 0.50), percentile(latencies, 0.99), (empty - burstEnd) / 1e9, used);
        } finally {
            for (GatewayProcess process : processes) {
                process.close();
            }
            client.close();
            await(sql.close());
            await(vertx.close());
            database.drop();
        }
    }

    /** A Shopify store whose webhooks the benchmark sends itself ({@code register: false}: no platform call). */
    private static void connectStore(Vertx vertx, WebClient client, GatewayProcess api, Map<String, String> env) {
        Config config = Config.load(env);
        String token = io.orderlink.tenancy.Tokens.issue(io.orderlink.tenancy.Tokens.auth(vertx, config.jwt(), TestGateway.JWT_SECRET),
                config.jwt(), "bench", io.orderlink.tenancy.Role.ADMIN, "bench", Duration.ofHours(1));
        HttpResponse<Buffer> created = await(client.post(api.apiPort(), "127.0.0.1", "/api/stores").bearerTokenAuthentication(token)
                .sendJsonObject(new JsonObject().put("platform", "shopify").put("domain", DOMAIN).put("register", false)
                        .put("credentials", new JsonObject().put("accessToken", "shpat_bench").put("clientSecret", SECRET))));
        assertEquals(201, created.statusCode(), created.bodyAsString());
    }

    /** Waits until nothing is pending, polling every 100 ms. */
    private static void drain(Vertx vertx, Pool sql) {
        while (await(sql.query("SELECT count(*) FROM webhook_inbox WHERE status = 'pending'").execute()).iterator().next().getLong(0) > 0) {
            await(vertx.timer(100));
        }
    }

    /** CPU used so far by each gateway process and, together, by the PostgreSQL backends serving this database. */
    private static Map<String, Duration> cpu(List<GatewayProcess> processes, Pool sql, String db) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        processes.forEach(p -> cpu.put(p.name(), p.cpu()));
        Duration postgres = Duration.ZERO;
        for (Row row : await(sql.query("SELECT pid FROM pg_stat_activity WHERE datname = '" + db + "' AND pid <> pg_backend_pid()").execute())) {
            postgres = postgres.plus(ProcessHandle.of(row.getInteger(0)).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO));
        }
        cpu.put("postgresql", postgres);
        return cpu;
    }

    /** {@code count} signed deliveries from {@link #CONCURRENCY} senders, spread round-robin over the ingest ports. */
    private static final class Burst {
        private final Vertx vertx;
        private final WebClient client;
        private final int[] ports;
        private final int count;
        private final String prefix;
        private final String template;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger acknowledged = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final long[] latencies;
        private final AtomicLong orderIds = new AtomicLong(System.currentTimeMillis() * 1000);

        Burst(Vertx vertx, WebClient client, int[] ports, int count, String prefix) {
            this.vertx = vertx;
            this.client = client;
            this.ports = ports;
            this.count = count;
            this.prefix = prefix;
            this.latencies = new long[count];
            this.template = new String(Fixtures.bytes("shopify-orders-create.json"), StandardCharsets.UTF_8)
                    .replaceFirst("\"id\": \\d+", "\"id\": ORDER_ID")
                    .replaceFirst("gid://shopify/Order/\\d+", "gid://shopify/Order/ORDER_ID")
                    .replaceFirst("\"email\": \"[^\"]+\"", "\"email\": \"EMAIL\"");
        }

        Future<Void> run() {
            List<Future<Void>> senders = new ArrayList<>();
            for (int i = 0; i < CONCURRENCY; i++) {
                Promise<Void> done = Promise.promise();
                vertx.runOnContext(v -> send(done));
                senders.add(done.future());
            }
            return Future.all(senders).mapEmpty();
        }

        private void send(Promise<Void> done) {
            int n = next.getAndIncrement();
            if (n >= count) {
                done.complete();
                return;
            }
            long id = orderIds.incrementAndGet();
            byte[] body = template.replace("ORDER_ID", Long.toString(id))
                    .replace("EMAIL", "customer-" + (id % 1000) + "@example.com").getBytes(StandardCharsets.UTF_8);
            attempt(done, n, body, prefix + "-" + UUID.randomUUID(), System.nanoTime());
        }

        /** A refused delivery (503 when overloaded) is sent again, as the platform would, and timed from the first try. */
        private void attempt(Promise<Void> done, int n, byte[] body, String webhookId, long start) {
            client.post(ports[n % ports.length], "127.0.0.1", "/webhooks/shopify")
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Shopify-Topic", "orders/create")
                    .putHeader("X-Shopify-Shop-Domain", DOMAIN)
                    .putHeader("X-Shopify-Webhook-Id", webhookId)
                    .putHeader("X-Shopify-API-Version", "2026-01")
                    .putHeader("X-Shopify-Hmac-Sha256", HmacVerifier.sign(SECRET.getBytes(StandardCharsets.UTF_8), body))
                    .sendBuffer(Buffer.buffer(body))
                    .onComplete(result -> {
                        if (result.succeeded() && result.result().statusCode() == 200) {
                            latencies[n] = (System.nanoTime() - start) / 1000;
                            acknowledged.incrementAndGet();
                            send(done);
                        } else {
                            failed.incrementAndGet();
                            vertx.setTimer(100, t -> attempt(done, n, body, webhookId, start));
                        }
                    });
        }

        long[] latencies() {
            return latencies.clone();
        }
    }

    private static long percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String report(List<Result> results, String loadAtStart, String loadAtEnd) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%nScaling benchmark: %,d real Shopify orders/create deliveries (15 KB) from %d concurrent senders per topology, "
                        + "after %,d warm-up deliveries; %d cores shared by every process, PostgreSQL and the load generator; "
                        + "load average (1 min) %s at start, %s at end%n",
                DELIVERIES, CONCURRENCY, WARMUP, Runtime.getRuntime().availableProcessors(), loadAtStart, loadAtEnd));
        for (Result r : results) {
            double busy = r.seconds() + r.drainSeconds();
            out.append(String.format(Locale.ROOT, "%n%s%n", r.topology()))
                    .append(String.format(Locale.ROOT, "  %-34s %,12.0f%n", "throughput (acknowledged/s)", r.acknowledged() / r.seconds()))
                    .append(String.format(Locale.ROOT, "  %-34s %12.1f / %.1f%n", "acknowledgement p50 / p99 (ms)",
                            r.p50Micros() / 1000.0, r.p99Micros() / 1000.0))
                    .append(String.format(Locale.ROOT, "  %-34s %,12d / %d%n", "acknowledged / refused and retried", r.acknowledged(), r.failed()))
                    .append(String.format(Locale.ROOT, "  %-34s %12.1f%n", "burst duration (s)", r.seconds()))
                    .append(String.format(Locale.ROOT, "  %-34s %12.1f%n", "backlog drained after the burst (s)", r.drainSeconds()))
                    .append(String.format(Locale.ROOT, "  %-34s %12s   %s%n", "CPU over burst + drain", "seconds", "cores (average)"));
            r.cpu().forEach((name, cpu) -> out.append(String.format(Locale.ROOT, "    %-32s %12.1f   %.2f%n", name,
                    cpu.toMillis() / 1000.0, cpu.toMillis() / 1000.0 / busy)));
            double pgSeconds = r.cpu().get("postgresql").toMillis() / 1000.0;
            out.append(String.format(Locale.ROOT, "  %-34s %,12.0f%n", "deliveries per PostgreSQL CPU-second",
                    pgSeconds > 0 ? r.acknowledged() / pgSeconds : 0));
        }
        return out.toString();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
