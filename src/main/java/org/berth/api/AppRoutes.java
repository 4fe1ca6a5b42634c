package org.berth.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.berth.actions.Actions;
import org.berth.app.Operation;
import org.berth.applog.LogFollower;
import org.berth.auth.Authorizer;
import org.berth.auth.Decision;
import org.berth.config.ByteSizes;
import org.berth.naming.AppName;

/**
 * The apps API under {@code /api/v1/apps}: status, bundle upload ({@code PUT}, streamed to
 * disk and moved into {@code incoming/} atomically), restart, rollback, removal (with
 * {@code ?drop-database=1}), releases, deployments, operations to follow, the app's database
 * ({@code /database}, password masked unless {@code ?reveal=1}) and logs (streamed with {@code ?follow=1}).
 */
final class AppRoutes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AppRoutes.class);
    static final String PREFIX = "/api/v1/apps";

    private final Actions actions;
    private final Authorizer authorizer;
    private final long bundleLimit;

    AppRoutes(Actions actions, Authorizer authorizer, long bundleLimit) {
        this.actions = actions;
        this.authorizer = authorizer;
        this.bundleLimit = bundleLimit;
    }

    void register(Router router) {
        router.get(PREFIX).handler(this::list);
        router.get(PREFIX + "/:app").handler(ctx -> withApp(ctx, app -> actions.apps().status(app)
                .ifPresentOrElse(status -> Replies.json(ctx, 200, AppJson.status(status).put("certificates",
                                CertificateRoutes.certificates(status.hosts(), actions.certificates()))),
                        () -> Replies.error(ctx, 404, "no app " + app + " (is its bundle in incoming/?)"))));
        router.post(PREFIX + "/:app/certificates/:host/renew").handler(ctx -> withApp(ctx, app -> actions.apps().status(app)
                .ifPresentOrElse(status -> new CertificateRoutes(actions).renew(ctx, app, status),
                        () -> Replies.error(ctx, 404, "no app " + app + " (is its bundle in incoming/?)"))));
        router.put(PREFIX + "/:app").handler(this::upload);
        router.delete(PREFIX + "/:app").handler(ctx -> withApp(ctx, app ->
                accepted(ctx, app, flag(ctx, "drop-database")
                        ? actions.apps().submit(app, new Operation.Remove("api", caller(ctx), true))
                        : actions.removeApp(app, "api", caller(ctx)))));
        router.get(PREFIX + "/:app/database").handler(this::database);
        router.post(PREFIX + "/:app/restart").handler(ctx -> withApp(ctx, app -> {
            OptionalInt stanza = number(ctx, "stanza");
            accepted(ctx, app, actions.restartApp(app, stanza, "api", caller(ctx)));
        }));
        router.post(PREFIX + "/:app/rollback").handler(ctx -> withApp(ctx, app -> {
            OptionalInt release = number(ctx, "release");
            accepted(ctx, app, actions.rollbackApp(app, release.orElse(0), "rollback", caller(ctx)));
        }));
        router.get(PREFIX + "/:app/releases").handler(ctx -> withApp(ctx, app -> {
            Long serving = actions.apps().status(app).flatMap(status -> status.release()).orElse(null);
            Replies.json(ctx, 200, AppJson.releases(actions.apps().releases(app), serving));
        }));
        router.get(PREFIX + "/:app/deployments").handler(ctx -> withApp(ctx, app -> {
            JsonArray list = new JsonArray();
            actions.apps().deployments(app, 50).forEach(deployment -> list.add(AppJson.deployment(deployment)));
            Replies.json(ctx, 200, list);
        }));
        router.get(PREFIX + "/:app/operations/:id").handler(ctx -> withApp(ctx, app -> {
            String id = ctx.pathParam("id");
            if (!id.matches("\\d{1,18}")) {
                Replies.error(ctx, 400, "expected an operation id (a number)");
                return;
            }
            actions.apps().operation(app, Long.parseLong(id)).ifPresentOrElse(
                    operation -> Replies.json(ctx, 200, AppJson.operation(app.value(), operation)),
                    () -> Replies.error(ctx, 404, "no operation " + id + " for app " + app));
        }));
        router.get(PREFIX + "/:app/logs").handler(this::logs);
    }

    /** The app's database; the password only with {@code ?reveal=1}, and such a reveal is logged (without it). */
    private void database(RoutingContext ctx) {
        withApp(ctx, app -> {
            boolean reveal = flag(ctx, "reveal");
            actions.apps().database(app).ifPresentOrElse(database -> {
                if (reveal) {
                    LOG.info("app {}: database password revealed to {}", app, caller(ctx));
                }
                ctx.response().putHeader("Cache-Control", "no-store");
                Replies.json(ctx, 200, AppJson.database(database, reveal));
            }, () -> Replies.error(ctx, 404, "app " + app + " has no database (its bundle does not ask for one, "
                    + "or it was dropped)"));
        });
    }

    private void list(RoutingContext ctx) {
        Decision decision = authorizer.authorizeAnySite(RequestCredentials.of(ctx));
        if (!decision.isAllowed()) {
            Replies.error(ctx, decision.httpStatus(), decision.message());
            return;
        }
        JsonArray list = new JsonArray();
        actions.apps().list().forEach(status -> list.add(AppJson.status(status)));
        Replies.json(ctx, 200, list);
    }

    /** Streams the body into incoming/ under a temporary name, then renames it: the watcher never sees half a bundle. */
    private void upload(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        AppName app = appName(ctx);
        if (app == null || !authorized(ctx, app)) {
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > bundleLimit) {
            tooLarge(ctx);
            return;
        }
        Path incoming = actions.config().incomingDirectory();
        Path temporary = incoming.resolve("." + app + ".keter.upload-" + System.nanoTime());
        Path target = incoming.resolve(app + ".keter");
        String caller = caller(ctx);
        ctx.vertx().fileSystem().mkdirs(incoming.toString())
                .compose(ignored -> ctx.vertx().fileSystem().open(temporary.toString(),
                        new OpenOptions().setWrite(true).setCreateNew(true)))
                .onFailure(ctx::fail)
                .onSuccess(file -> receive(ctx, request, file, temporary, target, app, caller));
    }

    private void receive(RoutingContext ctx, HttpServerRequest request, AsyncFile file, Path temporary, Path target,
                         AppName app, String caller) {
        AtomicLong received = new AtomicLong();
        AtomicBoolean refused = new AtomicBoolean();
        request.handler(chunk -> {
            if (refused.get()) {
                return;
            }
            if (received.addAndGet(chunk.length()) > bundleLimit) {
                refused.set(true);
                file.close().onComplete(ignored -> deleteQuietly(temporary));
                tooLarge(ctx);
                return;
            }
            file.write(chunk);
            if (file.writeQueueFull()) {
                request.pause();
                file.drainHandler(ignored -> request.resume());
            }
        });
        request.exceptionHandler(failure -> file.close().onComplete(ignored -> deleteQuietly(temporary)));
        request.endHandler(ignored -> {
            if (refused.get()) {
                return;
            }
            file.close().onFailure(ctx::fail).onSuccess(closed -> ctx.vertx().executeBlocking(() -> {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return actions.deployApp(app, target, "api", caller);
            }).onSuccess(operation -> accepted(ctx, app, operation)).onFailure(failure -> {
                deleteQuietly(temporary);
                ctx.fail(failure);
            }));
        });
        request.resume();
    }

    private void tooLarge(RoutingContext ctx) {
        if (!ctx.response().ended()) {
            ctx.response().putHeader("Connection", "close");
            Replies.error(ctx, 413, "bundle is larger than the limit of " + ByteSizes.format(bundleLimit)
                    + " (apps.bundle-size-limit)");
        }
    }

    private void logs(RoutingContext ctx) {
        withApp(ctx, app -> {
            var log = actions.apps().log(app);
            if (log.isEmpty()) {
                Replies.error(ctx, 404, "no app " + app);
                return;
            }
            int lines = number(ctx, "lines").orElse(100);
            boolean follow = ctx.queryParam("follow").stream().anyMatch(value -> value.equals("1") || value.equals("true"));
            HttpServerResponse response = ctx.response().setChunked(true)
                    .putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Cache-Control", "no-store");
            if (!follow) {
                response.end(String.join("\n", log.get().tail(lines)) + (lines > 0 ? "\n" : ""));
                return;
            }
            var context = ctx.vertx().getOrCreateContext();
            LogFollower follower = log.get().follow(lines, line -> context.runOnContext(ignored -> {
                if (!response.closed() && !response.ended()) {
                    response.write(Buffer.buffer(line + "\n"));
                }
            }));
            response.closeHandler(ignored -> follower.close());
        });
    }

    private void withApp(RoutingContext ctx, java.util.function.Consumer<AppName> then) {
        AppName app = appName(ctx);
        if (app != null && authorized(ctx, app)) {
            try {
                then.accept(app);
            } catch (IllegalStateException notServer) {
                Replies.error(ctx, 503, notServer.getMessage());
            }
        }
    }

    private static AppName appName(RoutingContext ctx) {
        try {
            return AppName.parse(ctx.pathParam("app"));
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return null;
        }
    }

    private boolean authorized(RoutingContext ctx, AppName app) {
        Decision decision = authorizer.authorizeApp(RequestCredentials.of(ctx), app);
        if (!decision.isAllowed()) {
            Replies.error(ctx, decision.httpStatus(), decision.message());
        }
        return decision.isAllowed();
    }

    private String caller(RoutingContext ctx) {
        Decision decision = authorizer.authorizeAnySite(RequestCredentials.of(ctx));
        return decision.isAllowed() ? decision.caller() : ctx.request().remoteAddress().hostAddress();
    }

    private static boolean flag(RoutingContext ctx, String name) {
        return ctx.queryParam(name).stream().anyMatch(value -> value.equals("1") || value.equals("true"));
    }

    private static OptionalInt number(RoutingContext ctx, String name) {
        return ctx.queryParam(name).stream().filter(value -> value.matches("\\d{1,9}")).mapToInt(Integer::parseInt)
                .findFirst();
    }

    private static void accepted(RoutingContext ctx, AppName app, long operation) {
        String location = (ctx.mountPoint() == null ? "" : ctx.mountPoint().replaceAll("/$", ""))
                + PREFIX + "/" + app + "/operations/" + operation;
        ctx.response().putHeader("Location", location);
        Replies.json(ctx, 202, new JsonObject().put("app", app.value()).put("operation", operation).put("status", location));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException ignored) {
            // a leftover hidden upload file is ignored by the watcher (not a bundle name)
        }
    }
}
