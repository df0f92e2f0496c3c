package io.orderlink.api;

import io.orderlink.attribution.Conversations;
import io.orderlink.orders.Emails;
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
import java.time.format.DateTimeParseException;

/** {@code PUT /api/conversations/{externalId}}: the chat backend records conversations as they happen. */
final class ConversationsRoutes {

    private static final int MAX_EXTERNAL_ID = 200;

    private final Pool pool;
    private final Conversations conversations;

    ConversationsRoutes(Pool pool, Conversations conversations) {
        this.pool = pool;
        this.conversations = conversations;
    }

    void mount(Router router) {
        router.put("/api/conversations/:externalId").handler(Endpoint.as(this::record, Role.SERVICE, Role.ADMIN));
    }

    private Future<Endpoint.Reply> record(RoutingContext context, Tenant tenant) {
        String externalId = context.pathParam("externalId");
        if (externalId == null || externalId.isBlank() || externalId.length() > MAX_EXTERNAL_ID) {
            throw ApiError.badRequest("externalId", "must be 1 to " + MAX_EXTERNAL_ID + " characters");
        }
        JsonObject body = Requests.jsonBody(context);
        Conversations.Report report = report(externalId, body);
        return TenantScope.run(pool, tenant, sql -> store(sql, tenant, body)
                        .compose(storeId -> conversations.record(sql, tenant.orgId(), report.forStore(storeId))))
                .map(json -> new Endpoint.Reply(json.getBoolean("created") ? 201 : 200, json));
    }

    /** The caller's store named by {@code storeId} or {@code domain}; another tenant's store does not exist here. */
    private static Future<Long> store(SqlConnection sql, Tenant tenant, JsonObject body) {
        Object storeId = body.getValue("storeId");
        Object domain = body.getValue("domain");
        if (storeId == null && domain == null) {
            throw ApiError.badRequest("storeId", "or domain is required");
        }
        if (storeId != null && !(storeId instanceof Number)) {
            throw ApiError.badRequest("storeId", "must be a number");
        }
        if (domain != null && !(domain instanceof String)) {
            throw ApiError.badRequest("domain", "must be a string");
        }
        String sqlText = storeId != null
                ? "SELECT id FROM stores WHERE org_id = $1 AND id = $2 AND disconnected_at IS NULL"
                : "SELECT id FROM stores WHERE org_id = $1 AND domain = lower($2) AND disconnected_at IS NULL";
        Object key = storeId != null ? ((Number) storeId).longValue() : domain;
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
    private static Conversations.Report report(String externalId, JsonObject body) {
        String email = optionalString(body, "customerEmail");
        if (email != null && (!email.contains("@") || email.isBlank())) {
            throw ApiError.badRequest("customerEmail", "must be an email address");
        }
        Instant startedAt = instant(body, "startedAt", null);
        Instant lastMessageAt = instant(body, "lastMessageAt", startedAt);
        if (lastMessageAt.isBefore(startedAt)) {
            throw ApiError.badRequest("lastMessageAt", "must not be before startedAt");
        }
        Object metadata = body.getValue("metadata");
        if (metadata != null && !(metadata instanceof JsonObject)) {
            throw ApiError.badRequest("metadata", "must be an object");
        }
        return new Conversations.Report(0, externalId, Emails.normalize(email), optionalString(body, "sessionId"),
                startedAt, lastMessageAt, messageCount(body), flag(body, "productInquiry"), flag(body, "priceCheck"),
                metadata == null ? new JsonObject() : (JsonObject) metadata);
    }

    private static String optionalString(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw ApiError.badRequest(field, "must be a string");
        }
        return value == null || ((String) value).isBlank() ? null : ((String) value).trim();
    }

    private static Instant instant(JsonObject body, String field, Instant otherwise) {
        Object value = body.getValue(field);
        if (value == null && otherwise != null) {
            return otherwise;
        }
        if (!(value instanceof String text)) {
            throw ApiError.badRequest(field, value == null ? "is required (an ISO-8601 instant)" : "must be an ISO-8601 instant");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(field, "must be an ISO-8601 instant such as 2026-01-09T14:00:00Z");
        }
    }

    private static int messageCount(JsonObject body) {
        Object value = body.getValue("messageCount");
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0
                || ((Number) value).longValue() > Integer.MAX_VALUE) {
            throw ApiError.badRequest("messageCount", "must be a whole number of at least 0");
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
