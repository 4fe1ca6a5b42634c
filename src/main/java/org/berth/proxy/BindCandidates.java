package org.berth.proxy;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.berth.config.BindHost;

/**
 * Where a listener tries to bind, in order, for Keter's host preferences: the first candidate that
 * binds wins, as in Warp. {@code *} is the IPv6 wildcard, which on Linux also takes IPv4; a host
 * without IPv6 falls back to {@code 0.0.0.0}.
 */
final class BindCandidates {
    private static final InetAddress ANY_V4 = InetAddresses.forString("0.0.0.0");
    private static final InetAddress ANY_V6 = InetAddresses.forString("::");

    /** One address to try; {@code v6Only} keeps an IPv6 socket off IPv4 ({@code !6}). */
    record Candidate(InetSocketAddress address, boolean v6Only) {
    }

    private BindCandidates() {
    }

    static List<Candidate> of(BindHost host, int port) throws UnknownHostException {
        return switch (host.kind()) {
            case ANY, ANY_PREFER_IPV6 -> List.of(dual(ANY_V6, port), dual(ANY_V4, port));
            case ANY_PREFER_IPV4 -> List.of(dual(ANY_V4, port), dual(ANY_V6, port));
            case IPV4_ONLY -> List.of(dual(ANY_V4, port));
            case IPV6_ONLY -> List.of(new Candidate(new InetSocketAddress(ANY_V6, port), true));
            case ADDRESS_OR_NAME -> named(host.text(), port);
        };
    }

    /**
     * Whether {@code host} binds IPv4's wildcard address without IPv6: {@code !4}, {@code *4} (whose first
     * candidate is {@code 0.0.0.0}) or the address {@code 0.0.0.0} itself.
     */
    static boolean ipv4WildcardAlone(BindHost host) {
        return switch (host.kind()) {
            case ANY_PREFER_IPV4, IPV4_ONLY -> true;
            case ADDRESS_OR_NAME -> InetAddresses.isInetAddress(host.text()) && InetAddresses.forString(host.text()).equals(ANY_V4);
            case ANY, ANY_PREFER_IPV6, IPV6_ONLY -> false;
        };
    }

    private static List<Candidate> named(String text, int port) throws UnknownHostException {
        List<Candidate> candidates = new ArrayList<>();
        // Resolved once at start-up, on the caller's thread: never on an event loop.
        for (InetAddress address : InetAddress.getAllByName(text)) {
            candidates.add(dual(address, port));
        }
        return candidates;
    }

    private static Candidate dual(InetAddress address, int port) {
        return new Candidate(new InetSocketAddress(address, port), false);
    }
}
