package io.orderlink.registration;

import io.orderlink.stores.Platform;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Base64;

/**
 * The body of every registration request, on both transports. A store operation names the tenant ({@code orgId})
 * and the store, by {@code storeId} or by {@code platform} and {@code domain}; another tenant's store is not found.
 * {@code repair} applies to {@link RegistrationOperation#CHECK}, {@code since} (an ISO instant, checked by the
 * worker) to {@link RegistrationOperation#RECONCILE}, {@code olderThanSeconds} to {@link RegistrationOperation#SWEEP};
 * {@code url} and {@code credentials} (sealed by {@code StoreSecrets}, base64: a request may wait in a table) to
 * {@link RegistrationOperation#PROVE}.
 */
public record RegistrationRequest(String orgId, Long storeId, String platform, String domain, boolean repair,
                                  String since, Integer olderThanSeconds, String url, String credentials) {

    public static RegistrationRequest store(String orgId, long storeId) {
        return new RegistrationRequest(orgId, storeId, null, null, false, null, null, null, null);
    }

    public static RegistrationRequest store(String orgId, String platform, String domain) {
        return new RegistrationRequest(orgId, null, platform, domain, false, null, null, null, null);
    }

    /** A store the tenant is connecting, with its sealed credentials: is it the tenant's to connect? */
    public static RegistrationRequest claim(String orgId, String platform, String domain, String url, Buffer sealedCredentials) {
        return new RegistrationRequest(orgId, null, platform, domain, false, null, null, url,
                Base64.getEncoder().encodeToString(sealedCredentials.getBytes()));
    }

    /** Sweep the stores not checked for {@code olderThanSeconds}; null: the configured interval. */
    public static RegistrationRequest sweep(Integer olderThanSeconds) {
        return new RegistrationRequest(null, null, null, null, false, null, olderThanSeconds, null, null);
    }

    public RegistrationRequest withRepair() {
        return new RegistrationRequest(orgId, storeId, platform, domain, true, since, olderThanSeconds, url, credentials);
    }

    public RegistrationRequest since(String instant) {
        return new RegistrationRequest(orgId, storeId, platform, domain, repair, instant, olderThanSeconds, url, credentials);
    }

    /** The platform named by the request, null when it names none of ours. */
    Platform knownPlatform() {
        return "shopify".equals(platform) || "woocommerce".equals(platform) ? Platform.fromId(platform) : null;
    }

    /** The sealed credentials of a claim, or null when there are none or they are not base64. */
    Buffer sealedCredentials() {
        try {
            return credentials == null ? null : Buffer.buffer(Base64.getDecoder().decode(credentials));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        put(json, "orgId", orgId);
        put(json, "storeId", storeId);
        put(json, "platform", platform);
        put(json, "domain", domain);
        if (repair) {
            json.put("repair", true);
        }
        put(json, "since", since);
        put(json, "olderThanSeconds", olderThanSeconds);
        put(json, "url", url);
        put(json, "credentials", credentials);
        return json;
    }

    /** Reads a message body; fields of the wrong type count as absent. */
    public static RegistrationRequest fromJson(JsonObject json) {
        if (json == null) {
            return sweep(null);
        }
        return new RegistrationRequest(
                text(json, "orgId"),
                json.getValue("storeId") instanceof Number id ? id.longValue() : null,
                text(json, "platform"),
                text(json, "domain"),
                Boolean.TRUE.equals(json.getValue("repair")),
                text(json, "since"),
                json.getValue("olderThanSeconds") instanceof Number n ? n.intValue() : null,
                text(json, "url"),
                text(json, "credentials"));
    }

    /** Sealed or not, credentials stay out of log lines. */
    @Override
    public String toString() {
        JsonObject shown = toJson();
        if (credentials != null) {
            shown.put("credentials", "(sealed)");
        }
        return "RegistrationRequest" + shown.encode();
    }

    private static String text(JsonObject json, String key) {
        return json.getValue(key) instanceof String value ? value : null;
    }

    private static void put(JsonObject json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
