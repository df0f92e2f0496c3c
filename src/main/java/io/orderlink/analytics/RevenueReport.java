package io.orderlink.analytics;

import io.orderlink.attribution.AttributionMethod;

import io.orderlink.orders.Money;

import io.orderlink.tenancy.Tenant;
import io.orderlink.tenancy.TenantScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The revenue analytics of docs/architecture.md, "Analytics" for one tenant, as JSON. Money is per currency, as decimal strings;
 * the independent sections run concurrently, each in its own tenant-scoped transaction.
 */
public final class RevenueReport {

    private static final int TOP = 10;
    private static final List<String> PLATFORMS = List.of("shopify", "woocommerce");
    private static final List<String> METHODS = AttributionMethod.ids();
    private static final List<String> BUCKETS = List.of("high", "medium", "low", "none");
    private static final List<String> CONVERSION_BUCKETS = List.of("0-1h", "1-6h", "6-24h", "1-7d", "over7d");
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private RevenueReport() {
    }

    /** Counting orders and their money: gross, refunds, and net = gross − refunds. */
    private static final class Tally {
        long orders;
        BigDecimal gross = BigDecimal.ZERO;
        BigDecimal refunds = BigDecimal.ZERO;

        void add(long orders, BigDecimal gross, BigDecimal refunds) {
            this.orders += orders;
            this.gross = this.gross.add(gross);
            this.refunds = this.refunds.add(refunds);
        }

        BigDecimal net() {
            return gross.subtract(refunds);
        }

        JsonObject json(String currency) {
            return new JsonObject().put("revenue", Money.format(net(), currency)).put("orders", orders);
        }
    }

    /** One currency's order figures over the range. */
    private static final class CurrencyFacts {
        final Tally total = new Tally();
        final Tally attributed = new Tally();
        final Map<String, Tally> platform = tallies(PLATFORMS);
        final Map<String, Tally> method = tallies(METHODS);
        final Map<String, Tally> bucket = tallies(BUCKETS);
        final Map<LocalDate, Tally[]> series = new TreeMap<>();
    }

    public static Future<JsonObject> build(Pool pool, Tenant tenant, AnalyticsRequest request) {
        String org = tenant.orgId();
        AnalyticsRequest.Metric metric = request.metric();
        Future<List<RevenueQueries.DayFacts>> facts = TenantScope.run(pool, tenant, sql -> RevenueQueries.orderFacts(sql, org, request));
        Future<Map<String, JsonObject>> customers = TenantScope.run(pool, tenant, sql -> RevenueQueries.ltvBins(sql, org, request.storeId())
                .compose(bins -> metric.includes(AnalyticsRequest.Metric.LTV) ? customers(sql, org, request.storeId(), bins)
                        : Future.succeededFuture(currenciesOnly(bins))));
        Future<Long> conversations = metric.includes(AnalyticsRequest.Metric.OVERVIEW)
                ? TenantScope.run(pool, tenant, sql -> RevenueQueries.conversations(sql, org, request)) : Future.succeededFuture();
        boolean attribution = metric.includes(AnalyticsRequest.Metric.ATTRIBUTION);
        Future<JsonObject> conversion = attribution ? TenantScope.run(pool, tenant, sql -> RevenueQueries.conversions(sql, org, request)
                .compose(c -> RevenueQueries.conversionMedian(sql, org, request, c.histogram()).map(median -> conversion(c, median))))
                : Future.succeededFuture();
        Future<List<RevenueQueries.Product>> products = attribution
                ? TenantScope.run(pool, tenant, sql -> RevenueQueries.topProducts(sql, org, request, TOP)) : Future.succeededFuture();
        return Future.all(facts, customers, conversations, conversion, products)
                .map(all -> assemble(request, facts.result(), customers.result(), conversations.result(), conversion.result(),
                        products.result()));
    }

    private static JsonObject assemble(AnalyticsRequest request, List<RevenueQueries.DayFacts> facts, Map<String, JsonObject> customers,
                                       Long conversations, JsonObject conversion, List<RevenueQueries.Product> products) {
        Map<String, CurrencyFacts> byCurrency = new TreeMap<>();
        for (String currency : customers.keySet()) {
            byCurrency.put(currency, new CurrencyFacts());
        }
        for (RevenueQueries.DayFacts f : facts) {
            CurrencyFacts c = byCurrency.computeIfAbsent(f.currency(), k -> new CurrencyFacts());
            boolean chat = !"no_match".equals(f.method());
            c.total.add(f.orders(), f.gross(), f.refunds());
            if (chat) {
                c.attributed.add(f.orders(), f.gross(), f.refunds());
            }
            c.platform.computeIfAbsent(f.platform(), k -> new Tally()).add(f.orders(), f.gross(), f.refunds());
            c.method.computeIfAbsent(f.method(), k -> new Tally()).add(f.orders(), f.gross(), f.refunds());
            c.bucket.computeIfAbsent(f.bucket(), k -> new Tally()).add(f.orders(), f.gross(), f.refunds());
            Tally[] point = c.series.computeIfAbsent(request.granularity().bucket(f.day()), k -> new Tally[]{new Tally(), new Tally()});
            point[0].add(f.orders(), f.gross(), f.refunds());
            if (chat) {
                point[1].add(f.orders(), f.gross(), f.refunds());
            }
        }
        AnalyticsRequest.Metric metric = request.metric();
        List<LocalDate> buckets = request.buckets();
        JsonObject currencies = new JsonObject();
        long attributedOrders = 0;
        for (Map.Entry<String, CurrencyFacts> entry : byCurrency.entrySet()) {
            String currency = entry.getKey();
            CurrencyFacts c = entry.getValue();
            attributedOrders += c.attributed.orders;
            JsonObject json = new JsonObject();
            if (metric.includes(AnalyticsRequest.Metric.OVERVIEW)) {
                json.put("totalRevenue", Money.format(c.total.net(), currency))
                        .put("grossRevenue", Money.format(c.total.gross, currency))
                        .put("refunds", Money.format(c.total.refunds, currency))
                        .put("totalOrders", c.total.orders)
                        .put("averageOrderValue", Money.average(c.total.net(), c.total.orders, currency))
                        .put("revenueByPlatform", json(c.platform, currency))
                        .put("revenueOverTime", series(c, buckets, currency));
            }
            if (metric.includes(AnalyticsRequest.Metric.OVERVIEW) || metric.includes(AnalyticsRequest.Metric.ATTRIBUTION)) {
                json.put("chatAttributedRevenue", Money.format(c.attributed.net(), currency))
                        .put("attributedOrders", c.attributed.orders)
                        .put("revenueByConfidence", json(c.bucket, currency));
            }
            if (metric.includes(AnalyticsRequest.Metric.ATTRIBUTION)) {
                json.put("revenueByMethod", json(c.method, currency)).put("topProducts", topProducts(products, currency));
            }
            if (metric.includes(AnalyticsRequest.Metric.LTV)) {
                json.put("customers", customers.getOrDefault(currency, emptyCustomers(currency)));
            }
            currencies.put(currency, json);
        }
        JsonObject report = new JsonObject()
                .put("start", request.start().toString())
                .put("end", request.end().toString())
                .put("storeId", request.storeId())
                .put("granularity", request.granularity().id())
                .put("metric", metric.id());
        if (conversations != null) {
            report.put("conversationCount", conversations)
                    .put("attributedOrders", attributedOrders)
                    .put("conversionRate", Money.percent(attributedOrders, conversations));
        }
        if (conversion != null) {
            report.put("timeToConversion", conversion);
        }
        return report.put("currencies", currencies);
    }

    private static JsonArray series(CurrencyFacts c, List<LocalDate> buckets, String currency) {
        JsonArray points = new JsonArray();
        for (LocalDate bucket : buckets) {
            Tally[] point = c.series.getOrDefault(bucket, new Tally[]{new Tally(), new Tally()});
            points.add(new JsonObject().put("period", bucket.toString())
                    .put("revenue", Money.format(point[0].net(), currency))
                    .put("orders", point[0].orders)
                    .put("chatAttributedRevenue", Money.format(point[1].net(), currency))
                    .put("attributedOrders", point[1].orders));
        }
        return points;
    }

    private static JsonArray topProducts(List<RevenueQueries.Product> products, String currency) {
        JsonArray top = new JsonArray();
        for (RevenueQueries.Product p : products) {
            if (p.currency().equals(currency)) {
                top.add(new JsonObject().put("productKey", p.key()).put("name", p.name()).put("quantity", p.quantity())
                        .put("revenue", Money.format(p.revenue(), currency)));
            }
        }
        return top;
    }

    private static JsonObject conversion(RevenueQueries.Conversions c, BigDecimal medianSeconds) {
        long orders = c.histogram().count();
        JsonObject distribution = new JsonObject();
        for (int i = 0; i < CONVERSION_BUCKETS.size(); i++) {
            distribution.put(CONVERSION_BUCKETS.get(i), c.buckets()[i]);
        }
        return new JsonObject()
                .put("orders", orders)
                .put("averageHours", orders == 0 ? BigDecimal.ZERO.setScale(2)
                        : c.seconds().divide(SECONDS_PER_HOUR.multiply(BigDecimal.valueOf(orders)), 2, RoundingMode.HALF_UP))
                .put("medianHours", medianSeconds == null ? BigDecimal.ZERO.setScale(2)
                        : medianSeconds.divide(SECONDS_PER_HOUR, 2, RoundingMode.HALF_UP))
                .put("distribution", distribution);
    }

    private static Future<Map<String, JsonObject>> customers(SqlConnection sql, String org, Long storeId,
                                                             Map<String, RevenueQueries.LtvBins> bins) {
        Map<String, Future<JsonObject>> byCurrency = new LinkedHashMap<>();
        bins.forEach((currency, b) -> byCurrency.put(currency, RevenueQueries.ltvMedian(sql, org, storeId, currency, b.histogram())
                .compose(median -> RevenueQueries.topCustomers(sql, org, storeId, currency, TOP)
                        .map(top -> new JsonObject()
                                .put("totalCustomers", b.customers())
                                .put("returningCustomers", b.returning())
                                .put("returningRate", Money.percent(b.returning(), b.customers()))
                                .put("averageLtv", Money.average(b.net(), b.customers(), currency))
                                .put("medianLtv", Money.format(median, currency))
                                .put("topCustomers", new JsonArray(top))))));
        return Future.all(List.copyOf(byCurrency.values())).map(all -> {
            Map<String, JsonObject> result = new LinkedHashMap<>();
            byCurrency.forEach((currency, json) -> result.put(currency, json.result()));
            return result;
        });
    }

    /**
     * The currencies the tenant has customers in, so a range without orders still reports them, at zero; without
     * the ltv section their customer figures are not computed (null).
     */
    private static Map<String, JsonObject> currenciesOnly(Map<String, RevenueQueries.LtvBins> bins) {
        Map<String, JsonObject> result = new LinkedHashMap<>();
        bins.keySet().forEach(currency -> result.put(currency, null));
        return result;
    }

    private static JsonObject emptyCustomers(String currency) {
        return new JsonObject().put("totalCustomers", 0).put("returningCustomers", 0)
                .put("returningRate", BigDecimal.ZERO.setScale(2)).put("averageLtv", Money.format(BigDecimal.ZERO, currency))
                .put("medianLtv", Money.format(BigDecimal.ZERO, currency)).put("topCustomers", new JsonArray());
    }

    private static Map<String, Tally> tallies(List<String> keys) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        keys.forEach(key -> tallies.put(key, new Tally()));
        return tallies;
    }

    private static JsonObject json(Map<String, Tally> tallies, String currency) {
        JsonObject json = new JsonObject();
        tallies.forEach((key, tally) -> json.put(key, tally.json(currency)));
        return json;
    }
}
