package org.berth.api;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.berth.actions.Actions;
import org.berth.applog.LogFollower;
import org.berth.auth.Authorizer;
import org.berth.auth.Credentials;
import org.berth.auth.Decision;
import org.berth.naming.AppName;
import org.berth.naming.SiteName;
import org.berth.site.SiteAction;
import org.berth.site.SiteActionException;
import org.berth.site.SiteActionRequest;

/**
 * The web dashboard under {@code /dashboard}: apps, sites and history for anyone the API would
 * answer; actions (restart, roll back, update a site) as POST forms, authorised exactly as the API
 * authorises them and carrying the session's CSRF value. A visitor the API does not trust signs
 * in with an API token. See docs/dashboard.md.
 */
final class DashboardRoutes {
    private static final String PREFIX = "/dashboard";

    private final Actions actions;
    private final Authorizer authorizer;
    private final DashboardSession session = new DashboardSession();

    DashboardRoutes(Actions actions, Authorizer authorizer) {
        this.actions = actions;
        this.authorizer = authorizer;
    }

    void register(Router router) {
        router.get(PREFIX).handler(ctx -> view(ctx, true));
        router.get(PREFIX + "/panel").handler(ctx -> view(ctx, false));
        router.post(PREFIX + "/sign-in").handler(this::signIn);
        router.post(PREFIX + "/sign-out").handler(ctx -> withCsrf(ctx, credentials -> {
            DashboardSession.signOut(ctx, cookiePath(ctx));
            redirect(ctx, Optional.of("signed out"));
        }));
        router.get(PREFIX + "/apps/:app").handler(ctx -> withApp(ctx, (app, credentials) ->
                html(ctx, 200, DashboardPages.appLog(base(ctx), app.value()))));
        router.get(PREFIX + "/apps/:app/log").handler(ctx -> withApp(ctx, (app, credentials) -> streamLog(ctx, app)));
        router.post(PREFIX + "/apps/:app/restart").handler(ctx -> appAction(ctx, "restart", (app, caller) ->
                actions.restartApp(app, OptionalInt.empty(), "dashboard", caller)));
        router.post(PREFIX + "/apps/:app/rollback").handler(ctx -> appAction(ctx, "rollback", (app, caller) ->
                actions.rollbackApp(app, 0, "rollback", caller)));
        router.post(PREFIX + "/sites/:site/update").handler(this::updateSite);
    }

    private void view(RoutingContext ctx, boolean wholePage) {
        Credentials credentials = session.credentials(ctx);
        Decision decision = authorizer.authorizeAnySite(credentials);
        if (!decision.isAllowed()) {
            html(ctx, decision.httpStatus(), DashboardPages.signIn(base(ctx), credentials.bearerToken().isPresent()
                    ? Optional.of(decision.message()) : Optional.empty()));
            return;
        }
        Optional<String> notice = ctx.queryParam("notice").stream().findFirst();
        ctx.vertx().executeBlocking(() -> DashboardView.gather(actions,
                        app -> authorizer.authorizeApp(credentials, app).isAllowed(),
                        site -> SiteName.isValid(site) && authorizer.authorize(credentials, SiteName.parse(site)).isAllowed()))
                .onFailure(ctx::fail)
                .onSuccess(view -> html(ctx, 200, wholePage
                        ? DashboardPages.page(base(ctx), view, session.csrf(credentials),
                        credentials.bearerToken().isPresent(), notice)
                        : DashboardPages.panel(base(ctx), view, session.csrf(credentials))));
    }

    /** A valid token becomes the session cookie; anything else gets the form again with the reason. */
    private void signIn(RoutingContext ctx) {
        String token = form(ctx).getOrDefault("token", List.of("")).getFirst().trim();
        Credentials presented = RequestCredentials.of(ctx);
        Decision decision = authorizer.authorizeAnySite(new Credentials(presented.remote(), Optional.of(token),
                Optional.empty(), Optional.empty(), new byte[0]));
        if (token.isEmpty() || !decision.isAllowed()) {
            html(ctx, 401, DashboardPages.signIn(base(ctx), Optional.of(token.isEmpty() ? "enter a token"
                    : decision.message())));
            return;
        }
        DashboardSession.signIn(ctx, token, cookiePath(ctx));
        redirect(ctx, Optional.of("signed in as " + decision.caller()));
    }

    @FunctionalInterface
    private interface AppAction {
        long submit(AppName app, String caller);
    }

    private void appAction(RoutingContext ctx, String what, AppAction action) {
        withCsrf(ctx, credentials -> withApp(ctx, (app, allowed) -> {
            try {
                long operation = action.submit(app, allowed.caller());
                redirect(ctx, Optional.of(what + " of " + app + " queued (operation " + operation + ")"));
            } catch (IllegalStateException notServer) {
                redirect(ctx, Optional.of(notServer.getMessage()));
            }
        }));
    }

    private void updateSite(RoutingContext ctx) {
        withCsrf(ctx, credentials -> {
            String raw = ctx.pathParam("site");
            if (!SiteName.isValid(raw)) {
                Replies.error(ctx, 400, "not a site name: " + raw);
                return;
            }
            Decision decision = authorizer.authorize(credentials, SiteName.parse(raw));
            if (!decision.isAllowed()) {
                Replies.error(ctx, decision.httpStatus(), decision.message());
                return;
            }
            SiteActionRequest request = new SiteActionRequest(raw, SiteAction.UPDATE, Optional.empty(), Optional.empty(),
                    decision.trigger(), decision.caller());
            ctx.vertx().executeBlocking(() -> actions.startSiteAction(request))
                    .onSuccess(job -> redirect(ctx, Optional.of("update of " + raw + " started (run " + job.id() + ")")))
                    .onFailure(failure -> {
                        if (failure instanceof SiteActionException refused) {
                            redirect(ctx, Optional.of(refused.getMessage()));
                        } else {
                            ctx.fail(failure);
                        }
                    });
        });
    }

    /** The log's last lines, then each new one, as server-sent events until the visitor leaves. */
    private void streamLog(RoutingContext ctx, AppName app) {
        var log = actions.apps().log(app);
        if (log.isEmpty()) {
            Replies.error(ctx, 404, "no app " + app);
            return;
        }
        HttpServerResponse response = ctx.response().setChunked(true).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-store");
        response.write(": following " + app + "\n\n");
        var context = ctx.vertx().getOrCreateContext();
        LogFollower follower = log.get().follow(100, line -> context.runOnContext(ignored -> {
            if (!response.closed() && !response.ended()) {
                // One event per line; a line holds no newline, so one data field carries it whole.
                response.write(Buffer.buffer("data: " + line.replace("\r", "") + "\n\n"));
            }
        }));
        response.closeHandler(ignored -> follower.close());
    }

    @FunctionalInterface
    private interface WithApp {
        void accept(AppName app, Decision decision);
    }

    private void withApp(RoutingContext ctx, WithApp then) {
        AppName app;
        try {
            app = AppName.parse(ctx.pathParam("app"));
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        Decision decision = authorizer.authorizeApp(session.credentials(ctx), app);
        if (!decision.isAllowed()) {
            Replies.error(ctx, decision.httpStatus(), decision.message());
            return;
        }
        try {
            then.accept(app, decision);
        } catch (IllegalStateException notServer) {
            Replies.error(ctx, 503, notServer.getMessage());
        }
    }

    /** Runs {@code then} only when the form carries this session's CSRF value. */
    private void withCsrf(RoutingContext ctx, java.util.function.Consumer<Credentials> then) {
        Credentials credentials = session.credentials(ctx);
        String presented = form(ctx).getOrDefault("csrf", List.of("")).getFirst();
        if (!session.validCsrf(credentials, presented)) {
            Replies.error(ctx, 403, "the form is stale or came from another site; reload the dashboard and try again");
            return;
        }
        then.accept(credentials);
    }

    private static Map<String, List<String>> form(RoutingContext ctx) {
        String body = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
        return new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters();
    }

    /** Post/redirect/get: a reload does not repeat the action. */
    private static void redirect(RoutingContext ctx, Optional<String> notice) {
        ctx.response().setStatusCode(303).putHeader("Location", base(ctx) + PREFIX
                + notice.map(text -> "?notice=" + URLEncoder.encode(text, StandardCharsets.UTF_8)).orElse("")).end();
    }

    private static void html(RoutingContext ctx, int status, String page) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer").end(page);
    }

    private static String base(RoutingContext ctx) {
        return ctx.mountPoint() == null ? "" : ctx.mountPoint().replaceAll("/+$", "");
    }

    private static String cookiePath(RoutingContext ctx) {
        return base(ctx) + PREFIX;
    }
}
