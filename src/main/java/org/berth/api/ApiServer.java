package org.berth.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.berth.actions.Actions;
import org.berth.auth.Authorizer;
import org.berth.config.ApiSettings;
import org.berth.config.ByteSizes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The control-plane HTTP listener: Alkane's routes and berth's v1 API under the configured mount point. */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final Vertx vertx;
    private final ApiSettings settings;
    private final Router router;
    private HttpServer server;

    /** An API with metrics of its own (JVM and process figures; no proxy feeds them). */
    public ApiServer(Vertx vertx, Actions actions, ApiSettings settings) {
        this(vertx, actions, settings, new org.berth.metrics.BerthMetrics());
    }

    public ApiServer(Vertx vertx, Actions actions, ApiSettings settings, org.berth.metrics.BerthMetrics metrics) {
        this.vertx = vertx;
        this.settings = settings;
        this.router = buildRouter(vertx, actions, settings, metrics);
    }

    private static Router buildRouter(Vertx vertx, Actions actions, ApiSettings settings,
                                      org.berth.metrics.BerthMetrics metrics) {
        Authorizer authorizer = new Authorizer(settings);
        Router routes = Router.router(vertx);
        // The limit is enforced while reading: a larger body is refused with 413 before any route runs.
        // Bundle uploads (PUT) are the exception: they stream to disk with their own, larger limit.
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(settings.bodyLimit());
        routes.route().handler(ctx -> {
            if (ctx.request().method() == HttpMethod.PUT) {
                ctx.next();
            } else {
                bodies.handle(ctx);
            }
        });
        new AlkaneRoutes(actions, authorizer).register(routes);
        new ApiV1Routes(actions, authorizer).register(routes);
        new AppRoutes(actions, authorizer, actions.config().apps().apps().bundleSizeLimit()).register(routes);
        new MetricsRoutes(actions, authorizer, metrics).register(routes);
        new DashboardRoutes(actions, authorizer).register(routes);

        Router root;
        String mount = settings.mountPoint().replaceAll("/+$", "");
        if (mount.isEmpty()) {
            root = routes;
        } else {
            root = Router.router(vertx);
            root.route(mount + "/*").subRouter(routes);
        }
        root.errorHandler(413, ctx -> Replies.error(ctx, 413,
                "request body is larger than the limit of " + ByteSizes.format(settings.bodyLimit())));
        root.errorHandler(404, ctx -> Replies.error(ctx, 404, "no such route: " + ctx.request().method() + " "
                + ctx.request().path()));
        root.errorHandler(405, ctx -> Replies.error(ctx, 405, "method not allowed on " + ctx.request().path()));
        root.errorHandler(500, ctx -> {
            LOG.error("API request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            Replies.error(ctx, 500, "internal error: " + (ctx.failure() == null ? "unknown" : ctx.failure().getMessage()));
        });
        return root;
    }

    /** Binds the listener; completes with the actual port (useful when the config says 0). */
    public Future<Integer> start() {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.address())
                .setPort(settings.port())
                .setMaxInitialLineLength(8192);
        return vertx.createHttpServer(options).requestHandler(router).listen().map(listening -> {
            server = listening;
            LOG.info("API listening on http://{}:{}{}", settings.address(), listening.actualPort(),
                    settings.mountPoint());
            return listening.actualPort();
        });
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().await();
        }
    }
}
