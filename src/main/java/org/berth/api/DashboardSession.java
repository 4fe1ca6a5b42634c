package org.berth.api;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.berth.auth.Authorizer;
import org.berth.auth.Credentials;

/**
 * Who a dashboard visitor is: the token they signed in with (a cookie, {@code HttpOnly} and
 * {@code SameSite=Strict}, so scripts cannot read it and other sites cannot send it) or none (a
 * trusted loopback visitor). Every action form carries a CSRF value derived from the session with
 * a key that lives only in this process: another site can neither read nor guess it.
 */
final class DashboardSession {
    static final String COOKIE = "berth_token";

    private final byte[] key = new byte[32];

    DashboardSession() {
        new SecureRandom().nextBytes(key);
    }

    /** The request's credentials, with the signed-in token as bearer unless it sends its own. */
    Credentials credentials(RoutingContext ctx) {
        Credentials presented = RequestCredentials.of(ctx);
        Optional<String> token = presented.bearerToken().or(() -> cookieToken(ctx));
        return new Credentials(presented.remote(), token, Optional.empty(), Optional.empty(), new byte[0]);
    }

    String csrf(Credentials credentials) {
        String session = "dashboard:" + credentials.bearerToken().orElse("");
        return HexFormat.of().formatHex(Authorizer.hmacSha256(HexFormat.of().formatHex(key),
                session.getBytes(StandardCharsets.UTF_8)));
    }

    boolean validCsrf(Credentials credentials, String presented) {
        return presented != null && MessageDigest.isEqual(csrf(credentials).getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    static void signIn(RoutingContext ctx, String token, String path) {
        ctx.response().addCookie(Cookie.cookie(COOKIE, token).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setPath(path).setSecure(ctx.request().isSSL()));
    }

    static void signOut(RoutingContext ctx, String path) {
        ctx.response().addCookie(Cookie.cookie(COOKIE, "").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setPath(path).setMaxAge(0));
    }

    private static Optional<String> cookieToken(RoutingContext ctx) {
        return Optional.ofNullable(ctx.request().getCookie(COOKIE)).map(Cookie::getValue).filter(value -> !value.isEmpty());
    }
}
