package io.orderlink.api;

import io.vertx.core.json.JsonArray;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;

/** Opaque keyset cursors: base64url of the last row's sort key and tie-breaker, as a JSON array. */
final class Cursor {

    private Cursor() {
    }

    static String encode(JsonArray key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.encode().getBytes(StandardCharsets.UTF_8));
    }

    /** The key {@code reader} makes of the cursor, or null for no cursor; a cursor this API did not write is a 400. */
    static <T> T decode(String cursor, Function<JsonArray, T> reader) {
        if (cursor == null) {
            return null;
        }
        try {
            T key = reader.apply(new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)));
            if (key != null) {
                return key;
            }
        } catch (RuntimeException e) {
            // any malformed cursor: below
        }
        throw ApiError.badRequest("cursor", "is not a cursor from a previous page");
    }
}
