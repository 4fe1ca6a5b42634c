package org.berth.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.berth.actions.Actions;
import org.berth.actions.Job;
import org.berth.auth.Authorizer;
import org.berth.auth.Credentials;
import org.berth.auth.Decision;
import org.berth.naming.InvalidSiteNameException;
import org.berth.naming.SiteName;
import org.berth.naming.SitePattern;
import org.berth.store.RunRecord;
import org.berth.store.RunState;

/** berth's own JSON API: sites, their history, and jobs with a streamed log. */
final class ApiV1Routes {
    /** How often a log stream checks the store for a run that another berth process executes. */
    private static final long STORE_POLL_MILLIS = 500;

    private final Actions actions;
    private final Authorizer authorizer;

    ApiV1Routes(Actions actions, Authorizer authorizer) {
        this.actions = actions;
        this.authorizer = authorizer;
    }

    void register(Router router) {
        router.get("/api/v1/sites").handler(this::sites);
        router.get("/api/v1/sites/:site/history").handler(this::history);
        router.get("/api/v1/jobs/:id").handler(this::job);
        router.get("/api/v1/jobs/:id/log").handler(this::log);
    }

    private void sites(RoutingContext ctx) {
        Credentials credentials = RequestCredentials.of(ctx);
        Decision decision = authorizer.authorizeAnySite(credentials);
        if (!decision.isAllowed()) {
            Replies.error(ctx, decision.httpStatus(), decision.message());
            return;
        }
        Optional<List<String>> scope = authorizer.scopeOf(credentials);
        ctx.vertx().executeBlocking(() -> {
            JsonArray list = new JsonArray();
            actions.sites().stream()
                    .filter(site -> scope.map(patterns -> SitePattern.anyMatches(patterns, SiteName.parse(site.name())))
                            .orElse(true))
                    .forEach(site -> list.add(RunJson.site(site)));
            return list;
        }).onSuccess(list -> Replies.json(ctx, 200, list)).onFailure(ctx::fail);
    }

    private void history(RoutingContext ctx) {
        SiteName site;
        try {
            site = SiteName.parse(ctx.pathParam("site"));
        } catch (InvalidSiteNameException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        if (!allowed(ctx, site)) {
            return;
        }
        int limit = ctx.queryParam("limit").stream().findFirst().filter(text -> text.matches("\\d{1,4}"))
                .map(Integer::parseInt).orElse(50);
        ctx.vertx().executeBlocking(() -> RunJson.runs(actions.siteHistory(site.value(), limit)))
                .onSuccess(list -> Replies.json(ctx, 200, list)).onFailure(ctx::fail);
    }

    private void job(RoutingContext ctx) {
        withRun(ctx, run -> Replies.json(ctx, 200, RunJson.run(run, false)));
    }

    private void log(RoutingContext ctx) {
        withRun(ctx, run -> {
            HttpServerResponse response = ctx.response().setChunked(true)
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("Cache-Control", "no-store");
            Optional<Job> live = actions.liveJob(run.id());
            if (live.isPresent()) {
                follow(ctx, response, live.get());
            } else {
                waitInStore(ctx, response, run.id());
            }
        });
    }

    /** Streams a job of this process: what it printed so far, then every new chunk, until it ends. */
    private static void follow(RoutingContext ctx, HttpServerResponse response, Job job) {
        var context = ctx.vertx().getOrCreateContext();
        Runnable stop = job.follow(
                chunk -> context.runOnContext(ignored -> {
                    if (!response.ended() && !response.closed()) {
                        response.write(Buffer.buffer(chunk));
                    }
                }),
                () -> context.runOnContext(ignored -> {
                    if (!response.ended() && !response.closed()) {
                        response.end();
                    }
                }));
        response.closeHandler(ignored -> stop.run());
    }

    /** A run executed by another berth process (the CLI): its output is in the store once it ends. */
    private void waitInStore(RoutingContext ctx, HttpServerResponse response, long id) {
        ctx.vertx().executeBlocking(() -> actions.run(id).orElseThrow()).onSuccess(run -> {
            if (response.closed()) {
                return;
            }
            if (run.state() == RunState.FINISHED) {
                response.end(run.output());
            } else {
                ctx.vertx().setTimer(STORE_POLL_MILLIS, timer -> waitInStore(ctx, response, id));
            }
        }).onFailure(ctx::fail);
    }

    private void withRun(RoutingContext ctx, java.util.function.Consumer<RunRecord> then) {
        String text = ctx.pathParam("id");
        if (!text.matches("\\d{1,18}")) {
            Replies.error(ctx, 400, "expected a job id (a number), found '" + text.replaceAll("[^\\x20-\\x7e]", "?") + "'");
            return;
        }
        long id = Long.parseLong(text);
        ctx.vertx().executeBlocking(() -> actions.run(id)).onSuccess(found -> {
            if (found.isEmpty()) {
                Replies.error(ctx, 404, "no job " + id);
            } else if (allowed(ctx, SiteName.parse(found.get().site()))) {
                then.accept(found.get());
            }
        }).onFailure(ctx::fail);
    }

    private boolean allowed(RoutingContext ctx, SiteName site) {
        Decision decision = authorizer.authorize(RequestCredentials.of(ctx), site);
        if (!decision.isAllowed()) {
            Replies.error(ctx, decision.httpStatus(), decision.message());
        }
        return decision.isAllowed();
    }
}
