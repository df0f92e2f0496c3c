package io.orderlink.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading request input, each failure a 400 that names the field. */
final class Requests {

    private Requests() {
    }

    static JsonObject jsonBody(RoutingContext context) {
        try {
            JsonObject body = context.body().asJsonObject();
            if (body == null) {
                throw ApiError.badRequest("body", "must be a JSON object");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw ApiError.badRequest("body", "must be a JSON object");
        }
    }

    /** A path id; anything but a positive whole number cannot name a row, so it is 404 rather than 400. */
    static long idParam(RoutingContext context, String name) {
        String value = context.pathParam(name);
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiError.notFound(name + " " + value);
    }
}
