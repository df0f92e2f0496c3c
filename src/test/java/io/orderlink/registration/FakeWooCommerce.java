package io.orderlink.registration;

import io.orderlink.crypto.HmacVerifier;
import io.orderlink.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WooCommerce store's REST API v3 as platform-contracts.md section 4 documents it: HTTP Basic consumer
 * key and secret (refused as {@code class-wc-rest-authentication.php} and the controllers' permission checks refuse
 * them), webhooks created active with a write-only secret, paged lists with {@code X-WP-TotalPages},
 * {@code force=true} required to delete, the creation ping, signed deliveries, and orders filtered by
 * {@code modified_after}. Faults can be queued for the next requests.
 */
public final class FakeWooCommerce {

    /** What the Authorization header proves (WC_REST_Authentication over https, where Basic is used). */
    private enum Auth { VALID, WRONG_SECRET, NONE }

    /** What the next API request meets instead of a normal answer. */
    public enum Fault { TOO_MANY_REQUESTS, SERVER_ERROR, HANG, APPLY_THEN_HANG, BAD_REQUEST }

    /** A webhook as the store keeps it, secret included (never returned by the API). */
    public static final class Hook {
        public final int id;
        public String name;
        public String topic;
        public String deliveryUrl;
        public String secret;
        public String status = "active";
        /** Consecutive failed deliveries; only a successful one resets it (WC_Webhook::log_delivery). */
        public int failureCount;

        Hook(int id) {
            this.id = id;
        }
    }

    /** One API request as received: method, path and query, whether it carried the right credentials, when. */
    public record Request(String method, String path, String query, boolean authorized, JsonObject body, long atMillis) {
    }

    private static final Set<String> RESOURCES = Set.of("order", "product", "coupon", "customer");
    private static final Set<String> EVENTS = Set.of("created", "updated", "deleted", "restored");

    private final Vertx vertx;
    private final String consumerKey;
    private final String consumerSecret;
    private final Map<Integer, Hook> webhooks = new LinkedHashMap<>();
    private final List<JsonObject> orders = new ArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Integer> pings = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final WebClient client;
    private String retryAfter = "1";
    private long delayMs;
    private int concurrent;
    private int maxConcurrent;
    private String ingestBase;
    private HttpServer server;
    private int nextId = 142;

    public FakeWooCommerce(Vertx vertx, String consumerKey, String consumerSecret) {
        this.vertx = vertx;
        this.consumerKey = consumerKey;
        this.consumerSecret = consumerSecret;
        this.client = WebClient.create(vertx);
    }

    public Future<FakeWooCommerce> start() {
        Router router = Router.router(vertx);
        router.route("/wp-json/wc/v3/*").handler(BodyHandler.create(false));
        router.route("/wp-json/wc/v3/*").handler(this::admit);
        router.get("/wp-json/wc/v3/webhooks").handler(this::list);
        router.post("/wp-json/wc/v3/webhooks").handler(this::create);
        router.get("/wp-json/wc/v3/webhooks/:id").handler(this::get);
        router.put("/wp-json/wc/v3/webhooks/:id").handler(this::update);
        router.delete("/wp-json/wc/v3/webhooks/:id").handler(this::delete);
        router.get("/wp-json/wc/v3/orders").handler(this::orders);
        return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(s -> {
            server = s;
            return this;
        });
    }

    public Future<Void> close() {
        client.close();
        return server.close();
    }

    /** The store's site URL, as given when connecting it. */
    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public String consumerKey() {
        return consumerKey;
    }

    public String consumerSecret() {
        return consumerSecret;
    }

    /** Where deliveries and pings really go: the gateway's ingest port behind the public URL. */
    public FakeWooCommerce deliverTo(String ingestBase) {
        this.ingestBase = ingestBase;
        return this;
    }

    /** The next requests with this HTTP method meet these faults, in order. */
    public synchronized FakeWooCommerce fail(String method, Fault... next) {
        faults.computeIfAbsent(method, m -> new ArrayDeque<>()).addAll(List.of(next));
        return this;
    }

    /** Every answer takes this long, so concurrent calls overlap. */
    public FakeWooCommerce delay(long ms) {
        this.delayMs = ms;
        return this;
    }

    /** The most API requests that were ever being served at the same time. */
    public synchronized int maxConcurrent() {
        return maxConcurrent;
    }

    public FakeWooCommerce retryAfter(String seconds) {
        this.retryAfter = seconds;
        return this;
    }

    public synchronized List<Hook> webhooks() {
        return new ArrayList<>(webhooks.values());
    }

    public synchronized Hook webhook(String topic) {
        return webhooks.values().stream().filter(h -> h.topic.equals(topic)).findFirst().orElse(null);
    }

    /** A webhook made in the store's admin screen (or by an earlier install), not through Orderlink. */
    public synchronized Hook add(String topic, String deliveryUrl, String secret) {
        Hook hook = new Hook(nextId++);
        hook.name = "Added by hand";
        hook.topic = topic;
        hook.deliveryUrl = deliveryUrl;
        hook.secret = secret;
        webhooks.put(hook.id, hook);
        return hook;
    }

    /** Sets a webhook's status as the store's admin screen would (the failure count is left alone). */
    public synchronized void setStatus(String topic, String status) {
        webhook(topic).status = status;
    }

    public synchronized void remove(String topic) {
        webhooks.values().removeIf(h -> h.topic.equals(topic));
    }

    public synchronized void addOrder(JsonObject order) {
        orders.add(order);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Integer> pings() {
        return List.copyOf(pings);
    }

    /** WooCommerce's default for {@code woocommerce_max_webhook_delivery_failures}. */
    public static final int MAX_DELIVERY_FAILURES = 5;

    /**
     * Delivers {@code order} to every active webhook on {@code topic}, signed with that webhook's secret, once
     * (WooCommerce never retries), and counts the outcome as {@code WC_Webhook::log_delivery} does: 200-302 resets
     * the failure count, anything else (or no answer) is a failure, and a failure when the count already exceeds
     * {@value #MAX_DELIVERY_FAILURES} disables the webhook instead (the count stays). Completes with the answers
     * received.
     */
    public Future<List<HttpResponse<Buffer>>> deliver(String topic, JsonObject order) {
        byte[] body = order.encode().getBytes(StandardCharsets.UTF_8);
        List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
        for (Hook hook : webhooks()) {
            if (hook.topic.equals(topic) && "active".equals(hook.status)) {
                String[] parts = topic.split("\\.");
                Future<HttpResponse<Buffer>> delivery = client.postAbs(target(hook.deliveryUrl))
                        .putHeader("Content-Type", "application/json")
                        .putHeader("X-WC-Webhook-Source", url() + "/")
                        .putHeader("X-WC-Webhook-Topic", topic)
                        .putHeader("X-WC-Webhook-Resource", parts[0])
                        .putHeader("X-WC-Webhook-Event", parts[1])
                        .putHeader("X-WC-Webhook-Signature", HmacVerifier.sign(HmacVerifier.wooCommerceKey(hook.secret), body))
                        .putHeader("X-WC-Webhook-ID", Integer.toString(hook.id))
                        .putHeader("X-WC-Webhook-Delivery-ID", UUID.randomUUID().toString())
                        .sendBuffer(Buffer.buffer(body));
                sent.add(delivery.andThen(answered -> logDelivery(hook,
                        answered.succeeded() && answered.result().statusCode() >= 200 && answered.result().statusCode() < 303)));
            }
        }
        return Future.join(sent).transform(all -> Future.succeededFuture(
                sent.stream().filter(Future::succeeded).map(Future::result).toList()));
    }

    /** {@code n} deliveries on {@code topic} that got no 2xx-302 answer (the endpoint was down). */
    public synchronized void failDeliveries(String topic, int n) {
        Hook hook = webhook(topic);
        for (int i = 0; i < n && "active".equals(hook.status); i++) {
            logDelivery(hook, false);
        }
    }

    private synchronized void logDelivery(Hook hook, boolean success) {
        if (success) {
            hook.failureCount = 0;
        } else if (hook.failureCount > MAX_DELIVERY_FAILURES) {
            hook.status = "disabled";
        } else {
            hook.failureCount++;
        }
    }

    private void admit(RoutingContext context) {
        JsonObject body = null;
        if (context.body().length() > 0) {
            body = context.body().asJsonObject();
        }
        Auth auth = authenticate(context.request().getHeader("Authorization"));
        boolean authorized = auth == Auth.VALID;
        if (context.get("counted") == null) {
            context.put("counted", true);
            synchronized (this) {
                maxConcurrent = Math.max(maxConcurrent, ++concurrent);
            }
            context.addEndHandler(done -> {
                synchronized (this) {
                    concurrent--;
                }
            });
            if (delayMs > 0) {
                vertx.setTimer(delayMs, id -> admit(context));
                return;
            }
        }
        String method = context.request().method().name();
        requests.add(new Request(method, context.normalizedPath(), context.request().query(), authorized, body,
                System.currentTimeMillis()));
        Fault fault;
        synchronized (this) {
            Deque<Fault> queued = faults.get(method);
            fault = queued == null ? null : queued.poll();
        }
        if (fault == Fault.HANG) {
            return;
        }
        if (fault == Fault.TOO_MANY_REQUESTS) {
            context.response().putHeader("Retry-After", retryAfter);
            error(context, 429, "rest_too_many_requests", "Too many requests.");
        } else if (fault == Fault.SERVER_ERROR) {
            context.response().setStatusCode(503).end("<html><body>Service Unavailable</body></html>");
        } else if (fault == Fault.BAD_REQUEST) {
            error(context, 400, "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic is required and must be valid.");
        } else if (auth == Auth.WRONG_SECRET) {
            context.response().putHeader("WWW-Authenticate", "Basic realm=\"WooCommerce API. Use a consumer key in the username "
                    + "field and a consumer secret in the password field.\"");
            error(context, 401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.");
        } else if (auth == Auth.NONE) {
            notPermitted(context, method);
        } else {
            if (fault == Fault.APPLY_THEN_HANG) {
                context.put("hang", true);
            }
            context.next();
        }
    }

    /**
     * {@code WC_REST_Authentication::perform_basic_authentication}: a known key with the wrong secret is an error of
     * its own; an unknown key (or none) authenticates no one, and the route's permission check refuses.
     */
    private Auth authenticate(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return Auth.NONE;
        }
        String[] pair = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8).split(":", 2);
        if (!consumerKey.equals(pair[0])) {
            return Auth.NONE;
        }
        return pair.length == 2 && consumerSecret.equals(pair[1]) ? Auth.VALID : Auth.WRONG_SECRET;
    }

    /** The webhooks and orders controllers' permission checks, for a request nobody authenticated (401). */
    private static void notPermitted(RoutingContext context, String method) {
        boolean collection = context.normalizedPath().matches(".*/(webhooks|orders)/?");
        switch (method) {
            case "POST" -> error(context, 401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.");
            case "PUT" -> error(context, 401, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.");
            case "DELETE" -> error(context, 401, "woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource.");
            default -> error(context, 401, "woocommerce_rest_cannot_view",
                    collection ? "Sorry, you cannot list resources." : "Sorry, you cannot view this resource.");
        }
    }

    private synchronized void list(RoutingContext context) {
        int perPage = intParam(context, "per_page", 10);
        int page = intParam(context, "page", 1);
        if (perPage < 1 || perPage > 100) {
            error(context, 400, "rest_invalid_param", "Invalid parameter(s): per_page");
            return;
        }
        String status = context.queryParams().get("status");
        List<Hook> all = webhooks.values().stream()
                .filter(h -> status == null || "all".equals(status) || status.equals(h.status)).toList();
        JsonArray slice = new JsonArray();
        all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(h -> slice.add(json(h)));
        context.response().putHeader("X-WP-Total", Integer.toString(all.size()))
                .putHeader("X-WP-TotalPages", Integer.toString(Math.max(1, (all.size() + perPage - 1) / perPage)));
        answer(context, 200, slice.toBuffer());
    }

    private synchronized void create(RoutingContext context) {
        JsonObject body = context.body().asJsonObject();
        String topic = body.getString("topic");
        String url = body.getString("delivery_url");
        if (!validTopic(topic)) {
            error(context, 400, "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic is required and must be valid.");
            return;
        }
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            error(context, 400, "woocommerce_rest_shop_webhook_invalid_delivery_url",
                    "Webhook delivery URL must be a valid URL starting with http:// or https://.");
            return;
        }
        Hook hook = new Hook(nextId++);
        hook.name = body.getString("name", "Webhook created on " + java.time.LocalDate.now());
        hook.topic = topic;
        hook.deliveryUrl = url;
        // A status in the body is not applied on create; an empty secret gets a random one.
        String secret = body.getString("secret");
        hook.secret = secret == null || secret.isEmpty() ? UUID.randomUUID().toString().repeat(2).substring(0, 50) : secret;
        webhooks.put(hook.id, hook);
        context.response().putHeader("Location", "/wp-json/wc/v3/webhooks/" + hook.id);
        answer(context, 201, json(hook).toBuffer());
        ping(hook);
    }

    private synchronized void get(RoutingContext context) {
        Hook hook = found(context);
        if (hook != null) {
            answer(context, 200, json(hook).toBuffer());
        }
    }

    private synchronized void update(RoutingContext context) {
        Hook hook = found(context);
        if (hook == null) {
            return;
        }
        JsonObject body = context.body().asJsonObject();
        if (body.containsKey("name")) {
            hook.name = body.getString("name");
        }
        if (body.containsKey("topic")) {
            hook.topic = body.getString("topic");
        }
        if (body.containsKey("delivery_url")) {
            hook.deliveryUrl = body.getString("delivery_url");
        }
        if (body.containsKey("secret")) {
            hook.secret = body.getString("secret");
        }
        if (body.containsKey("status")) {
            String status = body.getString("status");
            hook.status = Set.of("active", "paused", "disabled").contains(status) ? status : "disabled";
        }
        answer(context, 200, json(hook).toBuffer());
    }

    private synchronized void delete(RoutingContext context) {
        if (!"true".equals(context.queryParams().get("force"))) {
            error(context, 501, "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
            return;
        }
        Hook hook = found(context);
        if (hook != null) {
            webhooks.remove(hook.id);
            answer(context, 200, json(hook).toBuffer());
        }
    }

    /** {@code modified_after} compared with {@code date_modified_gmt} (both GMT with {@code dates_are_gmt=true}). */
    private synchronized void orders(RoutingContext context) {
        String after = context.queryParams().get("modified_after");
        if (after != null && !"true".equals(context.queryParams().get("dates_are_gmt"))) {
            error(context, 400, "test_fake_unsupported", "the fake only serves dates_are_gmt=true");
            return;
        }
        int perPage = intParam(context, "per_page", 10);
        int page = intParam(context, "page", 1);
        List<JsonObject> matching = orders.stream()
                .filter(o -> after == null || o.getString("date_modified_gmt").compareTo(after) > 0).toList();
        JsonArray slice = new JsonArray();
        matching.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(slice::add);
        context.response().putHeader("X-WP-Total", Integer.toString(matching.size()))
                .putHeader("X-WP-TotalPages", Integer.toString(Math.max(1, (matching.size() + perPage - 1) / perPage)));
        answer(context, 200, slice.toBuffer());
    }

    private Hook found(RoutingContext context) {
        Hook hook = null;
        try {
            hook = webhooks.get(Integer.parseInt(context.pathParam("id")));
        } catch (NumberFormatException e) {
            // below
        }
        if (hook == null) {
            error(context, 404, "woocommerce_rest_shop_webhook_invalid_id", "Invalid ID.");
        }
        return hook;
    }

    /** The creation ping: form body {@code webhook_id=N}, no webhook headers, no signature. */
    private void ping(Hook hook) {
        if (ingestBase == null) {
            return;
        }
        client.postAbs(target(hook.deliveryUrl)).sendBuffer(Buffer.buffer("webhook_id=" + hook.id))
                .onSuccess(response -> pings.add(response.statusCode()));
    }

    private String target(String deliveryUrl) {
        URI uri = URI.create(deliveryUrl);
        return (ingestBase == null ? deliveryUrl.substring(0, deliveryUrl.indexOf(uri.getRawPath())) : ingestBase) + uri.getRawPath();
    }

    /** The documented response shape (fixture woocommerce-webhook-create-response.json), this webhook's values. */
    private JsonObject json(Hook hook) {
        JsonObject json = new JsonObject(Buffer.buffer(Fixtures.bytes("woocommerce-webhook-create-response.json")));
        String[] parts = hook.topic.split("\\.");
        json.put("id", hook.id).put("name", hook.name).put("status", hook.status).put("topic", hook.topic)
                .put("resource", parts[0]).put("event", parts.length > 1 ? parts[1] : null)
                .put("delivery_url", hook.deliveryUrl);
        json.getJsonObject("_links").getJsonArray("self").getJsonObject(0)
                .put("href", url() + "/wp-json/wc/v3/webhooks/" + hook.id);
        return json;
    }

    private static boolean validTopic(String topic) {
        if (topic == null) {
            return false;
        }
        String[] parts = topic.split("\\.");
        return parts.length == 2 && RESOURCES.contains(parts[0]) && EVENTS.contains(parts[1]);
    }

    private static int intParam(RoutingContext context, String name, int fallback) {
        String value = context.queryParams().get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static void error(RoutingContext context, int status, String code, String message) {
        JsonObject body = new JsonObject().put("code", code).put("message", message)
                .put("data", new JsonObject().put("status", status));
        answer(context, status, body.toBuffer());
    }

    private static void answer(RoutingContext context, int status, Buffer body) {
        if (Boolean.TRUE.equals(context.get("hang"))) {
            return;
        }
        HttpServerResponse response = context.response();
        response.setStatusCode(status).putHeader("Content-Type", "application/json; charset=UTF-8").end(body);
    }
}
