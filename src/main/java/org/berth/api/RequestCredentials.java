package org.berth.api;

import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.berth.auth.Credentials;

/** Reads what a request presents (peer address, token, webhook headers, body) into {@link Credentials}. */
final class RequestCredentials {
    private RequestCredentials() {
    }

    static Credentials of(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        Optional<String> bearer = Optional.ofNullable(authorization)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).trim());
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        return new Credentials(peer(ctx), bearer,
                Optional.ofNullable(ctx.request().getHeader("X-Hub-Signature-256")),
                Optional.ofNullable(ctx.request().getHeader("X-Gitlab-Token")),
                body);
    }

    private static InetAddress peer(RoutingContext ctx) {
        try {
            // The connection's own peer address: never a header a client could forge.
            return InetAddress.getByName(ctx.request().connection().remoteAddress().hostAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("peer address is not an IP address", e);
        }
    }
}
