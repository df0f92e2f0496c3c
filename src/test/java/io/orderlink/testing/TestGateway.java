package io.orderlink.testing;

import io.orderlink.config.Config;
import io.orderlink.Gateway;
import io.orderlink.config.Keys;
import io.orderlink.crypto.HmacVerifier;
import io.orderlink.crypto.MasterKey;
import io.orderlink.db.Database;
import io.orderlink.metrics.Metrics;
import io.orderlink.tenancy.Role;
import io.orderlink.tenancy.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** A real gateway on free loopback ports against a test database, with helpers to talk to it. */
public final class TestGateway {

    public static final String JWT_SECRET = "test-jwt-secret-0123456789abcdef";

    private final Vertx vertx;
    private final Gateway gateway;
    private final Config config;
    private final Metrics metrics;
    private final WebClient client;

    private TestGateway(Vertx vertx, Gateway gateway, Config config, Metrics metrics) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.config = config;
        this.metrics = metrics;
        this.client = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(64));
    }

    /** Starts with test defaults (ports 0, fixed secrets, http stores allowed); {@code env} overrides them. */
    public static Future<TestGateway> start(Vertx vertx, Database database, Map<String, String> env) {
        return start(vertx, database, env, new io.orderlink.metrics.Metrics());
    }

    /** With {@code metrics} holding the meters (a Vert.x from {@code metrics.vertx(n)} adds its own to them). */
    public static Future<TestGateway> start(Vertx vertx, Database database, Map<String, String> env, io.orderlink.metrics.Metrics metrics) {
        Config config = Config.load(environment(env));
        Keys keys = Keys.resolve(config);
        return Gateway.start(vertx, config, database, keys, 2, metrics).map(g -> new TestGateway(vertx, g, config, metrics));
    }

    public static Map<String, String> environment(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("ORDERLINK_INGEST_PORT", "0");
        env.put("ORDERLINK_API_PORT", "0");
        env.put("ORDERLINK_METRICS_PORT", "0");
        env.put("ORDERLINK_INGEST_HOST", "127.0.0.1");
        env.put("ORDERLINK_API_HOST", "127.0.0.1");
        env.put("ORDERLINK_METRICS_HOST", "127.0.0.1");
        env.put("ORDERLINK_JWT_SECRET", JWT_SECRET);
        env.put("ORDERLINK_MASTER_KEY", MasterKey.generateBase64());
        env.put("ORDERLINK_ALLOW_HTTP_STORES", "true");
        // Connecting a store proves its ownership and registers its webhooks: tests never reach a real platform, and
        // retries stay short.
        env.put("ORDERLINK_SHOPIFY_ADMIN_BASE_URL", "http://127.0.0.1:1/{shop}");
        env.put("ORDERLINK_REGISTRATION_BACKOFF_BASE_MS", "10");
        env.put("ORDERLINK_REGISTRATION_BACKOFF_MAX_MS", "200");
        try {
            env.put("ORDERLINK_HOME", Files.createTempDirectory("orderlink-home").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.putAll(overrides);
        return env;
    }

    public Future<Void> close() {
        return gateway.close();
    }

    public Gateway gateway() {
        return gateway;
    }

    /** Deliveries in flight right now, across all event loops. */
    public int inFlight() {
        return gateway.admission().inFlight();
    }

    /** The gateway's meters, as its metrics port would expose them. */
    public Metrics metrics() {
        return metrics;
    }

    public Config config() {
        return config;
    }

    public WebClient client() {
        return client;
    }

    public String token(String org, Role role) {
        return Tokens.issue(Tokens.auth(vertx, config.jwt(), JWT_SECRET), config.jwt(), org, role, "test", Duration.ofHours(1));
    }

    public HttpRequest<Buffer> api(io.vertx.core.http.HttpMethod method, String path, String token) {
        HttpRequest<Buffer> request = client.request(method, gateway.apiPort(), "127.0.0.1", path);
        return token == null ? request : request.bearerTokenAuthentication(token);
    }

    public HttpRequest<Buffer> ingest(String path) {
        return client.post(gateway.ingestPort(), "127.0.0.1", path);
    }

    public HttpRequest<Buffer> metrics(String path) {
        return client.get(gateway.metricsPort(), "127.0.0.1", path);
    }

    /**
     * Connects a Shopify store whose app client secret is {@code clientSecret}, as one whose webhooks the merchant
     * manages ({@code "register": false}: unproven, no platform call); completes with its id.
     */
    public Future<Long> connectShopify(String org, String domain, String clientSecret) {
        JsonObject body = new JsonObject().put("platform", "shopify").put("domain", domain).put("register", false)
                .put("credentials", new JsonObject().put("accessToken", "shpat_test").put("clientSecret", clientSecret));
        return createStore(org, body);
    }

    /** Connects a WooCommerce store at {@code url} whose webhooks are signed with {@code webhookSecret}, as above. */
    public Future<Long> connectWooCommerce(String org, String url, String webhookSecret) {
        JsonObject body = new JsonObject().put("platform", "woocommerce").put("url", url).put("register", false)
                .put("credentials", new JsonObject().put("consumerKey", "ck_test").put("consumerSecret", "cs_test")
                        .put("webhookSecret", webhookSecret));
        return createStore(org, body);
    }

    private Future<Long> createStore(String org, JsonObject body) {
        return api(io.vertx.core.http.HttpMethod.POST, "/api/stores", token(org, Role.ADMIN)).sendJsonObject(body)
                .map(response -> {
                    if (response.statusCode() != 201) {
                        throw new IllegalStateException("store not created: " + response.statusCode() + " " + response.bodyAsString());
                    }
                    return response.bodyAsJsonObject().getLong("id");
                });
    }

    /** Until the inbox has nothing pending, checked every 100 ms for at most {@code attempts} times. */
    public Future<Void> processed(io.vertx.sqlclient.Pool sql, int attempts) {
        return sql.query("SELECT count(*) FROM webhook_inbox WHERE status = 'pending'").execute()
                .compose(rows -> rows.iterator().next().getLong(0) == 0 ? Future.succeededFuture()
                        : attempts == 0 ? Future.failedFuture("still pending")
                        : vertx.timer(100).compose(t -> processed(sql, attempts - 1)));
    }

    /** A signed Shopify delivery with a fresh webhook id (or the given one). */
    public Future<HttpResponse<Buffer>> deliverShopify(String domain, String secret, String topic, byte[] body, String webhookId) {
        return ingest("/webhooks/shopify")
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Shopify-Topic", topic)
                .putHeader("X-Shopify-Shop-Domain", domain)
                .putHeader("X-Shopify-Webhook-Id", webhookId == null ? UUID.randomUUID().toString() : webhookId)
                .putHeader("X-Shopify-API-Version", "2026-01")
                .putHeader("X-Shopify-Hmac-Sha256", HmacVerifier.sign(secret.getBytes(StandardCharsets.UTF_8), body))
                .sendBuffer(Buffer.buffer(body));
    }

    /** A signed WooCommerce delivery from the site at {@code source}. */
    public Future<HttpResponse<Buffer>> deliverWooCommerce(String source, String secret, String topic, byte[] body) {
        return ingest("/webhooks/woocommerce")
                .putHeader("Content-Type", "application/json")
                .putHeader("X-WC-Webhook-Source", source + "/")
                .putHeader("X-WC-Webhook-Topic", topic)
                .putHeader("X-WC-Webhook-ID", "1")
                .putHeader("X-WC-Webhook-Delivery-ID", UUID.randomUUID().toString())
                .putHeader("X-WC-Webhook-Signature", HmacVerifier.sign(HmacVerifier.wooCommerceKey(secret), body))
                .sendBuffer(Buffer.buffer(body));
    }
}
