package org.berth.api;

import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** The few ways the API answers, so every route sets content types and bodies alike. */
final class Replies {
    private Replies() {
    }

    /** A JSON value: a string, a boolean, an object or an array. Alkane answers JSON strings and booleans. */
    static void json(RoutingContext ctx, int status, Object value) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Json.encode(value));
    }

    /** An error as Alkane gives it: a JSON string holding the message. */
    static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, message);
    }

    static void text(RoutingContext ctx, int status, String text) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(text);
    }
}
