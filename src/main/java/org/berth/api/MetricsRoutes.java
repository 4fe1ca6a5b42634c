package org.berth.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.berth.actions.Actions;
import org.berth.auth.Authorizer;
import org.berth.auth.Decision;
import org.berth.metrics.BerthMetrics;

/** {@code GET /metrics}: Prometheus' text format; loopback scrapers as trusted as for the API, others need a token. */
final class MetricsRoutes {
    private final Actions actions;
    private final Authorizer authorizer;
    private final BerthMetrics metrics;

    MetricsRoutes(Actions actions, Authorizer authorizer, BerthMetrics metrics) {
        this.actions = actions;
        this.authorizer = authorizer;
        this.metrics = metrics;
    }

    void register(Router router) {
        router.get("/metrics").handler(this::scrape);
    }

    private void scrape(RoutingContext ctx) {
        Decision decision = authorizer.authorizeAnySite(RequestCredentials.of(ctx));
        if (!decision.isAllowed()) {
            Replies.error(ctx, decision.httpStatus(), decision.message());
            return;
        }
        // The scrape reads the run history (SQLite): off the event loop.
        ctx.vertx().executeBlocking(() -> metrics.scrape(actions)).onFailure(ctx::fail).onSuccess(text ->
                ctx.response().putHeader("Content-Type", BerthMetrics.CONTENT_TYPE).putHeader("Cache-Control", "no-store")
                        .end(text));
    }
}
