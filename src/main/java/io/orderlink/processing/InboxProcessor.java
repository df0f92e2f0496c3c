package io.orderlink.processing;

import io.orderlink.attribution.Attributor;
import io.orderlink.attribution.Attribution;
import io.orderlink.attribution.OrderFacts;

import io.orderlink.inbox.InboxClaims;
import io.orderlink.inbox.WebhookTopics;
import io.orderlink.inbox.InboxClaims.Claimed;
import io.orderlink.inbox.InboxClaims.Finish;
import io.orderlink.orders.Compliance;
import io.orderlink.orders.ComplianceRequest;
import io.orderlink.orders.CustomerLedger;
import io.orderlink.orders.CustomerLedger.Customer;
import io.orderlink.orders.NormalizedOrder;
import io.orderlink.orders.OrderParseException;
import io.orderlink.orders.TimeRange;
import io.orderlink.orders.OrderWrites;
import io.orderlink.orders.OrderWrites.OrderChange;
import io.orderlink.orders.OrderWrites.RefundChange;
import io.orderlink.orders.OrderWrites.StoredOrder;
import io.orderlink.stores.Platform;
import io.orderlink.orders.Refund;
import io.orderlink.orders.ShopifyOrderParser;
import io.orderlink.orders.WooCommerceOrderParser;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns pending inbox rows into orders, attributions and lifetime values. A batch is claimed with
 * {@code FOR UPDATE SKIP LOCKED} (so workers in any number of processes never share a row) and applied in one
 * transaction. If that transaction fails, each row is retried alone, and a row that still fails is marked
 * {@code failed} with its error: one bad delivery never blocks the others.
 */
final class InboxProcessor {

    /** What a batch did, for the worker's metrics and lag. */
    record Outcome(int claimed, List<Attributor.Applied> attributions, List<Instant> receivedAt) {
        static final Outcome NONE = new Outcome(0, List.of(), List.of());
    }

    /**
     * The worker's commits need not wait for the WAL flush: its claim, everything it derives and the rows' new
     * status commit together, so a crash can only lose a whole recent batch, whose rows are then still pending
     * in the (synchronously committed) inbox and are processed again, idempotently. Ingest never relaxes this.
     */
    private static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit = off";
    private static final Logger LOG = LoggerFactory.getLogger(InboxProcessor.class);

    private final Pool pool;
    private final Attributor attributor;
    private final ShopifyOrderParser shopify;
    private final WooCommerceOrderParser wooCommerce;

    InboxProcessor(Pool pool, Attributor attributor, String chatSessionKey, TimeRange times) {
        this.pool = pool;
        this.attributor = attributor;
        this.shopify = new ShopifyOrderParser(chatSessionKey, times);
        this.wooCommerce = new WooCommerceOrderParser(chatSessionKey, times);
    }

    /**
     * Processes up to {@code limit} deliveries in one transaction (the worker sizes batches, see {@link IngestYield});
     * an outcome with {@code claimed == 0} means nothing was pending.
     */
    Future<Outcome> processBatch(int limit) {
        List<Long> claimedIds = new ArrayList<>();
        return pool.withTransaction(sql -> sql.query(ASYNC_COMMIT).execute()
                        .compose(v -> InboxClaims.claim(sql, limit))
                        .compose(rows -> {
                            rows.forEach(r -> claimedIds.add(r.id()));
                            return rows.isEmpty() ? Future.succeededFuture(Outcome.NONE) : apply(sql, rows);
                        }))
                .recover(error -> claimedIds.isEmpty() ? Future.failedFuture(error) : oneByOne(claimedIds));
    }

    private Future<Outcome> oneByOne(List<Long> ids) {
        Future<Outcome> chain = Future.succeededFuture(Outcome.NONE);
        List<Attributor.Applied> attributions = new ArrayList<>();
        List<Instant> received = new ArrayList<>();
        for (long id : ids) {
            chain = chain.compose(v -> processAlone(id).map(outcome -> {
                attributions.addAll(outcome.attributions());
                received.addAll(outcome.receivedAt());
                return outcome;
            }));
        }
        return chain.map(v -> new Outcome(ids.size(), attributions, received));
    }

    private Future<Outcome> processAlone(long id) {
        return pool.withTransaction(sql -> sql.query(ASYNC_COMMIT).execute()
                        .compose(v -> InboxClaims.claimOne(sql, id))
                        .compose(rows -> rows.isEmpty() ? Future.succeededFuture(Outcome.NONE) : apply(sql, rows)))
                .recover(error -> {
                    LOG.atWarn().addKeyValue("delivery", id)
                            .log("Inbox event {} failed and is kept as a dead letter: {}", id, describe(error));
                    return pool.withTransaction(sql -> InboxClaims.finish(sql, List.of(new Finish(id, "failed", describe(error)))))
                            .map(Outcome.NONE);
                });
    }

    /** Everything the batch changes, in one transaction: refunds, orders, trash, refunded totals, attribution, compliance, LTV. */
    private Future<Outcome> apply(SqlConnection sql, List<Claimed> rows) {
        Batch batch = new Batch();
        rows.forEach(batch::parse);
        Set<Customer> customers = new LinkedHashSet<>();
        List<Attributor.Applied> attributions = new ArrayList<>();
        List<OrderChange> newest = OrderWrites.newestPerOrder(batch.orders);
        return OrderWrites.insertRefunds(sql, batch.refunds)
                .compose(v -> attributor.decide(sql, newest.stream().map(InboxProcessor::target).toList()))
                .compose(decided -> OrderWrites.upsert(sql, newest, credits(decided)))
                .map(upserted -> {
                    for (OrderWrites.Upserted u : upserted) {
                        customers.add(new Customer(u.order().storeId(), u.order().email()));
                        if (u.attributed()) {
                            attributions.add(Attributor.Applied.of(u.order().id(), u.method()));
                        }
                    }
                    return null;
                })
                .compose(v -> OrderWrites.markDeleted(sql, batch.deleted, Instant.now()))
                .compose(deleted -> {
                    addCustomers(customers, deleted);
                    return OrderWrites.recomputeRefunded(sql, batch.refunded);
                })
                .compose(refunded -> {
                    addCustomers(customers, refunded);
                    return compliance(sql, batch.compliance, customers);
                })
                .compose(v -> CustomerLedger.recompute(sql, customers))
                .compose(v -> InboxClaims.finish(sql, batch.finished))
                .map(v -> new Outcome(rows.size(), attributions, rows.stream().map(Claimed::receivedAt).toList()));
    }

    private Future<Void> compliance(SqlConnection sql, List<Compliant> requests, Set<Customer> customers) {
        Future<Void> chain = Future.succeededFuture();
        for (Compliant c : requests) {
            chain = chain.compose(v -> switch (c.request().topic()) {
                case WebhookTopics.CUSTOMERS_REDACT -> Compliance.redactCustomer(sql, c.row().orgId(), c.row().storeId(),
                        c.row().id(), c.request()).map(customers::addAll).mapEmpty();
                case WebhookTopics.SHOP_REDACT -> Compliance.redactShop(sql, c.row().orgId(), c.row().storeId(), c.row().id(),
                        c.request()).map(done -> {
                            customers.removeIf(customer -> customer.storeId() == c.row().storeId());
                            return null;
                        });
                default -> Compliance.dataRequest(sql, c.row().orgId(), c.row().storeId(), c.row().id(), c.request());
            });
        }
        return chain;
    }

    private static Attributor.Target target(OrderChange change) {
        NormalizedOrder o = change.order();
        return new Attributor.Target(change.orgId(), change.storeId(), new OrderFacts(o.email(), o.chatSessionId(), o.createdAt()));
    }

    private static List<OrderWrites.Credit> credits(Attribution[] decided) {
        List<OrderWrites.Credit> credits = new ArrayList<>(decided.length);
        for (Attribution a : decided) {
            credits.add(new OrderWrites.Credit(a.conversationId(), a.method().id(), a.confidence(), a.reasoning(), a.lastActivity()));
        }
        return credits;
    }

    private static void addCustomers(Set<Customer> customers, List<StoredOrder> orders) {
        orders.forEach(o -> customers.add(new Customer(o.storeId(), o.email())));
    }

    private record Compliant(Claimed row, ComplianceRequest request) {
    }

    /** One batch's rows parsed into what each asks for; every row ends in exactly one finished state. */
    private final class Batch {
        final List<OrderChange> orders = new ArrayList<>();
        final List<RefundChange> refunds = new ArrayList<>();
        final Map<Long, List<String>> deleted = new HashMap<>();
        /** Orders that gained a refund delivered on its own; upserted orders compute their refunds themselves. */
        final Map<Long, List<String>> refunded = new HashMap<>();
        final List<Compliant> compliance = new ArrayList<>();
        final List<Finish> finished = new ArrayList<>();

        void parse(Claimed row) {
            try {
                String status = route(row) ? "processed" : "ignored";
                finished.add(new Finish(row.id(), status, null));
            } catch (OrderParseException | IllegalArgumentException e) {
                LOG.atWarn().addKeyValue("organization", row.orgId()).addKeyValue("store", row.storeId())
                        .addKeyValue("delivery", row.id())
                        .log("Inbox event {} ({} {}) cannot be parsed and is kept as a dead letter: {}", row.id(),
                                row.platform().id(), row.topic(), e.getMessage());
                finished.add(new Finish(row.id(), "failed", e.getMessage()));
            }
        }

        /** True when the row is something the gateway processes, false for a topic it ignores. */
        private boolean route(Claimed row) throws OrderParseException {
            if (row.platform() == Platform.SHOPIFY) {
                switch (row.topic()) {
                    case WebhookTopics.ORDERS_CREATE, WebhookTopics.ORDERS_UPDATED, WebhookTopics.ORDERS_PAID,
                            WebhookTopics.ORDERS_CANCELLED ->
                            order(row, shopify.parseOrder(row.body()));
                    case WebhookTopics.REFUNDS_CREATE -> refund(row, shopify.parseRefund(row.body()));
                    case WebhookTopics.CUSTOMERS_DATA_REQUEST, WebhookTopics.CUSTOMERS_REDACT, WebhookTopics.SHOP_REDACT ->
                            compliance.add(new Compliant(row, ComplianceRequest.parse(row.topic(), row.body())));
                    default -> {
                        return false;
                    }
                }
                return true;
            }
            switch (row.topic()) {
                case WebhookTopics.ORDER_CREATED, WebhookTopics.ORDER_UPDATED, WebhookTopics.ORDER_RESTORED, WebhookTopics.ORDER_DELETED -> {
                    String deletedId = WooCommerceOrderParser.deletion(row.topic(), row.body());
                    if (deletedId == null) {
                        order(row, wooCommerce.parse(row.body()));
                    } else {
                        deleted.computeIfAbsent(row.storeId(), s -> new ArrayList<>()).add(deletedId);
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private void order(Claimed row, NormalizedOrder order) {
            orders.add(new OrderChange(row.orgId(), row.storeId(), order));
            order.refunds().forEach(refund -> refunds.add(new RefundChange(row.orgId(), row.storeId(), refund)));
        }

        private void refund(Claimed row, Refund refund) {
            refunds.add(new RefundChange(row.orgId(), row.storeId(), refund));
            refunded.computeIfAbsent(row.storeId(), s -> new ArrayList<>()).add(refund.platformOrderId());
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
