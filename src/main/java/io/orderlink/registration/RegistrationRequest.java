package io.orderlink.registration;

import io.orderlink.stores.Platform;
import io.vertx.core.json.JsonObject;

/**
 * The body of every registration request, on both transports. A store operation names the tenant ({@code orgId})
 * and the store, by {@code storeId} or by {@code platform} and {@code domain}; another tenant's store is not found.
 * {@code repair} applies to {@link RegistrationOperation#CHECK}, {@code since} (an ISO instant, checked by the
 * worker) to {@link RegistrationOperation#RECONCILE}, {@code olderThanSeconds} to {@link RegistrationOperation#SWEEP}.
 */
public record RegistrationRequest(String orgId, Long storeId, String platform, String domain, boolean repair,
                                  String since, Integer olderThanSeconds) {

    public static RegistrationRequest store(String orgId, long storeId) {
        return new RegistrationRequest(orgId, storeId, null, null, false, null, null);
    }

    public static RegistrationRequest store(String orgId, String platform, String domain) {
        return new RegistrationRequest(orgId, null, platform, domain, false, null, null);
    }

    /** Sweep the stores not checked for {@code olderThanSeconds}; null: the configured interval. */
    public static RegistrationRequest sweep(Integer olderThanSeconds) {
        return new RegistrationRequest(null, null, null, null, false, null, olderThanSeconds);
    }

    public RegistrationRequest withRepair() {
        return new RegistrationRequest(orgId, storeId, platform, domain, true, since, olderThanSeconds);
    }

    public RegistrationRequest since(String instant) {
        return new RegistrationRequest(orgId, storeId, platform, domain, repair, instant, olderThanSeconds);
    }

    /** The platform named by the request, null when it names none of ours. */
    Platform knownPlatform() {
        return "shopify".equals(platform) || "woocommerce".equals(platform) ? Platform.fromId(platform) : null;
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
        return json;
    }

    /** Reads a message body; fields of the wrong type count as absent. */
    public static RegistrationRequest fromJson(JsonObject json) {
        if (json == null) {
            return new RegistrationRequest(null, null, null, null, false, null, null);
        }
        return new RegistrationRequest(
                json.getValue("orgId") instanceof String org ? org : null,
                json.getValue("storeId") instanceof Number id ? id.longValue() : null,
                json.getValue("platform") instanceof String p ? p : null,
                json.getValue("domain") instanceof String d ? d : null,
                Boolean.TRUE.equals(json.getValue("repair")),
                json.getValue("since") instanceof String s ? s : null,
                json.getValue("olderThanSeconds") instanceof Number n ? n.intValue() : null);
    }

    private static void put(JsonObject json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
