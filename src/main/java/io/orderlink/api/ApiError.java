package io.orderlink.api;

import io.vertx.core.json.JsonObject;

/** An error the API answers with: its status and {@code {"error":{"code","message"}}}. */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** Bad input: the message names the field. */
    public static ApiError badRequest(String field, String problem) {
        return new ApiError(400, "invalid_" + field.replaceAll("[^A-Za-z0-9]+", "_"), field + " " + problem);
    }

    public static ApiError notFound(String what) {
        return new ApiError(404, "not_found", what + " not found");
    }

    public int status() {
        return status;
    }

    public JsonObject body() {
        return body(code, getMessage());
    }

    public static JsonObject body(String code, String message) {
        return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
    }
}
