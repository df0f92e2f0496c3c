package io.orderlink.api;

import io.orderlink.stores.Platform;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@code POST /api/stores} body. Shopify: {@code domain} and credentials
 * {@code {accessToken, clientSecret, previousClientSecret?}} (the app's client secret signs webhooks).
 * WooCommerce: {@code url} and credentials {@code {consumerKey, consumerSecret, webhookSecret?}}.
 */
record StoreConnection(Platform platform, String domain, String url, JsonObject credentials, List<String> signingSecrets,
                       boolean register) {

    static StoreConnection parse(JsonObject body, boolean allowHttp) {
        if (body == null) {
            throw ApiError.badRequest("body", "must be a JSON object");
        }
        Platform platform = platform(body.getValue("platform"));
        JsonObject given = object(body, "credentials");
        Object register = body.getValue("register", true);
        if (!(register instanceof Boolean)) {
            throw ApiError.badRequest("register", "must be true or false");
        }
        StoreConnection store = platform == Platform.SHOPIFY ? shopify(body, given) : wooCommerce(body, given, allowHttp);
        return new StoreConnection(store.platform(), store.domain(), store.url(), store.credentials(), store.signingSecrets(),
                (Boolean) register);
    }

    private static StoreConnection shopify(JsonObject body, JsonObject given) {
        String domain = Requests.domain("domain", text(body, "domain", "domain"));
        JsonObject credentials = new JsonObject()
                .put("accessToken", text(given, "accessToken", "credentials.accessToken"))
                .put("clientSecret", text(given, "clientSecret", "credentials.clientSecret"));
        List<String> secrets = new ArrayList<>(List.of(credentials.getString("clientSecret")));
        String previous = optionalText(given, "previousClientSecret", "credentials.previousClientSecret");
        if (previous != null) {
            credentials.put("previousClientSecret", previous);
            secrets.add(previous);
        }
        return new StoreConnection(Platform.SHOPIFY, domain, "https://" + domain, credentials, secrets, true);
    }

    private static StoreConnection wooCommerce(JsonObject body, JsonObject given, boolean allowHttp) {
        String url = text(body, "url", "url").replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("url", "is not a valid URL");
        }
        boolean https = "https".equals(uri.getScheme());
        if (!https && !(allowHttp && "http".equals(uri.getScheme()))) {
            throw ApiError.badRequest("url", "must be an https:// URL (plain http only with ORDERLINK_ALLOW_HTTP_STORES=true)");
        }
        String domain = Requests.domain("url", url);
        JsonObject credentials = new JsonObject()
                .put("consumerKey", text(given, "consumerKey", "credentials.consumerKey"))
                .put("consumerSecret", text(given, "consumerSecret", "credentials.consumerSecret"));
        String webhookSecret = optionalText(given, "webhookSecret", "credentials.webhookSecret");
        List<String> secrets = webhookSecret == null ? List.of() : List.of(webhookSecret);
        if (webhookSecret != null) {
            // Kept sealed with the credentials: registration rebuilds the signing secrets from them and its webhooks.
            credentials.put("webhookSecret", webhookSecret);
        }
        return new StoreConnection(Platform.WOOCOMMERCE, domain, url, credentials, secrets, true);
    }

    private static Platform platform(Object value) {
        if ("shopify".equals(value)) {
            return Platform.SHOPIFY;
        }
        if ("woocommerce".equals(value)) {
            return Platform.WOOCOMMERCE;
        }
        throw ApiError.badRequest("platform", "must be \"shopify\" or \"woocommerce\"");
    }

    private static JsonObject object(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value instanceof JsonObject json) {
            return json;
        }
        throw ApiError.badRequest(field, "must be an object");
    }

    private static String text(JsonObject json, String key, String field) {
        String value = optionalText(json, key, field);
        if (value == null) {
            throw ApiError.badRequest(field, "is required");
        }
        return value;
    }

    private static String optionalText(JsonObject json, String key, String field) {
        Object value = json.getValue(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank() || s.length() > Requests.MAX_CREDENTIAL) {
            throw ApiError.badRequest(field, "must be a non-empty string of at most " + Requests.MAX_CREDENTIAL + " characters");
        }
        return s.trim();
    }
}
