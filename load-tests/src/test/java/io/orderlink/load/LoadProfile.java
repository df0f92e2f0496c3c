package io.orderlink.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load shape, protocol and pass criteria shared by every simulation, chosen with system properties:
 * <ul>
 *   <li>{@code steady}: {@code rate} users/s for {@code duration} s (open model);
 *   <li>{@code burst}: ramp to {@code rate} users/s over 10 s, hold {@code duration} s, then 2x rate for 5 s;
 *   <li>{@code peak}: {@code concurrency} users at all times for {@code duration} s (closed model, for max throughput);
 *   <li>{@code count}: exactly {@code count} iterations, shared by {@code concurrency} users, at full speed.
 * </ul>
 * Each user runs the scenario's chain once (in {@code count}, until the shared total is reached).
 *
 * <p>{@code steady} and {@code peak} first run that load (ramped up, for {@code steady}) for
 * {@code warmup} s: the load generator's own JVM starts cold on every run and the first seconds'
 * latencies measure JIT, not the server. Requests sent after the warm-up are in the group
 * {@value #MEASURED}, whose row in the report is the result; the global figures include the warm-up
 * (every request sent, for matching against stored rows).
 */
final class LoadProfile {

    static final String MEASURED = "measured";
    private static final String WARM_UP = "warm-up";
    private static final int STEADY_RAMP_SECONDS = 15;
    private static final int BURST_RAMP_SECONDS = 10;
    private static final int BURST_SPIKE_SECONDS = 5;

    private final String name = Settings.string("profile", "steady");
    private final double rate = Settings.decimal("rate", 100);
    private final int duration = Settings.integer("duration", 20);
    private final int warmup = Settings.integer("warmup", 5);
    private final int concurrency = Settings.integer("concurrency", 64);
    private final long count = Settings.integer("count", 100_000);
    private final double maxFailedPercent = Settings.decimal("maxFailedPercent", 0.1);
    private final int p99Ms = Settings.integer("p99Ms", 50);
    // Upper bound for any run, so a stalled server cannot keep the load generator going.
    private final Duration maxDuration = Duration.ofSeconds(Settings.integer("maxDuration", 600));
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong started = new AtomicLong();

    PopulationBuilder population(String scenarioName, ChainBuilder chain) {
        String title = scenarioName + " (" + name + ")";
        ScenarioBuilder warmedUp = scenario(title).exec(group(this::phase).on(chain));
        ScenarioBuilder measured = scenario(title).exec(group(MEASURED).on(chain));
        return switch (name) {
            case "steady" -> steady(warmedUp);
            case "peak" -> warmedUp.injectClosed(constantConcurrentUsers(concurrency).during(warmup + duration));
            case "burst" -> measured.injectOpen(
                    rampUsersPerSec(1).to(rate).during(BURST_RAMP_SECONDS),
                    constantUsersPerSec(rate).during(duration),
                    constantUsersPerSec(2 * rate).during(BURST_SPIKE_SECONDS));
            // No warm-up: the total must be exactly `count`.
            case "count" -> scenario(title)
                    .asLongAs(session -> issued.getAndIncrement() < count).on(group(MEASURED).on(chain))
                    .injectOpen(atOnceUsers(concurrency));
            default -> throw new IllegalArgumentException(
                    "-Dprofile=" + name + ": expected steady, burst, peak or count");
        };
    }

    /**
     * Ramped, since the full rate at once queues up behind the cold load generator for seconds, but for at most
     * {@value #STEADY_RAMP_SECONDS} s of the warm-up, so that the rate is steady before anything is measured. A
     * ramp through the whole warm-up ended at the first second measured, where the bare server at 5,500 req/s had
     * a p99 of 159 ms against 1-2 ms in every other second (one run each way). Gatling rejects a zero-second
     * injection step as soon as it is built, hence two forms.
     */
    private PopulationBuilder steady(ScenarioBuilder scenario) {
        int ramp = Math.min(warmup, STEADY_RAMP_SECONDS);
        return ramp > 0
                ? scenario.injectOpen(rampUsersPerSec(1).to(rate).during(ramp),
                        constantUsersPerSec(rate).during(warmup - ramp + duration))
                : scenario.injectOpen(constantUsersPerSec(rate).during(duration));
    }

    /**
     * The group of a request by when it starts: warm-up and measured part are one injection. As two injections
     * one after the other, Gatling paused for about a second between them; the gateway's attribution worker took
     * full batches in the lull, and the measured load began at full rate against them (p50 96 ms in its first
     * second, p99 under 20 ms in the others).
     */
    private String phase(Session session) {
        long now = System.nanoTime();
        started.compareAndSet(0, now);
        return now - started.get() < warmup * 1_000_000_000L ? WARM_UP : MEASURED;
    }

    /**
     * Connections are shared and kept alive across virtual users: one new connection per request
     * would measure TCP set-up on loopback and run out of ephemeral ports in a 100,000-request run.
     */
    static HttpProtocolBuilder protocol(String baseUrl) {
        return http.baseUrl(baseUrl).shareConnections().acceptHeader("application/json");
    }

    /**
     * Failed requests (warm-up included) at most {@code maxFailedPercent}; measured p99 below
     * {@code p99Ms} at a steady rate only, since the other profiles saturate the server on purpose.
     */
    Assertion[] assertions() {
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(global().failedRequests().percent().lte(maxFailedPercent));
        if (name.equals("steady")) {
            assertions.add(details(MEASURED).responseTime().percentile(99.0).lt(p99Ms));
        }
        return assertions.toArray(Assertion[]::new);
    }

    Duration maxDuration() {
        return maxDuration;
    }
}
