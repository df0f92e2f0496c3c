package io.orderlink.registration;

import io.orderlink.config.Config;
import io.orderlink.inbox.Inbox;
import io.orderlink.inbox.WebhookTopics;
import io.orderlink.stores.Platform;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Shopify's GraphQL Admin API at {@code {adminBaseUrl}/admin/api/{version}/graphql.json} with the shop's
 * access token. Webhooks are signed with the app's client secret, so subscriptions carry no secret here.
 * The mandatory compliance topics cannot be subscribed through the API (they are declared in the app's
 * configuration), so only the order topics are managed.
 */
final class ShopifyApi implements PlatformApi {

    static final List<String> TOPICS = WebhookTopics.registrable(Platform.SHOPIFY);
    /** API 2025-10 replaced the deprecated {@code callbackUrl} (and the {@code endpoint} union) with {@code uri}. */
    private static final String FIRST_URI_VERSION = "2025-10";

    private final PlatformHttp http;
    private final String address;
    private final Config.Shopify config;
    private final String addressField;
    private final String addressSelection;

    ShopifyApi(PlatformHttp http, String publicUrl, Config.Shopify config) {
        this.http = http;
        this.address = publicUrl + "/webhooks/shopify";
        this.config = config;
        boolean uri = usesUri(config.apiVersion());
        this.addressField = uri ? "uri" : "callbackUrl";
        this.addressSelection = uri ? "uri" : "endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } }";
    }

    static boolean usesUri(String apiVersion) {
        return apiVersion.compareTo(FIRST_URI_VERSION) >= 0;
    }

    @Override
    public Platform platform() {
        return Platform.SHOPIFY;
    }

    @Override
    public List<String> topics() {
        return TOPICS;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public boolean secretPerWebhook() {
        return false;
    }

    /** The shop the access token belongs to: {@code shop { myshopifyDomain }}, its {@code <name>.myshopify.com}. */
    @Override
    public Future<String> owner(StoreAccess store) {
        return graphql(store, "query orderlinkShop { shop { myshopifyDomain } }", new JsonObject()).map(data -> {
            if (data.getValue("shop") instanceof JsonObject shop && shop.getValue("myshopifyDomain") instanceof String domain) {
                return domain;
            }
            throw PlatformException.unknown("Shopify answered shop without its myshopifyDomain");
        });
    }

    @Override
    public Future<List<RemoteWebhook>> list(StoreAccess store) {
        return listFrom(store, null, new ArrayList<>());
    }

    private Future<List<RemoteWebhook>> listFrom(StoreAccess store, String after, List<RemoteWebhook> found) {
        String query = "query orderlinkWebhooks($after: String) { webhookSubscriptions(first: 250, after: $after) { "
                + "edges { node { id topic " + addressSelection + " } } pageInfo { hasNextPage endCursor } } }";
        return graphql(store, query, new JsonObject().put("after", after)).compose(data -> {
            JsonObject connection = data.getJsonObject("webhookSubscriptions");
            for (Object edge : connection.getJsonArray("edges")) {
                found.add(subscription(((JsonObject) edge).getJsonObject("node")));
            }
            JsonObject page = connection.getJsonObject("pageInfo");
            return page.getBoolean("hasNextPage", false) ? listFrom(store, page.getString("endCursor"), found)
                    : Future.succeededFuture(found);
        });
    }

    @Override
    public Future<RemoteWebhook> create(StoreAccess store, String topic, String secret) {
        String query = "mutation webhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, "
                + "$webhookSubscription: WebhookSubscriptionInput!) { webhookSubscriptionCreate(topic: $topic, "
                + "webhookSubscription: $webhookSubscription) { webhookSubscription { id topic " + addressSelection
                + " } userErrors { field message } } }";
        JsonObject variables = new JsonObject().put("topic", enumOf(topic))
                .put("webhookSubscription", new JsonObject().put(addressField, address));
        return graphql(store, query, variables)
                .map(data -> subscription(payload(data, "webhookSubscriptionCreate", topic)
                        .getJsonObject("webhookSubscription")));
    }

    @Override
    public Future<RemoteWebhook> update(StoreAccess store, RemoteWebhook webhook, String secret) {
        String query = "mutation webhookSubscriptionUpdate($id: ID!, $webhookSubscription: WebhookSubscriptionInput!) { "
                + "webhookSubscriptionUpdate(id: $id, webhookSubscription: $webhookSubscription) { webhookSubscription { "
                + "id topic " + addressSelection + " } userErrors { field message } } }";
        JsonObject variables = new JsonObject().put("id", webhook.id())
                .put("webhookSubscription", new JsonObject().put(addressField, address));
        return graphql(store, query, variables).map(data ->
                subscription(payload(data, "webhookSubscriptionUpdate", webhook.topic()).getJsonObject("webhookSubscription")));
    }

    @Override
    public Future<Void> delete(StoreAccess store, RemoteWebhook webhook) {
        String query = "mutation webhookSubscriptionDelete($id: ID!) { webhookSubscriptionDelete(id: $id) { "
                + "deletedWebhookSubscriptionId userErrors { field message } } }";
        return graphql(store, query, new JsonObject().put("id", webhook.id()))
                .map(data -> {
                    payload(data, "webhookSubscriptionDelete", webhook.topic());
                    return null;
                });
    }

    @Override
    public Future<OrderPage> ordersModifiedSince(StoreAccess store, Instant since, String cursor) {
        JsonObject variables = new JsonObject().put("query", ShopifyOrderShape.updatedAfter(since)).put("after", cursor);
        return graphql(store, ShopifyOrderShape.PAGE_QUERY, variables).compose(data -> {
            JsonObject connection = data.getJsonObject("orders");
            List<Inbox.Reconciled> orders = new ArrayList<>();
            Future<Void> completed = Future.succeededFuture();
            for (Object edge : connection.getJsonArray("edges")) {
                JsonObject node = ((JsonObject) edge).getJsonObject("node");
                completed = completed.compose(v -> complete(store, node)).map(v -> {
                    orders.add(new Inbox.Reconciled(WebhookTopics.ORDERS_UPDATED, ShopifyOrderShape.dedupKey(node),
                            ShopifyOrderShape.rest(node).toBuffer()));
                    return null;
                });
            }
            JsonObject page = connection.getJsonObject("pageInfo");
            return completed.map(v -> new OrderPage(orders, page.getBoolean("hasNextPage", false) ? page.getString("endCursor") : null));
        });
    }

    /** Fetches what the page cut from an order (line items beyond the first page, refunds beyond the first few). */
    private Future<Void> complete(StoreAccess store, JsonObject node) {
        if (!ShopifyOrderShape.incomplete(node)) {
            return Future.succeededFuture();
        }
        JsonObject variables = new JsonObject().put("id", node.getString("id")).put("after", ShopifyOrderShape.linesCursor(node));
        return graphql(store, ShopifyOrderShape.ORDER_QUERY, variables).compose(data -> {
            ShopifyOrderShape.merge(node, data.getJsonObject("order"));
            return ShopifyOrderShape.hasMoreLines(node) ? complete(store, node) : Future.succeededFuture();
        });
    }

    private static final java.util.regex.Pattern FIRST_FIELD = java.util.regex.Pattern.compile("\\{\\s*(\\w+)");

    /** The query's top-level field (webhookSubscriptionCreate, orders, …), the metrics' operation label. */
    static String operation(String query) {
        java.util.regex.Matcher m = FIRST_FIELD.matcher(query);
        return m.find() ? m.group(1) : "graphql";
    }

    /** The {@code data} of a successful GraphQL answer; top-level {@code errors} and HTTP refusals fail it. */
    private Future<JsonObject> graphql(StoreAccess store, String query, JsonObject variables) {
        String endpoint = config.adminBaseUrl().replace("{shop}", store.domain())
                + "/admin/api/" + config.apiVersion() + "/graphql.json";
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add(HttpHeaders.CONTENT_TYPE, "application/json")
                .add(HttpHeaders.ACCEPT, "application/json")
                .add("X-Shopify-Access-Token", store.credentials().getString("accessToken"));
        Buffer body = new JsonObject().put("query", query).put("variables", variables).toBuffer();
        PlatformHttp.Call call = new PlatformHttp.Call(Platform.SHOPIFY, operation(query), HttpMethod.POST, endpoint, headers, body,
                ShopifyApi::throttledMs);
        return http.send(call).map(response -> {
            JsonObject json = json(response);
            Object errors = json == null ? null : json.getValue("errors");
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw PlatformException.refusedCredentials("Shopify refused the access token (" + response.statusCode()
                        + (errors == null ? "" : ": " + messages(errors)) + ")");
            }
            if (response.statusCode() != 200 || json == null) {
                throw PlatformException.notApplied("Shopify answered " + response.statusCode() + " to " + call
                        + (errors == null ? "" : ": " + messages(errors)));
            }
            if (errors != null) {
                throw PlatformException.notApplied("Shopify: " + messages(errors));
            }
            if (!(json.getValue("data") instanceof JsonObject data)) {
                throw PlatformException.unknown("Shopify answered " + call + " without data");
            }
            return data;
        });
    }

    /** A mutation's payload; non-empty {@code userErrors} mean Shopify refused it. */
    private static JsonObject payload(JsonObject data, String mutation, String topic) {
        JsonObject payload = data.getJsonObject(mutation);
        JsonArray userErrors = payload.getJsonArray("userErrors", new JsonArray());
        if (!userErrors.isEmpty()) {
            throw PlatformException.notApplied("Shopify refused " + mutation + " for " + topic + ": " + messages(userErrors));
        }
        return payload;
    }

    /**
     * Cost throttling answers 200 with {@code errors[0].extensions.code == "THROTTLED"}; the pause is the time
     * the bucket needs to refill to the query's requested cost ({@code extensions.cost}), or 0 to use the backoff.
     */
    static long throttledMs(HttpResponse<Buffer> response) {
        JsonObject json = response.statusCode() == 200 ? json(response) : null;
        if (json == null || !(json.getValue("errors") instanceof JsonArray errors) || errors.isEmpty()
                || !(errors.getValue(0) instanceof JsonObject first)
                || !"THROTTLED".equals(first.getJsonObject("extensions", new JsonObject()).getString("code"))) {
            return -1;
        }
        JsonObject cost = json.getJsonObject("extensions", new JsonObject()).getJsonObject("cost", new JsonObject());
        JsonObject bucket = cost.getJsonObject("throttleStatus", new JsonObject());
        Number requested = cost.getNumber("requestedQueryCost");
        Number available = bucket.getNumber("currentlyAvailable");
        Number restoreRate = bucket.getNumber("restoreRate");
        if (requested == null || available == null || restoreRate == null || restoreRate.doubleValue() <= 0) {
            return 0;
        }
        double missing = Math.max(0, requested.doubleValue() - available.doubleValue());
        return (long) Math.ceil(missing / restoreRate.doubleValue() * 1000);
    }

    private RemoteWebhook subscription(JsonObject node) {
        JsonObject endpoint = node.getJsonObject("endpoint");
        String url = node.containsKey("uri") ? node.getString("uri")
                : endpoint == null ? null : endpoint.getString("callbackUrl");
        // Subscriptions have no status: one that exists delivers until Shopify deletes it.
        return new RemoteWebhook(node.getString("id"), topicOf(node.getString("topic")), url, "active");
    }

    /** {@code orders/create} is {@code ORDERS_CREATE}. */
    static String enumOf(String topic) {
        return topic.toUpperCase(Locale.ROOT).replace('/', '_');
    }

    private static String topicOf(String enumValue) {
        for (String topic : TOPICS) {
            if (enumOf(topic).equals(enumValue)) {
                return topic;
            }
        }
        return enumValue == null ? null : enumValue.toLowerCase(Locale.ROOT);
    }

    /** Shopify's error lists ({@code [{message, field?}]}) or a single error string, as one line. */
    private static String messages(Object errors) {
        if (!(errors instanceof JsonArray list)) {
            return String.valueOf(errors);
        }
        StringJoiner joined = new StringJoiner("; ");
        for (Object error : list) {
            if (error instanceof JsonObject e) {
                Object field = e.getValue("field");
                String where = field instanceof JsonArray path
                        ? String.join(".", path.stream().map(String::valueOf).toList()) + ": " : "";
                joined.add(where + e.getString("message"));
            } else {
                joined.add(String.valueOf(error));
            }
        }
        return joined.toString();
    }

    private static JsonObject json(HttpResponse<Buffer> response) {
        try {
            return response.body() == null ? null : response.bodyAsJsonObject();
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }
}
