package org.berth.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.berth.actions.Actions;
import org.berth.actions.Job;
import org.berth.auth.Authorizer;
import org.berth.auth.Decision;
import org.berth.naming.InvalidSiteNameException;
import org.berth.naming.SiteName;
import org.berth.site.SiteAction;
import org.berth.site.SiteActionException;
import org.berth.site.SiteActionRequest;

/**
 * Alkane's HTTP API, with the same routes and answers so existing CI jobs keep working:
 * {@code GET /status}, {@code GET /is_present/{site}}, {@code POST /init|update|deploy/{site}}.
 * berth adds {@code /is-present/{site}}, authentication for remote callers, and
 * {@code ?async=1} (202 with a job id instead of waiting for the recipe).
 */
final class AlkaneRoutes {
    private final Actions actions;
    private final Authorizer authorizer;

    AlkaneRoutes(Actions actions, Authorizer authorizer) {
        this.actions = actions;
        this.authorizer = authorizer;
    }

    void register(Router router) {
        router.get("/status").handler(ctx -> Replies.text(ctx, 200, "ALIVE"));
        for (String path : new String[] {"/is_present", "/is-present"}) {
            router.get(path + "/:site").handler(this::isPresent);
            router.get(path + "/").handler(ctx -> emptyName(ctx, "is-present"));
        }
        for (SiteAction action : SiteAction.values()) {
            router.post("/" + action.recipeName() + "/:site").handler(ctx -> siteAction(ctx, action));
            router.post("/" + action.recipeName() + "/").handler(ctx -> emptyName(ctx, action.recipeName()));
        }
    }

    private void isPresent(RoutingContext ctx) {
        String raw = ctx.pathParam("site");
        SiteName site;
        try {
            site = SiteName.parse(raw);
        } catch (InvalidSiteNameException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        Decision decision = authorizer.authorize(RequestCredentials.of(ctx), site);
        if (!decision.isAllowed()) {
            Replies.error(ctx, decision.httpStatus(), decision.message());
            return;
        }
        ctx.vertx().executeBlocking(() -> actions.presentSite(site.value()).isPresent())
                .onSuccess(present -> Replies.json(ctx, 200, present))
                .onFailure(ctx::fail);
    }

    private void siteAction(RoutingContext ctx, SiteAction action) {
        String raw = ctx.pathParam("site");
        SiteName site;
        try {
            site = SiteName.parse(raw);
        } catch (InvalidSiteNameException e) {
            Replies.error(ctx, 400, new SiteActionException(action.recipeName(), raw, e.getMessage()).getMessage());
            return;
        }
        Decision decision = authorizer.authorize(RequestCredentials.of(ctx), site);
        if (!decision.isAllowed()) {
            Replies.error(ctx, decision.httpStatus(), decision.message());
            return;
        }
        String body = ctx.body().buffer() == null ? "" : ctx.body().buffer().toString(StandardCharsets.UTF_8);
        SiteActionRequest request = new SiteActionRequest(site.value(), action,
                body.isEmpty() ? Optional.empty() : Optional.of(body), Optional.empty(), decision.trigger(), decision.caller());
        boolean async = ctx.queryParam("async").stream().anyMatch(value -> value.equals("1") || value.equals("true"));
        ctx.vertx().executeBlocking(() -> actions.startSiteAction(request))
                .onFailure(failure -> {
                    if (failure instanceof SiteActionException refused) {
                        Replies.error(ctx, 400, refused.getMessage());
                    } else {
                        ctx.fail(failure);
                    }
                })
                .onSuccess(job -> {
                    if (async) {
                        accepted(ctx, job);
                    } else {
                        Future.fromCompletionStage(job.result(), ctx.vertx().getOrCreateContext())
                                .onSuccess(result -> Replies.json(ctx, 200, result.result().alkaneName()))
                                .onFailure(ctx::fail);
                    }
                });
    }

    private static void accepted(RoutingContext ctx, Job job) {
        String base = ctx.mountPoint() == null ? "" : ctx.mountPoint().replaceAll("/$", "");
        String status = base + "/api/v1/jobs/" + job.id();
        ctx.response().putHeader("Location", status);
        Replies.json(ctx, 202, new JsonObject()
                .put("job", job.id())
                .put("site", job.site())
                .put("status", status)
                .put("log", status + "/log"));
    }

    private static void emptyName(RoutingContext ctx, String action) {
        Replies.error(ctx, 400, new SiteActionException(action, "", "invalid site name: the name is empty").getMessage());
    }
}
