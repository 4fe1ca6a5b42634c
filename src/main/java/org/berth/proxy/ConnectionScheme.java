package org.berth.proxy;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.util.Optional;
import org.berth.bundle.RedirectStanza;
import org.berth.bundle.ReverseProxyStanza;
import org.berth.bundle.StaticFilesStanza;
import org.berth.bundle.WebAppStanza;
import org.berth.config.HstsSettings;
import org.berth.route.Route;
import org.berth.tls.TlsService;

/**
 * What differs between a listener's connections and another's: plain HTTP or HTTPS. One instance per
 * listener, decided when it is bound, so a request pays nothing to learn its scheme; on plain listeners
 * the only per-request work is a prefix test, and only when ACME is configured.
 *
 * <ul>
 *   <li>plain: answers the CA's http-01 validations before routing; sends {@code requires-secure} hosts to
 *       HTTPS, except hosts whose own certificate is not ready yet (they keep working over plain HTTP);</li>
 *   <li>secure: tells backends {@code https}; adds {@code Strict-Transport-Security} when the stanza or the
 *       global {@code hsts} asks for it.</li>
 * </ul>
 */
final class ConnectionScheme {
    static final AsciiString STRICT_TRANSPORT_SECURITY = AsciiString.cached("strict-transport-security");
    static final String ACME_CHALLENGE_PREFIX = "/.well-known/acme-challenge/";

    /** Plain HTTP without a TlsService: no ACME, every requires-secure host redirected. */
    static final ConnectionScheme PLAIN = new ConnectionScheme(false, null);

    private final boolean secure;
    private final String name;
    /** Null when the proxy runs without HTTPS. */
    private final TlsService tls;
    private final boolean answersHttp01;

    private ConnectionScheme(boolean secure, TlsService tls) {
        this.secure = secure;
        this.name = secure ? "https" : "http";
        this.tls = tls;
        this.answersHttp01 = !secure && tls != null && tls.acmeConfigured();
    }

    static ConnectionScheme plain(TlsService tls) {
        return tls == null ? PLAIN : new ConnectionScheme(false, tls);
    }

    static ConnectionScheme secure(TlsService tls) {
        return new ConnectionScheme(true, tls);
    }

    boolean secure() {
        return secure;
    }

    /** {@code http} or {@code https}, for the forwarding headers. */
    String name() {
        return name;
    }

    /** The answer to a CA's http-01 validation request, or null for any other request. */
    FullHttpResponse acmeAnswer(HttpRequest request) {
        if (!answersHttp01 || !request.uri().startsWith(ACME_CHALLENGE_PREFIX) || !HttpMethod.GET.equals(request.method())) {
            return null;
        }
        String token = request.uri().substring(ACME_CHALLENGE_PREFIX.length());
        Optional<String> answer = tls.http01Answer(token);
        return answer.map(text -> Answers.text(HttpResponseStatus.OK, text)).orElse(null);
    }

    /** Whether a request for this route gets a redirect to HTTPS. */
    boolean redirectsToHttps(Route route) {
        return !secure && RoutePolicy.requiresSecure(route) && httpsReady(route);
    }

    /**
     * The Strict-Transport-Security value for answers on this route, or null for none: the stanza's own
     * {@code hsts} when it has one (including {@code false}), else the global setting. Connections cache it
     * per route, so this runs once per route and connection, not per request.
     */
    String hsts(Route route) {
        if (!secure || tls == null) {
            return null;
        }
        HstsSettings settings = stanzaHsts(route.stanza()).orElseGet(tls::hsts);
        return settings.enabled() && httpsReady(route) ? settings.headerValue() : null;
    }

    private static Optional<HstsSettings> stanzaHsts(Object stanza) {
        return switch (stanza) {
            case WebAppStanza web -> web.hsts();
            case StaticFilesStanza files -> files.hsts();
            case RedirectStanza redirect -> redirect.hsts();
            case ReverseProxyStanza proxy -> proxy.hsts();
            case null, default -> Optional.empty();
        };
    }

    /** False while the host's own certificate is pending or failed: HTTPS would show the listener's one. */
    private boolean httpsReady(Route route) {
        return tls == null || tls.status(route.host().pattern()).httpsReady();
    }
}
