package io.orderlink.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-token rate limit: a token bucket of {@code burst} requests refilled at {@code perSecond}, keyed by the
 * token's organization and subject (or a hash of the token when it has no subject). Over the limit: 429 with
 * Retry-After. The buckets live in the API verticle's event loop (no locks) and at most {@link #MAX_BUCKETS} are
 * kept, least recently used first out, so memory stays bounded whatever the number of tokens. Limits are per
 * gateway process.
 */
final class RateLimiter implements Handler<RoutingContext> {

    static final int MAX_BUCKETS = 100_000;

    private final double perNano;
    private final double burst;
    private final Map<String, double[]> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > MAX_BUCKETS;
        }
    };

    RateLimiter(int perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
    }

    @Override
    public void handle(RoutingContext context) {
        long now = System.nanoTime();
        // {tokens, last refill time}
        double[] bucket = buckets.computeIfAbsent(key(context), k -> new double[]{burst, now});
        bucket[0] = Math.min(burst, bucket[0] + (now - bucket[1]) * perNano);
        bucket[1] = now;
        if (bucket[0] >= 1) {
            bucket[0] -= 1;
            context.next();
            return;
        }
        long retryAfter = Math.max(1, (long) Math.ceil((1 - bucket[0]) / perNano / 1e9));
        context.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        Endpoint.fail(context, new ApiError(429, "rate_limited", "too many requests for this token; retry after " + retryAfter + " s"));
    }

    private static String key(RoutingContext context) {
        String org = context.user().principal().getString("org");
        Object subject = context.user().principal().getValue("sub");
        if (subject instanceof String s && !s.isEmpty()) {
            return org + "\n" + s;
        }
        String token = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(token).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
