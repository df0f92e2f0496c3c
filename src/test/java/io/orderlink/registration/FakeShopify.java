package io.orderlink.registration;

import io.orderlink.crypto.HmacVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shopify's GraphQL Admin API as platform-contracts.md section 2 and the fixture shopify-admin-graphql-samples.json
 * document it, for any number of shops: {@code POST /{shop}/admin/api/{version}/graphql.json} with
 * {@code X-Shopify-Access-Token}; webhookSubscriptionCreate / Update / Delete answering userErrors, paged
 * webhookSubscriptions, orders filtered by {@code updated_at:>'...'}, {@code shop { myshopifyDomain }} (the Admin API's
 * Shop object, shopify.dev/docs/api/admin-graphql/latest/objects/Shop); the address field {@code uri} from 2025-10
 * and {@code callbackUrl} before. Faults can be queued per shop: THROTTLED, 429 with Retry-After, 500, no answer.
 */
public final class FakeShopify {

    public enum Fault { THROTTLED, TOO_MANY_REQUESTS, SERVER_ERROR, HANG }

    /** A subscription as Shopify keeps it. */
    public record Subscription(String id, String topic, String uri) {
    }

    /** One request: the GraphQL operation (or "unauthorized"), its variables, when it arrived. */
    public record Request(String operation, JsonObject variables, long atMillis) {
    }

    private static final Set<String> TOPICS = Set.of("ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_PAID", "ORDERS_CANCELLED",
            "REFUNDS_CREATE", "APP_UNINSTALLED");
    private static final Pattern FIRST = Pattern.compile("\\b(webhookSubscriptions|orders)\\(first: (\\d+)");
    private static final Pattern UPDATED_AFTER = Pattern.compile("updated_at:>'([^']+)'");
    private static final Pattern SHOP = Pattern.compile("\\{\\s*shop\\s*\\{");

    private final Vertx vertx;
    private final WebClient client;
    private final Map<String, Shop> shops = new ConcurrentHashMap<>();
    private HttpServer server;
    private String ingestBase;

    public FakeShopify(Vertx vertx) {
        this.vertx = vertx;
        this.client = WebClient.create(vertx);
    }

    public Future<FakeShopify> start() {
        Router router = Router.router(vertx);
        router.post("/:shop/admin/api/:version/graphql.json").handler(BodyHandler.create(false)).handler(this::graphql);
        return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(s -> {
            server = s;
            return this;
        });
    }

    public Future<Void> close() {
        client.close();
        return server.close();
    }

    /** The value for ORDERLINK_SHOPIFY_ADMIN_BASE_URL. */
    public String adminBaseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/{shop}";
    }

    /** Where deliveries really go: the gateway's ingest port behind the public URL. */
    public FakeShopify deliverTo(String ingestBase) {
        this.ingestBase = ingestBase;
        return this;
    }

    /**
     * Another host leading to {@code shop}'s Admin API (a proxy, or a name the shop had before): its token works
     * there, and {@code shop { myshopifyDomain }} still names the shop itself.
     */
    public FakeShopify alias(String host, Shop shop) {
        shops.put(host, shop);
        return this;
    }

    /** A shop with the app installed: its access token and the app's client secret that signs deliveries. */
    public Shop shop(String domain, String version, String accessToken, String clientSecret) {
        Shop shop = new Shop(domain, version, accessToken, clientSecret);
        shops.put(domain, shop);
        return shop;
    }

    /** One shop's state and the test's handles on it. */
    public final class Shop {
        public final String domain;
        final String version;
        final String accessToken;
        final String clientSecret;
        private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
        private final List<JsonObject> orders = new ArrayList<>();
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final Deque<Fault> faults = new ArrayDeque<>();
        private final Map<String, String> createErrors = new LinkedHashMap<>();
        private String topLevelError;
        private long nextId = 12345;

        Shop(String domain, String version, String accessToken, String clientSecret) {
            this.domain = domain;
            this.version = version;
            this.accessToken = accessToken;
            this.clientSecret = clientSecret;
        }

        public synchronized Shop fail(Fault... next) {
            faults.addAll(List.of(next));
            return this;
        }

        /** The next create for {@code topic} (an enum value) answers with this userError. */
        public synchronized Shop refuseCreate(String topic, String message) {
            createErrors.put(topic, message);
            return this;
        }

        /** The next request answers with a top-level GraphQL error. */
        public synchronized Shop topLevelError(String message) {
            topLevelError = message;
            return this;
        }

        public synchronized List<Subscription> subscriptions() {
            return new ArrayList<>(subscriptions.values());
        }

        /** What Shopify does to an Admin-API subscription after 8 failed deliveries. */
        public synchronized void drop(String topic) {
            subscriptions.values().removeIf(s -> s.topic().equals(topic));
        }

        /** The subscription now delivers elsewhere (an old public URL). */
        public synchronized void repoint(String topic, String uri) {
            subscriptions.replaceAll((id, s) -> s.topic().equals(topic) ? new Subscription(id, topic, uri) : s);
        }

        /** An order as the GraphQL Admin API returns it. */
        public synchronized void addOrder(JsonObject node) {
            node.getJsonObject("lineItems").remove("pageInfo");
            orders.add(node);
        }

        public List<Request> requests() {
            return List.copyOf(requests);
        }

        public List<Request> requests(String operation) {
            return requests.stream().filter(q -> q.operation().equals(operation)).toList();
        }

        /** A second subscription on a topic, at another address (as another install of the app might make). */
        public synchronized Subscription subscribeAlso(String topic, String uri) {
            Subscription added = new Subscription("gid://shopify/WebhookSubscription/" + nextId++, topic, uri);
            subscriptions.put(added.id(), added);
            return added;
        }

        /**
         * Delivers {@code body} to every subscription on {@code topic} (e.g. ORDERS_CREATE), signed with the app's
         * client secret: one event, so one {@code X-Shopify-Event-Id} and trigger time, and a webhook id per delivery.
         */
        public Future<List<HttpResponse<Buffer>>> deliver(String topic, byte[] body) {
            List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
            String eventId = UUID.randomUUID().toString();
            String triggeredAt = Instant.now().toString();
            for (Subscription s : subscriptions()) {
                if (s.topic().equals(topic)) {
                    sent.add(client.postAbs(ingestBase == null ? s.uri() : ingestBase + URI.create(s.uri()).getRawPath())
                            .putHeader("Content-Type", "application/json")
                            .putHeader("X-Shopify-Topic", topic.toLowerCase().replaceFirst("_", "/"))
                            .putHeader("X-Shopify-Shop-Domain", domain)
                            .putHeader("X-Shopify-API-Version", version)
                            .putHeader("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                            .putHeader("X-Shopify-Event-Id", eventId)
                            .putHeader("X-Shopify-Triggered-At", triggeredAt)
                            .putHeader("X-Shopify-Hmac-Sha256", HmacVerifier.sign(clientSecret.getBytes(StandardCharsets.UTF_8), body))
                            .sendBuffer(Buffer.buffer(body)));
                }
            }
            return Future.all(sent).map(all -> all.list());
        }

        private void handle(RoutingContext context) {
            if (!version.equals(context.pathParam("version"))) {
                answer(context, 404, new JsonObject().put("errors", "Not Found"));
                return;
            }
            if (!accessToken.equals(context.request().getHeader("X-Shopify-Access-Token"))) {
                requests.add(new Request("unauthorized", new JsonObject(), System.currentTimeMillis()));
                answer(context, 401, new JsonObject().put("errors",
                        "[API] Invalid API key or access token (unrecognized login or wrong password)"));
                return;
            }
            String contentType = context.request().getHeader("Content-Type");
            if (contentType == null || !contentType.startsWith("application/json")) {
                answer(context, 415, new JsonObject().put("errors", "Unsupported Media Type"));
                return;
            }
            JsonObject body = context.body().asJsonObject();
            String query = body.getString("query");
            JsonObject variables = body.getJsonObject("variables", new JsonObject());
            requests.add(new Request(operation(query), variables, System.currentTimeMillis()));
            Fault fault;
            String error;
            synchronized (this) {
                fault = faults.poll();
                error = topLevelError;
                topLevelError = null;
            }
            if (fault == Fault.HANG) {
                return;
            }
            if (fault == Fault.THROTTLED) {
                answer(context, 200, throttled());
            } else if (fault == Fault.TOO_MANY_REQUESTS) {
                context.response().putHeader("Retry-After", "0.1");
                answer(context, 429, new JsonObject().put("errors", "Exceeded 2 calls per second for api client. "
                        + "Reduce request rates to resume uninterrupted service."));
            } else if (fault == Fault.SERVER_ERROR) {
                answer(context, 500, new JsonObject().put("errors", "Internal Server Error"));
            } else if (error != null) {
                answer(context, 200, new JsonObject().put("errors", new JsonArray().add(new JsonObject().put("message", error))));
            } else if (GraphqlCost.of(query, variables) > GraphqlCost.SINGLE_QUERY_LIMIT) {
                answer(context, 200, maxCostExceeded(GraphqlCost.of(query, variables)));
            } else {
                int cost = GraphqlCost.of(query, variables);
                answer(context, 200, new JsonObject().put("data", execute(query, variables)).put("extensions", cost(cost, 1000 - cost)));
            }
        }

        private synchronized JsonObject execute(String query, JsonObject variables) {
            String operation = operation(query);
            JsonObject result = switch (operation) {
                case "webhookSubscriptionCreate" -> create(variables.getString("topic"),
                        variables.getJsonObject("webhookSubscription"));
                case "webhookSubscriptionUpdate" -> update(variables.getString("id"), variables.getJsonObject("webhookSubscription"));
                case "webhookSubscriptionDelete" -> delete(variables.getString("id"));
                case "webhookSubscriptions" -> page(subscriptions.values().stream().map(s -> (Object) node(s)).toList(),
                        first(query), variables.getString("after"));
                case "orders" -> page(orders(variables.getString("query")).stream().map(o -> (Object) cut((JsonObject) o, query, null))
                        .toList(), first(query), variables.getString("after"));
                case "shop" -> new JsonObject().put("myshopifyDomain", domain);
                case "order" -> cut(orders.stream().filter(o -> o.getString("id").equals(variables.getString("id"))).findFirst()
                        .orElseThrow(), query, variables.getString("after"));
                default -> throw new IllegalArgumentException("the fake does not know this operation: " + query);
            };
            return new JsonObject().put(operation, result);
        }

        private JsonObject create(String topic, JsonObject input) {
            String field = addressField();
            String uri = input.getString(field);
            String refused = createErrors.remove(topic);
            if (!TOPICS.contains(topic)) {
                return userError("topic", "Topic is not valid");
            }
            if (refused != null) {
                return userError(field, refused);
            }
            if (uri == null || !uri.startsWith("https://")) {
                return userError(field, "Address protocol " + (uri == null ? "null" : URI.create(uri).getScheme() + "://")
                        + " is not supported");
            }
            if (subscriptions.values().stream().anyMatch(s -> s.topic().equals(topic) && s.uri().equals(uri))) {
                return userError(field, "Address for this topic has already been taken");
            }
            Subscription created = new Subscription("gid://shopify/WebhookSubscription/" + nextId++, topic, uri);
            subscriptions.put(created.id(), created);
            return new JsonObject().put("webhookSubscription", node(created)).put("userErrors", new JsonArray());
        }

        private JsonObject update(String id, JsonObject input) {
            Subscription existing = subscriptions.get(id);
            if (existing == null) {
                return userError("id", "Webhook subscription does not exist");
            }
            Subscription updated = new Subscription(id, existing.topic(), input.getString(addressField(), existing.uri()));
            subscriptions.put(id, updated);
            return new JsonObject().put("webhookSubscription", node(updated)).put("userErrors", new JsonArray());
        }

        /** Fixture shapes: webhookSubscriptionDelete_success_response and ..._user_errors_response. */
        private JsonObject delete(String id) {
            if (subscriptions.remove(id) == null) {
                return new JsonObject().putNull("deletedWebhookSubscriptionId")
                        .put("userErrors", new JsonArray().add(
                                new JsonObject().put("message", "Webhook subscription does not exist")));
            }
            return new JsonObject().put("userErrors", new JsonArray()).put("deletedWebhookSubscriptionId", id);
        }

        private List<Object> orders(String search) {
            Matcher matcher = UPDATED_AFTER.matcher(search == null ? "" : search);
            if (!matcher.find()) {
                throw new IllegalArgumentException("the fake expects updated_at:>'<ISO>', got " + search);
            }
            Instant after = Instant.parse(matcher.group(1));
            return orders.stream().filter(o -> Instant.parse(o.getString("updatedAt")).isAfter(after))
                    .sorted(Comparator.comparing(o -> Instant.parse(o.getString("updatedAt"))))
                    .map(o -> (Object) o).toList();
        }

        /**
         * An order as a query asks for it: its line items from {@code after}, as many as {@code lineItems(first:)},
         * with their page info, and as many refunds as {@code refunds(first:)}; the stored order holds them all.
         */
        private JsonObject cut(JsonObject order, String query, String after) {
            JsonObject shaped = order.copy();
            JsonArray edges = order.getJsonObject("lineItems").getJsonArray("edges");
            int start = after == null ? 0 : Integer.parseInt(after);
            int end = Math.min(edges.size(), start + nested(query, "lineItems"));
            shaped.put("lineItems", new JsonObject().put("edges", new JsonArray(edges.getList().subList(start, end)))
                    .put("pageInfo", new JsonObject().put("hasNextPage", end < edges.size())
                            .put("endCursor", end > start ? Integer.toString(end) : null)));
            JsonArray refunds = order.getJsonArray("refunds");
            shaped.put("refunds", new JsonArray(refunds.getList().subList(0, Math.min(refunds.size(), nested(query, "refunds")))));
            return shaped;
        }

        private JsonObject node(Subscription s) {
            JsonObject node = new JsonObject().put("id", s.id()).put("topic", s.topic());
            if (usesUri()) {
                return node.put("uri", s.uri());
            }
            return node.put("endpoint", new JsonObject().put("__typename", "WebhookHttpEndpoint").put("callbackUrl", s.uri()));
        }

        private boolean usesUri() {
            return version.compareTo("2025-10") >= 0;
        }

        private String addressField() {
            return usesUri() ? "uri" : "callbackUrl";
        }
    }

    private void graphql(RoutingContext context) {
        Shop shop = shops.get(context.pathParam("shop"));
        if (shop == null) {
            answer(context, 404, new JsonObject().put("errors", "Not Found"));
        } else {
            shop.handle(context);
        }
    }

    /** A connection page; the cursor is the index of the next node. */
    private static JsonObject page(List<Object> nodes, int first, String after) {
        int start = after == null ? 0 : Integer.parseInt(after);
        JsonArray edges = new JsonArray();
        nodes.stream().skip(start).limit(first).forEach(n -> edges.add(new JsonObject().put("node", n)));
        int end = start + edges.size();
        return new JsonObject().put("edges", edges).put("pageInfo", new JsonObject().put("hasNextPage", end < nodes.size())
                .put("endCursor", edges.isEmpty() ? null : Integer.toString(end)));
    }

    private static JsonObject userError(String field, String message) {
        return new JsonObject().putNull("webhookSubscription").put("userErrors", new JsonArray().add(
                new JsonObject().put("field", new JsonArray().add("webhookSubscription").add(field)).put("message", message)));
    }

    private static JsonObject throttled() {
        return new JsonObject()
                .put("errors", new JsonArray().add(new JsonObject().put("message", "Throttled")
                        .put("extensions", new JsonObject().put("code", "THROTTLED")
                                .put("documentation", "https://shopify.dev/api/usage/rate-limits"))))
                .put("extensions", cost(12, 7));
    }

    /** Restore rate 100 points/s: a query of 12 with 7 available waits 50 ms. */
    private static JsonObject cost(int requested, double available) {
        return new JsonObject().put("cost", new JsonObject().put("requestedQueryCost", requested).putNull("actualQueryCost")
                .put("throttleStatus", new JsonObject().put("maximumAvailable", 1000.0).put("currentlyAvailable", available)
                        .put("restoreRate", 100.0)));
    }

    /** Shopify's answer to a query over the single-query limit: refused before it runs, HTTP 200. */
    private static JsonObject maxCostExceeded(int cost) {
        return new JsonObject()
                .put("errors", new JsonArray().add(new JsonObject()
                        .put("message", "Query cost is " + cost + ", which exceeds the single query max cost limit (1000).\n\n"
                                + "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n"
                                + "cost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations "
                                + "should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for "
                                + "usage details.\n")
                        .put("extensions", new JsonObject().put("code", "MAX_COST_EXCEEDED").put("cost", cost).put("maxCost", 1000))))
                .put("extensions", cost(cost, 1000));
    }

    /** The {@code first} of a nested connection the query selects, or 0 when it does not select it. */
    private static int nested(String query, String field) {
        Matcher matcher = Pattern.compile("\\b" + field + "\\(first: (\\d+)").matcher(query);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static String operation(String query) {
        for (String name : List.of("webhookSubscriptionCreate", "webhookSubscriptionUpdate", "webhookSubscriptionDelete",
                "webhookSubscriptions", "orders", "order")) {
            if (query.contains(name + "(")) {
                return name;
            }
        }
        return SHOP.matcher(query).find() ? "shop" : "unknown";
    }

    private static int first(String query) {
        Matcher matcher = FIRST.matcher(query);
        if (!matcher.find()) {
            throw new IllegalArgumentException("connections need first: N");
        }
        int first = Integer.parseInt(matcher.group(2));
        if (first > 250) {
            throw new IllegalArgumentException("first is at most 250");
        }
        return first;
    }

    private static void answer(RoutingContext context, int status, JsonObject body) {
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.toBuffer());
    }
}
