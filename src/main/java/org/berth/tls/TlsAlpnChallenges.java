package org.berth.tls;

import io.netty.handler.ssl.SslContext;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * tls-alpn-01 validations in progress (RFC 8737): for each host, the context with the self-signed
 * challenge certificate that a ClientHello offering {@code acme-tls/1} must get. Present only while
 * the CA validates, then removed.
 */
public final class TlsAlpnChallenges {
    private final Map<String, SslContext> byHost = new ConcurrentHashMap<>();

    public void put(String host, SslContext context) {
        byHost.put(host.toLowerCase(Locale.ROOT), context);
    }

    public void remove(String host) {
        byHost.remove(host.toLowerCase(Locale.ROOT));
    }

    public Optional<SslContext> find(String host) {
        return host == null ? Optional.empty() : Optional.ofNullable(byHost.get(host.toLowerCase(Locale.ROOT)));
    }
}
