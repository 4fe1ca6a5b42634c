package org.berth.proxy;

import com.google.common.net.InetAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Predicate;

/**
 * The far end of one client connection, worked out once when it opens rather than per request.
 *
 * @param address        the peer's address; null when unknown (not an IP socket)
 * @param ip             the peer's address as text ({@code 192.0.2.7}, {@code 2001:db8::1})
 * @param forwardedFor   the same as an RFC 7239 node ({@code "[2001:db8::1]"} quoted for IPv6)
 * @param trusted        its forwarding headers are believed (a trusted proxy, or any peer with Keter's
 *                       {@code ip-from-header} alone)
 * @param localPort      the port it connected to, for {@code X-Forwarded-Port}
 * @param trustedProxies the hops of its forwarding chain that are trusted proxies ({@link ForwardingChain})
 */
record ClientPeer(InetAddress address, String ip, String forwardedFor, boolean trusted, String localPort,
                  Predicate<InetAddress> trustedProxies) {

    static ClientPeer of(SocketAddress remote, SocketAddress local, Predicate<InetAddress> trust,
                         Predicate<InetAddress> trustedProxies) {
        String port = local instanceof InetSocketAddress inet ? Integer.toString(inet.getPort()) : "";
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return new ClientPeer(null, "unknown", "unknown", false, port, trustedProxies);
        }
        InetAddress address = inet.getAddress();
        String ip = InetAddresses.toAddrString(address);
        String node = address instanceof Inet6Address ? "\"[" + ip + "]\"" : ip;
        return new ClientPeer(address, ip, node, trust.test(address), port, trustedProxies);
    }
}
