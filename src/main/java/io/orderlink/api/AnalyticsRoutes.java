package io.orderlink.api;

import io.orderlink.db.ReadReplica;
import io.orderlink.analytics.AnalyticsRequest;
import io.orderlink.analytics.RevenueReport;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.orderlink.tenancy.TenantScope;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** {@code GET /api/analytics/revenue}: docs/architecture.md, "Analytics". */
final class AnalyticsRoutes {

    /** Ten years of daily points is the most one request may ask for. */
    private static final Duration MAX_RANGE = Duration.ofDays(3660);

    private final ReadReplica reads;

    AnalyticsRoutes(ReadReplica reads) {
        this.reads = reads;
    }

    void mount(Router router) {
        router.get("/api/analytics/revenue").handler(Endpoint.as(this::revenue, Role.VIEWER));
    }

    private Future<Endpoint.Reply> revenue(RoutingContext context, Tenant tenant) {
        AnalyticsRequest request = request(context);
        return reads.read(pool -> TenantScope.run(pool, tenant, sql -> Requests.requireStore(sql, request.storeId()))
                        .compose(v -> RevenueReport.build(pool, tenant, request)))
                .map(Endpoint.Reply::ok);
    }

    private static AnalyticsRequest request(RoutingContext context) {
        Instant[] defaults = AnalyticsRequest.defaultRange(Instant.now());
        Instant start = Requests.instant(context, "start", false);
        Instant end = Requests.instant(context, "end", true);
        if (end == null) {
            end = start == null ? defaults[1] : start.plus(Duration.ofDays(30));
        }
        if (start == null) {
            start = end.minus(Duration.ofDays(30));
        }
        if (!end.isAfter(start)) {
            throw ApiError.badRequest("end", "must be after start");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw ApiError.badRequest("end", "must be at most " + MAX_RANGE.toDays() + " days after start");
        }
        String granularity = Requests.choice(context, "granularity", "day", List.of("day", "week", "month"));
        String metric = Requests.choice(context, "metric", "all", List.of("overview", "ltv", "attribution", "all"));
        Long storeId = Requests.storeId(context);
        return new AnalyticsRequest(storeId, start, end, AnalyticsRequest.Granularity.valueOf(granularity.toUpperCase(Locale.ROOT)),
                AnalyticsRequest.Metric.valueOf(metric.toUpperCase(Locale.ROOT)));
    }
}
