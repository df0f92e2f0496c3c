package io.orderlink.attribution;

import io.orderlink.orders.OrderWrites.StoredOrder;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.orderlink.db.SqlTimes.utc;

/**
 * Attributes stored orders: one query finds every candidate conversation of every order in the batch (same
 * store, same email or the order's chat session id, last activity at or before the order time within the
 * lookback), the policy picks in plain Java, and one update stores the result where it raises confidence.
 */
public final class Attributor {

    /** An attribution that was stored. */
    public record Applied(long orderId, AttributionMethod method) {

        /** From the stored method's id ({@code session_match}, …). */
        public static Applied of(long orderId, String method) {
            return new Applied(orderId, AttributionMethod.valueOf(method.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    /** An order to attribute: its tenant, its store, and the facts the policy reads. */
    public record Target(String orgId, long storeId, OrderFacts facts) {

        static Target of(StoredOrder order) {
            return new Target(order.orgId(), order.storeId(), new OrderFacts(order.email(), order.chatSessionId(), order.orderedAt()));
        }
    }

    /** Per candidate conversation, its last activity at or before the order time (activity after it is not seen). */
    private static final String CANDIDATES = """
            SELECT o.idx, a.conversation_id, a.email, a.session_id, a.at, a.message_count, a.product_inquiry, a.price_check
              FROM unnest($1::int[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[])
                   AS o(idx, store_id, email, session_id, at, lookback)
             CROSS JOIN LATERAL (
                SELECT DISTINCT ON (x.conversation_id) x.*
                  FROM (SELECT ca.* FROM conversation_activity ca
                         WHERE ca.store_id = o.store_id AND ca.email = o.email
                           AND ca.at <= o.at AND ca.at >= o.at - o.lookback * interval '1 second'
                        UNION ALL
                        SELECT ca.* FROM conversation_activity ca
                         WHERE o.session_id IS NOT NULL AND ca.store_id = o.store_id AND ca.session_id = o.session_id
                           AND ca.at <= o.at AND ca.at >= o.at - o.lookback * interval '1 second') x
                 ORDER BY x.conversation_id, x.at DESC) a""";

    /** Never lower: a first attribution always lands, later ones only with strictly higher confidence. */
    private static final String STORE = """
            UPDATE orders o
               SET conversation_id = u.cid, method = u.method, confidence = u.conf, reasoning = u.reason,
                   last_activity_at = u.la, attributed_at = now(), updated_at = now()
              FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::numeric[], $5::text[], $6::timestamptz[])
                   AS u(id, cid, method, conf, reason, la)
             WHERE o.id = u.id AND (o.attributed_at IS NULL OR u.conf > o.confidence)
            RETURNING o.id, o.method""";

    private final PolicyCatalog policies;

    public Attributor(PolicyCatalog policies) {
        this.policies = policies;
    }

    /** Attributes stored orders (a conversation arrived late): stored where the confidence rises. */
    public Future<List<Applied>> attribute(SqlConnection sql, List<StoredOrder> orders) {
        return decide(sql, orders.stream().map(Target::of).toList()).compose(decided -> store(sql, orders, decided));
    }

    /** The policy's verdict for each target, in order; nothing is stored. */
    public Future<Attribution[]> decide(SqlConnection sql, List<Target> targets) {
        if (targets.isEmpty()) {
            return Future.succeededFuture(new Attribution[0]);
        }
        Set<String> orgs = targets.stream().map(Target::orgId).collect(Collectors.toSet());
        return policies.policies(sql, orgs)
                .compose(byOrg -> sql.preparedQuery(CANDIDATES).execute(lookup(targets, byOrg))
                        .map(rows -> decide(targets, byOrg, rows)));
    }

    private static Tuple lookup(List<Target> targets, Map<String, AttributionPolicy> byOrg) {
        int n = targets.size();
        Integer[] idx = new Integer[n];
        Long[] store = new Long[n], lookback = new Long[n];
        String[] email = new String[n], session = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Target t = targets.get(i);
            idx[i] = i;
            store[i] = t.storeId();
            email[i] = t.facts().email();
            session[i] = t.facts().chatSessionId();
            at[i] = utc(t.facts().orderTime());
            lookback[i] = byOrg.get(t.orgId()).settings().lookback().toSeconds();
        }
        return Tuple.of(idx, store, email, session, at, lookback);
    }

    private static Attribution[] decide(List<Target> targets, Map<String, AttributionPolicy> byOrg, RowSet<Row> rows) {
        List<List<ConversationCandidate>> candidates = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            candidates.add(new ArrayList<>());
        }
        for (Row r : rows) {
            candidates.get(r.getInteger("idx")).add(new ConversationCandidate(r.getLong("conversation_id"),
                    r.getString("email"), r.getString("session_id"), r.getOffsetDateTime("at").toInstant(),
                    r.getInteger("message_count"), r.getBoolean("product_inquiry"), r.getBoolean("price_check")));
        }
        Attribution[] decided = new Attribution[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            decided[i] = byOrg.get(t.orgId()).attribute(t.facts(), candidates.get(i));
        }
        return decided;
    }

    private static Future<List<Applied>> store(SqlConnection sql, List<StoredOrder> orders, Attribution[] decided) {
        int n = orders.size();
        Long[] id = new Long[n], conversation = new Long[n];
        String[] method = new String[n], reason = new String[n];
        Numeric[] confidence = new Numeric[n];
        OffsetDateTime[] activity = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Attribution a = decided[i];
            id[i] = orders.get(i).id();
            conversation[i] = a.conversationId();
            method[i] = a.method().id();
            confidence[i] = Numeric.create(a.confidence());
            reason[i] = a.reasoning();
            activity[i] = utc(a.lastActivity());
        }
        return sql.preparedQuery(STORE).execute(Tuple.of(id, conversation, method, confidence, reason, activity))
                .map(rows -> {
                    List<Applied> applied = new ArrayList<>(rows.size());
                    Set<Long> seen = new HashSet<>();
                    for (Row r : rows) {
                        if (seen.add(r.getLong("id"))) {
                            applied.add(Applied.of(r.getLong("id"), r.getString("method")));
                        }
                    }
                    return applied;
                });
    }
}
