package io.orderlink.api;

import io.orderlink.attribution.Conversations;
import io.orderlink.orders.Emails;
import io.orderlink.orders.TimeRange;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tenant;
import io.orderlink.tenancy.TenantScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;

/** {@code PUT /api/conversations/{externalId}}: the chat backend records conversations as they happen. */
final class ConversationsRoutes {

    private final Pool pool;
    private final Conversations conversations;
    private final TimeRange times;

    ConversationsRoutes(Pool pool, Conversations conversations, TimeRange times) {
        this.pool = pool;
        this.conversations = conversations;
        this.times = times;
    }

    void mount(Router router) {
        router.put("/api/conversations/:externalId").handler(Endpoint.as(this::record, Role.SERVICE, Role.ADMIN));
    }

    private Future<Endpoint.Reply> record(RoutingContext context, Tenant tenant) {
        String externalId = context.pathParam("externalId");
        if (externalId == null || externalId.isBlank() || externalId.length() > Requests.MAX_TEXT) {
            throw ApiError.badRequest("externalId", "must be 1 to " + Requests.MAX_TEXT + " characters");
        }
        JsonObject body = Requests.jsonBody(context);
        Conversations.Report report = report(externalId, body);
        return TenantScope.run(pool, tenant, sql -> store(sql, tenant, body)
                        .compose(storeId -> conversations.record(sql, tenant.orgId(), report.forStore(storeId))))
                .map(json -> new Endpoint.Reply(json.getBoolean("created") ? 201 : 200, json));
    }

    /** The caller's store named by {@code storeId} or {@code domain}; another tenant's store does not exist here. */
    private static Future<Long> store(SqlConnection sql, Tenant tenant, JsonObject body) {
        Long storeId = Requests.positiveId(body, "storeId");
        String domain = body.getValue("domain") == null ? null : Requests.domain("domain", body.getValue("domain"));
        if (storeId == null && domain == null) {
            throw ApiError.badRequest("storeId", "or domain is required");
        }
        String sqlText = storeId != null
                ? "SELECT id FROM stores WHERE org_id = $1 AND id = $2 AND disconnected_at IS NULL"
                : "SELECT id FROM stores WHERE org_id = $1 AND domain = $2 AND disconnected_at IS NULL";
        Object key = storeId != null ? storeId : domain;
        return sql.preparedQuery(sqlText).execute(Tuple.of(tenant.orgId(), key)).map(rows -> {
            if (rows.size() == 0) {
                throw ApiError.notFound("store " + key);
            }
            if (rows.size() > 1) {
                throw ApiError.badRequest("domain", "matches more than one store: give storeId");
            }
            return rows.iterator().next().getLong("id");
        });
    }

    /** Every field but the store, which is resolved in the tenant's scope. */
    private Conversations.Report report(String externalId, JsonObject body) {
        String email = Requests.email("customerEmail", Requests.text(body, "customerEmail", Requests.MAX_EMAIL));
        Instant startedAt = Requests.instant(body, "startedAt", times);
        if (startedAt == null) {
            throw ApiError.badRequest("startedAt", "is required (an ISO-8601 instant)");
        }
        Instant lastMessageAt = Requests.instant(body, "lastMessageAt", times);
        if (lastMessageAt == null) {
            lastMessageAt = startedAt;
        }
        if (lastMessageAt.isBefore(startedAt)) {
            throw ApiError.badRequest("lastMessageAt", "must not be before startedAt");
        }
        Object metadata = body.getValue("metadata");
        if (metadata != null && !(metadata instanceof JsonObject)) {
            throw ApiError.badRequest("metadata", "must be an object");
        }
        if (metadata != null && ((JsonObject) metadata).toBuffer().length() > Requests.MAX_METADATA_BYTES) {
            throw ApiError.badRequest("metadata", "must be at most " + Requests.MAX_METADATA_BYTES + " bytes of JSON");
        }
        return new Conversations.Report(0, externalId, Emails.normalize(email), Requests.text(body, "sessionId", Requests.MAX_TEXT),
                startedAt, lastMessageAt, messageCount(body), flag(body, "productInquiry"), flag(body, "priceCheck"),
                metadata == null ? new JsonObject() : (JsonObject) metadata);
    }

    private static int messageCount(JsonObject body) {
        Object value = body.getValue("messageCount");
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0
                || ((Number) value).longValue() > Integer.MAX_VALUE) {
            throw ApiError.badRequest("messageCount", "must be a whole number from 0 to " + Integer.MAX_VALUE);
        }
        return ((Number) value).intValue();
    }

    private static boolean flag(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof Boolean)) {
            throw ApiError.badRequest(field, "must be true or false");
        }
        return Boolean.TRUE.equals(value);
    }
}
