package io.orderlink.registration;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.orderlink.inbox.DedupKey;
import io.orderlink.inbox.Inbox;
import io.orderlink.inbox.WebhookTopics;
import io.orderlink.stores.Platform;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * WooCommerce REST API v3 ({@code /wp-json/wc/v3}) with HTTP Basic consumer key and secret: one webhook per
 * order topic, and orders modified since a time for reconciliation.
 */
final class WooCommerceApi implements PlatformApi {

    static final List<String> TOPICS = WebhookTopics.registrable(Platform.WOOCOMMERCE);
    private static final int PAGE_SIZE = 100;
    /** Orders keep their exact bytes: decimals as written, 64-bit ids intact. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final PlatformHttp http;
    private final String address;

    WooCommerceApi(PlatformHttp http, String publicUrl) {
        this.http = http;
        this.address = publicUrl + "/webhooks/woocommerce";
    }

    @Override
    public Platform platform() {
        return Platform.WOOCOMMERCE;
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
        return true;
    }

    /**
     * API keys belong to the site that issued them: they open this store when one page of its webhooks (read
     * permission on what registration manages) answers as a list at its URL. Unknown keys are refused there
     * ({@code woocommerce_rest_cannot_view}), a wrong secret too ({@code woocommerce_rest_authentication_error}).
     */
    @Override
    public Future<String> owner(StoreAccess store) {
        return send(store, HttpMethod.GET, "/webhooks?per_page=1", null, 200).map(response -> {
            read(response, HttpResponse::bodyAsJsonArray, "a JSON list");
            return store.domain();
        });
    }

    /** Every page: the default page holds 10, and the original system's first-page-only read missed webhooks. */
    @Override
    public Future<List<RemoteWebhook>> list(StoreAccess store) {
        return listFrom(store, 1, new ArrayList<>());
    }

    private Future<List<RemoteWebhook>> listFrom(StoreAccess store, int page, List<RemoteWebhook> found) {
        return send(store, HttpMethod.GET, "/webhooks?per_page=" + PAGE_SIZE + "&page=" + page, null, 200)
                .compose(response -> {
                    for (Object webhook : read(response, HttpResponse::bodyAsJsonArray, "a JSON list")) {
                        found.add(webhook((JsonObject) webhook));
                    }
                    return page < totalPages(response) ? listFrom(store, page + 1, found) : Future.succeededFuture(found);
                });
    }

    @Override
    public Future<RemoteWebhook> create(StoreAccess store, String topic, String secret) {
        JsonObject body = new JsonObject().put("name", "Orderlink " + topic).put("topic", topic)
                .put("delivery_url", address).put("secret", secret);
        return send(store, HttpMethod.POST, "/webhooks", body, 201).map(WooCommerceApi::webhookIn);
    }

    @Override
    public Future<RemoteWebhook> update(StoreAccess store, RemoteWebhook webhook, String secret) {
        JsonObject body = new JsonObject().put("delivery_url", address).put("status", "active");
        if (secret != null) {
            body.put("secret", secret);
        }
        return send(store, HttpMethod.PUT, "/webhooks/" + webhook.id(), body, 200).map(WooCommerceApi::webhookIn);
    }

    /** {@code force=true}: webhooks cannot be trashed (501 without it). Already gone (404) is what was wanted. */
    @Override
    public Future<Void> delete(StoreAccess store, RemoteWebhook webhook) {
        return send(store, HttpMethod.DELETE, "/webhooks/" + webhook.id() + "?force=true", null, 200, 404).mapEmpty();
    }

    /**
     * Orders modified after {@code since} (GMT, to the second, rounded down: an overlap only re-finds what the
     * inbox already holds), each keyed exactly as ingest keys an {@code order.updated} delivery of it.
     */
    @Override
    public Future<OrderPage> ordersModifiedSince(StoreAccess store, Instant since, String cursor) {
        int page = cursor == null ? 1 : Integer.parseInt(cursor);
        String modifiedAfter = URLEncoder.encode(GMT.format(since.truncatedTo(ChronoUnit.SECONDS)), StandardCharsets.UTF_8);
        String path = "/orders?modified_after=" + modifiedAfter + "&dates_are_gmt=true&per_page=" + PAGE_SIZE + "&page=" + page;
        return send(store, HttpMethod.GET, path, null, 200).map(response -> {
            List<Inbox.Reconciled> orders = new ArrayList<>();
            for (JsonNode order : exactArray(response)) {
                String key = DedupKey.wooCommerceVersion(WebhookTopics.ORDER_UPDATED, order.path("id").asText(), order.path("date_modified_gmt").asText());
                orders.add(new Inbox.Reconciled(WebhookTopics.ORDER_UPDATED, key, Buffer.buffer(bytes(order))));
            }
            return new OrderPage(orders, page < totalPages(response) ? Integer.toString(page + 1) : null);
        });
    }

    private Future<HttpResponse<Buffer>> send(StoreAccess store, HttpMethod method, String path, JsonObject body,
                                              int... expected) {
        JsonObject credentials = store.credentials();
        String basic = Base64.getEncoder().encodeToString((credentials.getString("consumerKey") + ":"
                + credentials.getString("consumerSecret")).getBytes(StandardCharsets.UTF_8));
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add(HttpHeaders.AUTHORIZATION, "Basic " + basic)
                .add(HttpHeaders.ACCEPT, "application/json");
        if (body != null) {
            headers.add(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        String resource = path.replaceAll("^/([a-z]+).*", "$1");
        PlatformHttp.Call call = new PlatformHttp.Call(Platform.WOOCOMMERCE, method.name().toLowerCase(java.util.Locale.ROOT) + " " + resource,
                method, store.url() + "/wp-json/wc/v3" + path, headers,
                body == null ? null : body.toBuffer(), null);
        return http.send(call).compose(response -> {
            for (int status : expected) {
                if (response.statusCode() == status) {
                    return Future.succeededFuture(response);
                }
            }
            return Future.failedFuture(refusal(call, response));
        });
    }

    /** WooCommerce errors are {@code {"code","message","data":{"status"}}}; only those two fields are repeated. */
    private static PlatformException refusal(PlatformHttp.Call call, HttpResponse<Buffer> response) {
        String detail = "";
        try {
            JsonObject error = response.bodyAsJsonObject();
            if (error != null && error.getValue("code") instanceof String code) {
                detail = " " + code + (error.getValue("message") instanceof String m ? ": " + m : "");
            }
        } catch (DecodeException | ClassCastException e) {
            // not a WooCommerce error body: the status says enough
        }
        int status = response.statusCode();
        String answered = " (" + call + " answered " + status + detail + ")";
        return status == 401 || status == 403 ? PlatformException.refusedCredentials("WooCommerce refused the API key" + answered)
                : PlatformException.notApplied("WooCommerce refused the request" + answered);
    }

    private static RemoteWebhook webhookIn(HttpResponse<Buffer> response) {
        return webhook(read(response, HttpResponse::bodyAsJsonObject, "a JSON object"));
    }

    /** Only {@code active} delivers; WooCommerce itself treats any status it does not know as disabled. */
    private static RemoteWebhook webhook(JsonObject json) {
        String status = json.getString("status");
        return new RemoteWebhook(String.valueOf(json.getValue("id")), json.getString("topic"), json.getString("delivery_url"),
                "active".equals(status) || "paused".equals(status) ? status : "disabled");
    }

    private static int totalPages(HttpResponse<Buffer> response) {
        try {
            return Integer.parseInt(response.getHeader("X-WP-TotalPages"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The body read as {@code read} reads it; anything else from a 2xx answer leaves the outcome unknown. */
    private static <T> T read(HttpResponse<Buffer> response, Function<HttpResponse<Buffer>, T> read, String what) {
        try {
            T value = read.apply(response);
            if (value != null) {
                return value;
            }
        } catch (DecodeException | ClassCastException e) {
            // reported below
        }
        throw PlatformException.unknown("WooCommerce answered " + response.statusCode() + " without " + what);
    }

    private static JsonNode exactArray(HttpResponse<Buffer> response) {
        try {
            JsonNode orders = response.body() == null ? null : EXACT.readTree(response.body().getBytes());
            if (orders != null && orders.isArray()) {
                return orders;
            }
        } catch (IOException e) {
            // reported below
        }
        throw PlatformException.unknown("WooCommerce answered " + response.statusCode() + " without a JSON list of orders");
    }

    private static byte[] bytes(JsonNode order) {
        try {
            return EXACT.writeValueAsBytes(order);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
