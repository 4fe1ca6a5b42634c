package org.berth.bundle;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@code reverse-proxy} stanza: requests for {@code reversing-host} forwarded to another server.
 *
 * @param reversedSsl         connect to the backend with TLS; a missing key is false (Keter
 *                            insists on the key, berth does not)
 * @param hosts               the single {@code reversing-host}, lower-cased
 * @param timeout             backend response timeout, written in microseconds; empty = none
 * @param rewriteRequest      header rewrites applied to the request (Keter applies one rule per header)
 * @param connectionTimeBound as in {@link WebAppStanza#connectionTimeBound()}; Keter reads it here too
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
        int line) implements Stanza {

    public ReverseProxyStanza {
        hosts = Copies.list(hosts);
        rewriteRequest = Copies.list(rewriteRequest);
        rewriteResponse = Copies.list(rewriteResponse);
        middleware = Copies.list(middleware);
    }

    @Override
    public String type() {
        return "reverse-proxy";
    }
}
