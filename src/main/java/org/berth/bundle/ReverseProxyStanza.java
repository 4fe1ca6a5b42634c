package org.berth.bundle;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.berth.config.HstsSettings;

/**
 * A {@code reverse-proxy} stanza: requests for {@code reversing-host} forwarded to another server.
 *
 * @param reversedSsl         connect to the backend with TLS; a missing key is false (Keter
 *                            insists on the key, berth does not)
 * @param hosts               the single {@code reversing-host}, lower-cased
 * @param timeout             backend response timeout, written in microseconds; empty = none
 * @param rewriteRequest      header rewrites applied to the request (Keter applies one rule per header)
 * @param connectionTimeBound as in {@link WebAppStanza#connectionTimeBound()}; Keter reads it here too
 * @param hsts                berth-only {@code Strict-Transport-Security} for its host; empty = the global {@code hsts}
 */
public record ReverseProxyStanza(
        String reversedHost,
        int reversedPort,
        boolean reversedSsl,
        List<String> hosts,
        Ssl ssl,
        boolean requiresSecure,
        Optional<Duration> timeout,
        List<HeaderRewrite> rewriteRequest,
        List<HeaderRewrite> rewriteResponse,
        boolean preserveHost,
        List<Middleware> middleware,
        Optional<Duration> connectionTimeBound,
        Optional<HstsSettings> hsts,
        int line) implements Stanza {

    public ReverseProxyStanza {
        hosts = Copies.list(hosts);
        rewriteRequest = Copies.list(rewriteRequest);
        rewriteResponse = Copies.list(rewriteResponse);
        middleware = Copies.list(middleware);
    }

    /** Without berth's {@code hsts} key: the global setting applies. */
    public ReverseProxyStanza(String reversedHost, int reversedPort, boolean reversedSsl, List<String> hosts, Ssl ssl,
                              boolean requiresSecure, Optional<Duration> timeout, List<HeaderRewrite> rewriteRequest,
                              List<HeaderRewrite> rewriteResponse, boolean preserveHost, List<Middleware> middleware,
                              Optional<Duration> connectionTimeBound, int line) {
        this(reversedHost, reversedPort, reversedSsl, hosts, ssl, requiresSecure, timeout, rewriteRequest, rewriteResponse,
                preserveHost, middleware, connectionTimeBound, Optional.empty(), line);
    }

    @Override
    public String type() {
        return "reverse-proxy";
    }
}
