package org.berth.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.berth.bundle.Middleware;
import org.berth.bundle.RedirectStanza;
import org.berth.bundle.ReverseProxyStanza;
import org.berth.bundle.StaticFilesStanza;
import org.berth.bundle.WebAppStanza;
import org.berth.route.Route;

/**
 * What a route's stanza asks of the proxy beyond where to send the request: {@code requires-secure},
 * its own {@code connection-time-bound}, the reverse-proxy {@code timeout}, middlewares. Answers
 * with primitives so the request path allocates nothing here.
 *
 * <p>Every route the app lifecycle makes carries the stanza it came from ({@link Route#stanza()}):
 * webapp, static-files, redirect and reverse-proxy alike. A route without one (made by hand, as tests
 * do) gets the global settings and no middleware.
 */
final class RoutePolicy {
    private RoutePolicy() {
    }

    /** The stanza that produced the route, when the route table keeps it. */
    static Object stanzaOf(Route route) {
        return route.stanza();
    }

    static boolean requiresSecure(Route route) {
        return switch (stanzaOf(route)) {
            case WebAppStanza web -> web.requiresSecure();
            case StaticFilesStanza files -> files.requiresSecure();
            case RedirectStanza redirect -> redirect.requiresSecure();
            case ReverseProxyStanza proxy -> proxy.requiresSecure();
            case null, default -> false;
        };
    }

    static List<Middleware> middleware(Route route) {
        return switch (stanzaOf(route)) {
            case WebAppStanza web -> web.middleware();
            case StaticFilesStanza files -> files.middleware();
            case ReverseProxyStanza proxy -> proxy.middleware();
            case null, default -> List.of();
        };
    }

    /** The request time bound in nanoseconds, 0 = none: the stanza's own when set, else the global one. */
    static long requestBoundNanos(Route route, long globalNanos) {
        Optional<Duration> own = switch (stanzaOf(route)) {
            case WebAppStanza web -> web.connectionTimeBound();
            case StaticFilesStanza files -> files.connectionTimeBound();
            case ReverseProxyStanza proxy -> proxy.connectionTimeBound();
            case null, default -> Optional.empty();
        };
        return own.isPresent() ? own.get().toNanos() : globalNanos;
    }

    /** A reverse-proxy stanza's {@code timeout}: longest wait for the response head; 0 = none. */
    static long headTimeoutNanos(Route route) {
        return stanzaOf(route) instanceof ReverseProxyStanza proxy && proxy.timeout().isPresent()
                ? Math.max(1, proxy.timeout().get().toNanos()) : 0;
    }
}
