package io.orderlink.analytics;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import static io.orderlink.db.SqlTimes.utc;

/**
 * The SQL of revenue analytics. Range figures come from the *_facts functions of V3 (daily rollups for whole
 * UTC days, orders themselves for partial days), so each equals a plain SUM over orders; medians are exact:
 * a histogram locates the middle value, then that bin is read value by value through an index.
 * Every query names the organization as well as running under row-level security: it is what the indexes serve.
 */
final class RevenueQueries {

    /** Order figures of one UTC day and currency, by platform, method and confidence bucket. */
    record DayFacts(String currency, LocalDate day, String platform, String method, String bucket, long orders,
                    BigDecimal gross, BigDecimal refunds) {
    }

    record Product(String currency, String key, String name, long quantity, BigDecimal revenue) {
    }

    /** Customers of one currency with paid orders: their lifetime values by histogram bin. */
    record LtvBins(long customers, long returning, BigDecimal net, Histogram histogram) {
    }

    /** Times to conversion by histogram bin: counts, summed seconds, and the buckets (bin / 100). */
    record Conversions(Histogram histogram, BigDecimal seconds, long[] buckets) {
    }

    /** Rows per store, day and key, summed in Java (cheaper than grouping a few thousand rows in SQL first). */
    private static final String ORDER_FACTS = """
            SELECT currency, day, platform, method, bucket, orders, gross, refunds
              FROM order_facts($1, $2, $3, $4)""";

    private static final String CONVERSATIONS = "SELECT conversation_count($1, $2, $3, $4) AS conversations";

    private static final String CONVERSION_BINS = """
            SELECT bin, sum(orders)::bigint AS orders, sum(seconds) AS seconds
              FROM conversion_facts($1, $2, $3, $4)
             GROUP BY bin
             ORDER BY bin""";

    // The median steps walk one histogram bin in value order (index (org_id, bin, value)) to the wanted offset.
    private static final String CONVERSION_AT = """
            SELECT conversion_seconds AS value
              FROM orders
             WHERE org_id = $1 AND ($2::bigint IS NULL OR store_id = $2)
               AND counts AND method <> 'no_match' AND last_activity_at IS NOT NULL
               AND conversion_bin = $5 AND ordered_at >= $3 AND ordered_at < $4
             ORDER BY conversion_seconds
            OFFSET $6 LIMIT 1""";

    private static final String TOP_PRODUCTS = """
            SELECT currency, product_key, name, quantity, revenue
              FROM (SELECT currency, product_key, max(name) AS name, sum(quantity)::bigint AS quantity,
                           sum(revenue) AS revenue,
                           row_number() OVER (PARTITION BY currency ORDER BY sum(revenue) DESC, product_key) AS rank
                      FROM product_facts($1, $2, $3, $4)
                     GROUP BY currency, product_key) ranked
             WHERE rank <= $5
             ORDER BY currency, rank""";

    private static final String LTV_BINS = """
            SELECT currency, bin, sum(customers)::bigint AS customers, sum(returning_customers)::bigint AS returning,
                   sum(net) AS net
              FROM customer_ltv_bins
             WHERE org_id = $1 AND ($2::bigint IS NULL OR store_id = $2)
             GROUP BY currency, bin
             ORDER BY currency, bin""";

    private static final String LTV_AT = """
            SELECT net AS value
              FROM customers
             WHERE org_id = $1 AND ($2::bigint IS NULL OR store_id = $2) AND currency = $3 AND paid_orders > 0
               AND ltv_bin = $4
             ORDER BY net
            OFFSET $5 LIMIT 1""";

    private static final String TOP_CUSTOMERS = """
            SELECT store_id, email, currency, orders, paid_orders, gross, refunds, net, first_purchase_at,
                   last_purchase_at, is_returning, conversations, attributed_orders
              FROM customers
             WHERE org_id = $1 AND ($2::bigint IS NULL OR store_id = $2) AND currency = $3 AND paid_orders > 0
             ORDER BY net DESC, store_id, email
             LIMIT $4""";

    private RevenueQueries() {
    }

    static Future<List<DayFacts>> orderFacts(SqlConnection sql, String orgId, AnalyticsRequest request) {
        return sql.preparedQuery(ORDER_FACTS).execute(range(orgId, request)).map(rows -> {
            List<DayFacts> facts = new ArrayList<>(rows.size());
            for (Row r : rows) {
                facts.add(new DayFacts(r.getString("currency"), r.getLocalDate("day"), r.getString("platform"),
                        r.getString("method"), r.getString("bucket"), r.getLong("orders"), r.getBigDecimal("gross"),
                        r.getBigDecimal("refunds")));
            }
            return facts;
        });
    }

    static Future<Long> conversations(SqlConnection sql, String orgId, AnalyticsRequest request) {
        return sql.preparedQuery(CONVERSATIONS).execute(range(orgId, request))
                .map(rows -> rows.iterator().next().getLong("conversations"));
    }

    static Future<Conversions> conversions(SqlConnection sql, String orgId, AnalyticsRequest request) {
        return sql.preparedQuery(CONVERSION_BINS).execute(range(orgId, request)).map(rows -> {
            List<Histogram.Bin> bins = new ArrayList<>();
            BigDecimal seconds = BigDecimal.ZERO;
            long[] buckets = new long[5];
            for (Row r : rows) {
                bins.add(new Histogram.Bin(r.getInteger("bin"), r.getLong("orders")));
                seconds = seconds.add(r.getBigDecimal("seconds"));
                buckets[r.getInteger("bin") / 100] += r.getLong("orders");
            }
            return new Conversions(new Histogram(bins), seconds, buckets);
        });
    }

    /** The median time to conversion in seconds, null when there is none. */
    static Future<BigDecimal> conversionMedian(SqlConnection sql, String orgId, AnalyticsRequest request, Histogram histogram) {
        return median(histogram, position -> sql.preparedQuery(CONVERSION_AT).execute(Tuple.of(orgId, request.storeId(),
                utc(request.start()), utc(request.end()), position.bin(), position.offset())));
    }

    static Future<List<Product>> topProducts(SqlConnection sql, String orgId, AnalyticsRequest request, int limit) {
        return sql.preparedQuery(TOP_PRODUCTS).execute(range(orgId, request).addInteger(limit)).map(rows -> {
            List<Product> products = new ArrayList<>(rows.size());
            for (Row r : rows) {
                products.add(new Product(r.getString("currency"), r.getString("product_key"), r.getString("name"),
                        r.getLong("quantity"), r.getBigDecimal("revenue")));
            }
            return products;
        });
    }

    /** Lifetime value histograms by currency (all time: lifetime value is not a range figure). */
    static Future<Map<String, LtvBins>> ltvBins(SqlConnection sql, String orgId, Long storeId) {
        return sql.preparedQuery(LTV_BINS).execute(Tuple.of(orgId, storeId)).map(rows -> {
            Map<String, List<Row>> byCurrency = new LinkedHashMap<>();
            for (Row r : rows) {
                byCurrency.computeIfAbsent(r.getString("currency"), c -> new ArrayList<>()).add(r);
            }
            Map<String, LtvBins> result = new LinkedHashMap<>();
            byCurrency.forEach((currency, bins) -> {
                long customers = 0;
                long returning = 0;
                BigDecimal net = BigDecimal.ZERO;
                List<Histogram.Bin> histogram = new ArrayList<>();
                for (Row r : bins) {
                    customers += r.getLong("customers");
                    returning += r.getLong("returning");
                    net = net.add(r.getBigDecimal("net"));
                    if (r.getLong("customers") > 0) {
                        histogram.add(new Histogram.Bin(r.getInteger("bin"), r.getLong("customers")));
                    }
                }
                result.put(currency, new LtvBins(customers, returning, net, new Histogram(histogram)));
            });
            return result;
        });
    }

    static Future<BigDecimal> ltvMedian(SqlConnection sql, String orgId, Long storeId, String currency, Histogram histogram) {
        return median(histogram, position -> sql.preparedQuery(LTV_AT)
                .execute(Tuple.of(orgId, storeId, currency, position.bin(), position.offset())));
    }

    static Future<List<JsonObject>> topCustomers(SqlConnection sql, String orgId, Long storeId, String currency, int limit) {
        return sql.preparedQuery(TOP_CUSTOMERS).execute(Tuple.of(orgId, storeId, currency, limit))
                .map(CustomerQueries::toJson);
    }

    /** The mean of the value(s) at the histogram's median position(s); null for an empty histogram. */
    private static Future<BigDecimal> median(Histogram histogram, Function<Histogram.Position, Future<RowSet<Row>>> valueAt) {
        List<Histogram.Position> positions = histogram.medianPositions();
        if (positions.isEmpty()) {
            return Future.succeededFuture(null);
        }
        List<Future<BigDecimal>> values = positions.stream()
                .map(position -> valueAt.apply(position)
                        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBigDecimal("value")))
                .toList();
        return Future.all(values).map(all -> {
            BigDecimal sum = BigDecimal.ZERO;
            for (Future<BigDecimal> value : values) {
                if (value.result() == null) {
                    return null; // the histogram moved under a concurrent write: no median rather than a wrong one
                }
                sum = sum.add(value.result());
            }
            return sum.divide(BigDecimal.valueOf(values.size()));
        });
    }

    private static Tuple range(String orgId, AnalyticsRequest request) {
        return Tuple.of(orgId, request.storeId(), utc(request.start()), utc(request.end()));
    }

}
