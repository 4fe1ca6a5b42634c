package org.berth.proxy;

import com.google.common.net.InetAddresses;
import java.net.InetSocketAddress;
import org.berth.bundle.ReverseProxyStanza;
import org.berth.route.RouteTarget;

/**
 * A server the proxy forwards to: a webapp's loopback port or a reverse-proxy stanza's upstream.
 *
 * @param address resolved when the host is an IP literal; a name stays unresolved for the
 *                non-blocking resolver, so no event loop ever waits on DNS
 * @param tls     connect with TLS ({@code reversed-ssl})
 * @param host    the host as configured, for SNI, certificate checks and {@code Host}
 * @param port    the port as configured
 * @param hostHeader {@code Host} when the client's is not preserved: the port only when not the
 *                scheme's default; made once here, as it is sent on every such request
 */
record Upstream(InetSocketAddress address, boolean tls, String host, int port, String hostHeader) {

    /** The upstream of a pool key: a {@link RouteTarget.Backend} or a {@link ReverseProxyStanza}. */
    static Upstream of(Object target) {
        return switch (target) {
            case RouteTarget.Backend backend -> of(backend.address(), backend.port(), false);
            case ReverseProxyStanza proxy -> of(proxy.reversedHost(), proxy.reversedPort(), proxy.reversedSsl());
            default -> throw new IllegalArgumentException("not something to forward to: " + target);
        };
    }

    static Upstream of(String host, int port, boolean tls) {
        InetSocketAddress address = InetAddresses.isUriInetAddress(host) || InetAddresses.isInetAddress(host)
                ? new InetSocketAddress(InetAddresses.forUriString(bracketed(host)), port)
                : InetSocketAddress.createUnresolved(host, port);
        return new Upstream(address, tls, host, port, hostHeader(host, port, tls));
    }

    private static String hostHeader(String host, int port, boolean tls) {
        String name = bracketed(host);
        return port == (tls ? 443 : 80) ? name : name + ":" + port;
    }

    private static String bracketed(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
