package io.orderlink.analytics;

import io.orderlink.tenancy.Role;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.Seed;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revenue analytics over a small data set whose every figure is worked out by hand below (and, after random
 * changes, checked against plain SQL sums), in USD and EUR, with refunds, cancelled, test and unpaid orders.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevenueAnalyticsTest {

    private static final String ORG = "org-analytics";
    private static final String WEEK = "start=2024-03-01&end=2024-03-07";

    private TestGateway gateway;
    private Pool sql;
    private long shop;
    private long woo;

    @BeforeAll
    void seed(Vertx vertx, TestDatabase database, VertxTestContext context) {
        sql = database.pool(vertx);
        TestGateway.start(vertx, database.database(), Map.of())
                .compose(g -> {
                    gateway = g;
                    return g.connectShopify(ORG, "analytics.myshopify.com", "secret");
                })
                .compose(id -> {
                    shop = id;
                    return gateway.connectWooCommerce(ORG, "http://woo.analytics.example", "secret");
                })
                .compose(id -> {
                    woo = id;
                    return seedOrders();
                })
                .onComplete(context.succeedingThenComplete());
    }

    /**
     * Counting orders in [2024-03-01, 2024-03-08):
     * USD: #1 shop 100.00 − 10.00 refund, session 0.95, 1 h after chat; #2 shop 50.00, proximity 0.80, 4 h;
     *      #3 woo 30.00, no match. Excluded: cancelled 999, test 500, unpaid 20, and 1000 at the exclusive end.
     * EUR: #7 shop 80.00, email 0.55, 48 h; #8 woo 40.00 fully refunded, session 0.90, 10 h.
     */
    private Future<?> seedOrders() {
        List<Future<?>> rows = new ArrayList<>(List.of(
                new Seed.Order(ORG, shop, "2024-03-01T10:00:00Z").money("USD", "100.00").refunded("10.00")
                        .attributed("session_match", "0.95", "2024-03-01T09:00:00Z").item("p1", "Mug", 1, "100.00").insert(sql),
                new Seed.Order(ORG, shop, "2024-03-02T12:00:00Z").money("USD", "50.00")
                        .attributed("time_proximity", "0.80", "2024-03-02T08:00:00Z").item("p2", "Tea", 2, "50.00").insert(sql),
                new Seed.Order(ORG, woo, "2024-03-02T13:00:00Z").platform("woocommerce").money("USD", "30.00").insert(sql),
                new Seed.Order(ORG, woo, "2024-03-03T13:00:00Z").platform("woocommerce").money("USD", "999.00").cancelled()
                        .attributed("session_match", "0.95", "2024-03-03T12:00:00Z").insert(sql),
                new Seed.Order(ORG, shop, "2024-03-03T14:00:00Z").money("USD", "500.00").test().insert(sql),
                new Seed.Order(ORG, woo, "2024-03-04T14:00:00Z").platform("woocommerce").money("USD", "20.00").unpaid().insert(sql),
                new Seed.Order(ORG, shop, "2024-03-05T00:00:00Z").money("EUR", "80.00")
                        .attributed("email_match", "0.55", "2024-03-03T00:00:00Z").item("p1", "Mug", 1, "80.00").insert(sql),
                new Seed.Order(ORG, woo, "2024-03-07T23:59:59Z").platform("woocommerce").money("EUR", "40.00").refunded("40.00")
                        .attributed("session_match", "0.90", "2024-03-07T13:59:59Z").item("p3", "Pot", 1, "40.00").insert(sql),
                new Seed.Order(ORG, shop, "2024-03-08T00:00:00Z").money("USD", "1000.00").insert(sql),
                new Seed.Order(ORG, shop, "2024-02-29T23:59:59Z").money("USD", "1000.00").insert(sql),
                Seed.conversation(sql, ORG, shop, "c1", "2024-03-01T08:00:00Z"),
                Seed.conversation(sql, ORG, shop, "c2", "2024-03-02T07:00:00Z"),
                Seed.conversation(sql, ORG, woo, "c3", "2024-03-02T23:00:00Z"),
                Seed.conversation(sql, ORG, woo, "c4", "2024-03-07T12:00:00Z"),
                Seed.conversation(sql, ORG, woo, "c5", "2024-03-08T00:00:00Z"),
                // Lifetime values: USD a 450 (3 paid), b 100 (1), c 800 (5); EUR 100, 200, 400, 1000.
                Seed.customer(sql, ORG, shop, "a@example.com", "USD", 3, "450.00"),
                Seed.customer(sql, ORG, shop, "b@example.com", "USD", 1, "100.00"),
                Seed.customer(sql, ORG, woo, "c@example.com", "USD", 5, "800.00"),
                Seed.customer(sql, ORG, shop, "d@example.com", "EUR", 1, "100.00"),
                Seed.customer(sql, ORG, shop, "e@example.com", "EUR", 2, "200.00"),
                Seed.customer(sql, ORG, woo, "f@example.com", "EUR", 1, "400.00"),
                Seed.customer(sql, ORG, woo, "g@example.com", "EUR", 3, "1000.00")));
        return Future.all(rows);
    }

    @AfterAll
    void stop(VertxTestContext context) {
        gateway.close().eventually(sql::close).onComplete(context.succeedingThenComplete());
    }

    private Future<JsonObject> revenue(String query) {
        return gateway.api(HttpMethod.GET, "/api/analytics/revenue?" + query, gateway.token(ORG, Role.VIEWER)).send()
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new AssertionError(response.statusCode() + " " + response.bodyAsString());
                    }
                    return response.bodyAsJsonObject();
                });
    }

    private void check(VertxTestContext context, String query, Consumer<JsonObject> assertions) {
        revenue(query).onComplete(context.succeeding(report -> context.verify(() -> {
            assertions.accept(report);
            context.completeNow();
        })));
    }

    @Test
    void totalsPerCurrencyCountOnlyPaidLiveOrdersNetOfRefunds(VertxTestContext context) {
        check(context, WEEK, report -> {
            JsonObject usd = report.getJsonObject("currencies").getJsonObject("USD");
            assertEquals("170.00", usd.getString("totalRevenue"));
            assertEquals("180.00", usd.getString("grossRevenue"));
            assertEquals("10.00", usd.getString("refunds"));
            assertEquals(3, usd.getInteger("totalOrders"));
            assertEquals("56.67", usd.getString("averageOrderValue"));
            assertEquals("140.00", usd.getString("chatAttributedRevenue"));
            assertEquals(2, usd.getInteger("attributedOrders"));
            JsonObject eur = report.getJsonObject("currencies").getJsonObject("EUR");
            assertEquals("80.00", eur.getString("totalRevenue"));
            assertEquals("120.00", eur.getString("grossRevenue"));
            assertEquals("40.00", eur.getString("refunds"));
            assertEquals(2, eur.getInteger("totalOrders"));
            assertEquals("40.00", eur.getString("averageOrderValue"));
            assertEquals("80.00", eur.getString("chatAttributedRevenue"));
        });
    }

    @Test
    void conversationsInRangeAndConversionRate(VertxTestContext context) {
        check(context, WEEK, report -> {
            assertEquals(4, report.getInteger("conversationCount"));
            assertEquals(4, report.getInteger("attributedOrders"));
            assertEquals(0, new BigDecimal("100.00").compareTo(new BigDecimal(report.getValue("conversionRate").toString())));
        });
    }

    @Test
    void breakdownsByPlatformMethodAndConfidence(VertxTestContext context) {
        check(context, WEEK, report -> {
            JsonObject usd = report.getJsonObject("currencies").getJsonObject("USD");
            assertEquals(money("140.00", 2), usd.getJsonObject("revenueByPlatform").getJsonObject("shopify"));
            assertEquals(money("30.00", 1), usd.getJsonObject("revenueByPlatform").getJsonObject("woocommerce"));
            JsonObject methods = usd.getJsonObject("revenueByMethod");
            assertEquals(money("90.00", 1), methods.getJsonObject("session_match"));
            assertEquals(money("50.00", 1), methods.getJsonObject("time_proximity"));
            assertEquals(money("0.00", 0), methods.getJsonObject("email_match"));
            assertEquals(money("30.00", 1), methods.getJsonObject("no_match"));
            JsonObject buckets = usd.getJsonObject("revenueByConfidence");
            assertEquals(money("90.00", 1), buckets.getJsonObject("high"));
            assertEquals(money("50.00", 1), buckets.getJsonObject("medium"));
            assertEquals(money("0.00", 0), buckets.getJsonObject("low"));
            assertEquals(money("30.00", 1), buckets.getJsonObject("none"));
            JsonObject eurBuckets = report.getJsonObject("currencies").getJsonObject("EUR").getJsonObject("revenueByConfidence");
            assertEquals(money("80.00", 1), eurBuckets.getJsonObject("low"));
            assertEquals(money("0.00", 1), eurBuckets.getJsonObject("high"), "a fully refunded order counts, at zero");
        });
    }

    @Test
    void revenueOverTimeIsZeroFilledOverTheWholeRange(VertxTestContext context) {
        check(context, WEEK + "&granularity=day", report -> {
            JsonArray series = report.getJsonObject("currencies").getJsonObject("USD").getJsonArray("revenueOverTime");
            assertEquals(7, series.size());
            assertEquals(new JsonObject().put("period", "2024-03-01").put("revenue", "90.00").put("orders", 1)
                    .put("chatAttributedRevenue", "90.00").put("attributedOrders", 1), series.getJsonObject(0));
            assertEquals("80.00", series.getJsonObject(1).getString("revenue"));
            assertEquals("50.00", series.getJsonObject(1).getString("chatAttributedRevenue"));
            for (int day = 2; day < 7; day++) {
                assertEquals("0.00", series.getJsonObject(day).getString("revenue"));
                assertEquals(0, series.getJsonObject(day).getInteger("orders"));
            }
            assertEquals("2024-03-07", series.getJsonObject(6).getString("period"));
        });
    }

    @Test
    void weeksAreIsoWeeksStartingOnMonday(VertxTestContext context) {
        // 2024-03-01 is a Friday: its ISO week starts on Monday 2024-02-26.
        check(context, WEEK + "&granularity=week", report -> {
            JsonArray series = report.getJsonObject("currencies").getJsonObject("EUR").getJsonArray("revenueOverTime");
            assertEquals(2, series.size());
            assertEquals("2024-02-26", series.getJsonObject(0).getString("period"));
            assertEquals("0.00", series.getJsonObject(0).getString("revenue"));
            assertEquals("2024-03-04", series.getJsonObject(1).getString("period"));
            assertEquals("80.00", series.getJsonObject(1).getString("revenue"));
            assertEquals(2, series.getJsonObject(1).getInteger("orders"));
        });
    }

    @Test
    void monthsStartOnTheFirst(VertxTestContext context) {
        check(context, "start=2024-02-15&end=2024-03-31&granularity=month", report -> {
            JsonArray series = report.getJsonObject("currencies").getJsonObject("USD").getJsonArray("revenueOverTime");
            assertEquals(List.of("2024-02-01", "2024-03-01"), series.stream().map(p -> ((JsonObject) p).getString("period")).toList());
            assertEquals("1000.00", series.getJsonObject(0).getString("revenue"));
            assertEquals("1170.00", series.getJsonObject(1).getString("revenue"));
        });
    }

    @Test
    void topProductsByAttributedRevenue(VertxTestContext context) {
        check(context, WEEK, report -> {
            JsonArray usd = report.getJsonObject("currencies").getJsonObject("USD").getJsonArray("topProducts");
            assertEquals(2, usd.size());
            assertEquals("Mug", usd.getJsonObject(0).getString("name"));
            assertEquals("100.00", usd.getJsonObject(0).getString("revenue"));
            assertEquals("Tea", usd.getJsonObject(1).getString("name"));
            assertEquals(2, usd.getJsonObject(1).getInteger("quantity"));
            JsonArray eur = report.getJsonObject("currencies").getJsonObject("EUR").getJsonArray("topProducts");
            assertEquals(List.of("80.00", "40.00"), eur.stream().map(p -> ((JsonObject) p).getString("revenue")).toList());
        });
    }

    @Test
    void timeToConversionHasATrueMedianOfAnEvenCount(VertxTestContext context) {
        // Gaps 1 h, 4 h, 10 h, 48 h: the median is (4 + 10) / 2 = 7, not the upper middle 10; the mean is 63 / 4.
        check(context, WEEK, report -> {
            JsonObject time = report.getJsonObject("timeToConversion");
            assertEquals(4, time.getInteger("orders"));
            assertEquals(0, new BigDecimal("7.00").compareTo(new BigDecimal(time.getValue("medianHours").toString())));
            assertEquals(0, new BigDecimal("15.75").compareTo(new BigDecimal(time.getValue("averageHours").toString())));
            assertEquals(new JsonObject().put("0-1h", 1).put("1-6h", 1).put("6-24h", 1).put("1-7d", 1).put("over7d", 0),
                    time.getJsonObject("distribution"));
        });
    }

    @Test
    void timeToConversionHasATrueMedianOfAnOddCount(VertxTestContext context) {
        // Up to 2024-03-05T12:00: gaps 1 h, 4 h, 48 h; the middle one is 4 h; 1 h is inside 0-1 h (inclusive bound).
        check(context, "start=2024-03-01&end=2024-03-05T12:00:00Z", report -> {
            JsonObject time = report.getJsonObject("timeToConversion");
            assertEquals(3, time.getInteger("orders"));
            assertEquals(0, new BigDecimal("4.00").compareTo(new BigDecimal(time.getValue("medianHours").toString())));
            assertEquals(1, time.getJsonObject("distribution").getInteger("0-1h"));
        });
    }

    @Test
    void customersPerCurrencyWithTrueMedians(VertxTestContext context) {
        check(context, WEEK + "&metric=ltv", report -> {
            JsonObject usd = report.getJsonObject("currencies").getJsonObject("USD").getJsonObject("customers");
            assertEquals(3, usd.getInteger("totalCustomers"));
            assertEquals(2, usd.getInteger("returningCustomers"));
            assertEquals(0, new BigDecimal("66.67").compareTo(new BigDecimal(usd.getValue("returningRate").toString())));
            assertEquals("450.00", usd.getString("averageLtv"));
            assertEquals("450.00", usd.getString("medianLtv"));
            assertEquals(List.of("c@example.com", "a@example.com", "b@example.com"),
                    usd.getJsonArray("topCustomers").stream().map(c -> ((JsonObject) c).getString("email")).toList());
            JsonObject eur = report.getJsonObject("currencies").getJsonObject("EUR").getJsonObject("customers");
            assertEquals(4, eur.getInteger("totalCustomers"));
            assertEquals("300.00", eur.getString("medianLtv"), "mean of the two middle values 200 and 400");
            assertEquals("425.00", eur.getString("averageLtv"));
            assertNull(report.getJsonObject("currencies").getJsonObject("USD").getValue("totalRevenue"), "ltv only");
        });
    }

    @Test
    void aStoreFilterKeepsThatStoresFiguresOnly(VertxTestContext context) {
        check(context, WEEK + "&storeId=" + woo, report -> {
            JsonObject usd = report.getJsonObject("currencies").getJsonObject("USD");
            assertEquals("30.00", usd.getString("totalRevenue"));
            assertEquals(1, usd.getInteger("totalOrders"));
            assertEquals(2, report.getInteger("conversationCount"));
            assertEquals("800.00", usd.getJsonObject("customers").getString("medianLtv"));
        });
    }

    @Test
    void anEmptyRangeIsAllZerosWithoutDividingByZero(VertxTestContext context) {
        check(context, "start=2023-01-01&end=2023-01-03", report -> {
            assertEquals(0, report.getInteger("conversationCount"));
            assertEquals(0, new BigDecimal(report.getValue("conversionRate").toString()).signum());
            JsonObject usd = report.getJsonObject("currencies").getJsonObject("USD");
            assertEquals("0.00", usd.getString("totalRevenue"));
            assertEquals("0.00", usd.getString("averageOrderValue"));
            assertEquals(0, usd.getInteger("totalOrders"));
            assertEquals(3, usd.getJsonArray("revenueOverTime").size());
            JsonObject time = report.getJsonObject("timeToConversion");
            assertEquals(0, time.getInteger("orders"));
            assertEquals(0, new BigDecimal(time.getValue("medianHours").toString()).signum());
        });
    }

    @Test
    void badInputIs400NamingTheField(VertxTestContext context) {
        String token = gateway.token(ORG, Role.VIEWER);
        List<Map.Entry<String, String>> cases = List.of(Map.entry("start=yesterday", "start"),
                Map.entry("end=2024-13-01", "end"), Map.entry("granularity=hour", "granularity"),
                Map.entry("metric=everything", "metric"), Map.entry("start=2024-03-02&end=2024-03-01", "end"),
                Map.entry("start=2000-01-01&end=2024-01-01", "end"));
        Future.all(cases.stream().map(c -> gateway.api(HttpMethod.GET, "/api/analytics/revenue?" + c.getKey(), token).send()
                        .map(response -> {
                            assertEquals(400, response.statusCode(), c.getKey());
                            JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
                            assertEquals("invalid_" + c.getValue(), error.getString("code"), c.getKey());
                            assertTrue(error.getString("message").startsWith(c.getValue() + " "), error.getString("message"));
                            return null;
                        })).toList())
                .onComplete(context.succeedingThenComplete());
    }

    @Test
    void figuresEqualPlainSqlSumsAfterChangesOverPartialDayRanges(VertxTestContext context) {
        // Another organization, so the figures above stay as they are. UPDATE, INSERT … SELECT and DELETE move money
        // between rollup rows; the ranges cut days in the middle, so rollups and orders both contribute.
        String org = "org-changes";
        // The last range holds whole months (read from monthly rollup rows), whole days and partial days.
        List<String> ranges = List.of("start=2024-03-01T10:00:00Z&end=2024-03-05T00:00:01Z",
                "start=2024-03-02T12:30:00Z&end=2024-03-02T13:30:00Z", "start=2024-02-29T23:00:00Z&end=2024-03-08T00:00:01Z",
                "start=2024-01-15T10:00:00Z&end=2024-05-03T00:00:00Z");
        gateway.connectShopify(org, "changes.myshopify.com", "secret")
                .compose(store -> Future.all(List.of(
                                new Seed.Order(org, store, "2024-03-01T10:00:00Z").money("USD", "100.01").refunded("0.99")
                                        .attributed("session_match", "0.95", "2024-03-01T09:00:00Z").insert(sql),
                                new Seed.Order(org, store, "2024-03-02T13:00:00Z").money("USD", "50.00").insert(sql),
                                new Seed.Order(org, store, "2024-03-03T00:00:00Z").money("USD", "30.00").insert(sql),
                                new Seed.Order(org, store, "2024-03-04T23:59:59.999999Z").money("EUR", "80.00").insert(sql),
                                new Seed.Order(org, store, "2024-03-07T12:00:00Z").money("EUR", "19.99").insert(sql),
                                new Seed.Order(org, store, "2024-02-01T00:00:00Z").money("USD", "7.77").item("p9", "Cup", 3, "7.77")
                                        .attributed("email_match", "0.65", "2024-01-30T00:00:00Z").insert(sql),
                                new Seed.Order(org, store, "2024-04-30T23:59:59Z").money("USD", "3.33").item("p9", "Cup", 1, "3.33")
                                        .attributed("time_proximity", "0.70", "2024-04-30T20:00:00Z").insert(sql),
                                new Seed.Order(org, store, "2024-01-15T09:59:59Z").money("USD", "1000.00").item("p9", "Cup", 1, "1000")
                                        .attributed("time_proximity", "0.70", "2024-01-15T08:00:00Z").insert(sql)))
                        .compose(v -> sql.query("""
                                UPDATE orders SET refunded = refunded + 5.25 WHERE org_id = 'org-changes' AND total = 50.00;
                                UPDATE orders SET cancelled = true WHERE org_id = 'org-changes' AND total = 30.00;
                                UPDATE orders SET method = 'email_match', confidence = 0.55, last_activity_at = ordered_at
                                 WHERE org_id = 'org-changes' AND total = 80.00;
                                INSERT INTO orders (org_id, store_id, platform, platform_order_id, currency, total, paid, cancelled,
                                                    test, ordered_at, source_updated_at, method, confidence)
                                SELECT org_id, store_id, platform, 'extra-' || platform_order_id, currency, total / 3, true, false,
                                       false, ordered_at + interval '37 minutes', now(), method, confidence
                                  FROM orders WHERE org_id = 'org-changes';
                                DELETE FROM orders WHERE org_id = 'org-changes' AND platform_order_id LIKE 'extra-%' AND total > 30""")
                                .execute()))
                .compose(v -> Future.all(ranges.stream().map(range -> compareWithPlainSql(org, range)).toList()))
                .onComplete(context.succeedingThenComplete());
    }

    /** The API's per-currency totals against SUMs over the orders table for the same range. */
    private Future<Void> compareWithPlainSql(String org, String range) {
        Instant start = Instant.parse(range.substring(6, range.indexOf('&')));
        Instant end = Instant.parse(range.substring(range.indexOf("end=") + 4));
        return sql.preparedQuery("""
                        SELECT currency, count(*) AS orders, sum(total) AS gross, sum(refunded) AS refunds,
                               coalesce(sum(total - refunded) FILTER (WHERE method <> 'no_match'), 0) AS chat,
                               count(*) FILTER (WHERE method <> 'no_match' AND last_activity_at IS NOT NULL) AS converted,
                               (SELECT coalesce(sum((i->>'total')::numeric), 0) FROM orders p, jsonb_array_elements(p.line_items) i
                                 WHERE p.org_id = $1 AND p.counts AND p.method <> 'no_match' AND p.currency = o.currency
                                   AND p.ordered_at >= $2 AND p.ordered_at < $3) AS products
                          FROM orders o WHERE org_id = $1 AND counts AND ordered_at >= $2 AND ordered_at < $3
                         GROUP BY currency""")
                .execute(Tuple.of(org, start.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC)))
                .compose(expected -> gateway.api(HttpMethod.GET, "/api/analytics/revenue?" + range, gateway.token(org, Role.VIEWER))
                        .send().map(response -> {
                            JsonObject currencies = response.bodyAsJsonObject().getJsonObject("currencies");
                            long converted = 0;
                            for (Row row : expected) {
                                converted += row.getLong("converted");
                                String currency = row.getString("currency");
                                JsonObject actual = currencies.getJsonObject(currency);
                                assertEquals(row.getLong("orders").intValue(), actual.getInteger("totalOrders"), range + " " + currency);
                                assertEquals(cents(row.getBigDecimal("gross")), actual.getString("grossRevenue"), range);
                                assertEquals(cents(row.getBigDecimal("refunds")), actual.getString("refunds"), range);
                                assertEquals(cents(row.getBigDecimal("gross").subtract(row.getBigDecimal("refunds"))),
                                        actual.getString("totalRevenue"), range);
                                assertEquals(cents(row.getBigDecimal("chat")), actual.getString("chatAttributedRevenue"), range);
                                BigDecimal products = actual.getJsonArray("topProducts").stream()
                                        .map(p -> new BigDecimal(((JsonObject) p).getString("revenue"))).reduce(BigDecimal.ZERO, BigDecimal::add);
                                assertEquals(cents(row.getBigDecimal("products")), cents(products), range + " products");
                            }
                            assertEquals(converted, response.bodyAsJsonObject().getJsonObject("timeToConversion").getLong("orders"), range);
                            assertTrue(expected.size() > 0, "the range " + range + " has orders to compare");
                            return null;
                        }));
    }

    private static String cents(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static JsonObject money(String revenue, int orders) {
        return new JsonObject().put("revenue", revenue).put("orders", orders);
    }
}
