package org.berth.proxy;

import com.google.common.net.InetAddresses;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the client is when a believed peer forwarded the request: the chain of addresses its forwarding
 * headers list (the farthest first, each proxy appending the one it heard from) is read from the right.
 * Each hop that is a trusted proxy is skipped, since what it appended can be believed; the first that is
 * not is the client. If every hop is trusted, the leftmost is the client. Everything left of the client
 * was written by the client itself (or by proxies nobody vouches for), so it could say anything: a
 * client that sends {@code X-Forwarded-For: 127.0.0.1} through an appending load balancer is still
 * itself, not loopback.
 *
 * <p>With Keter's {@code ip-from-header} and no {@code trusted-proxies}, every peer is believed but no
 * hop is a trusted proxy: the client is the last entry, the one the peer itself appended.
 *
 * <p>The chain is {@code X-Forwarded-For} (every header line, each a comma list); only when a believed
 * peer sent none, the {@code for=} nodes of RFC 7239 {@code Forwarded}; only when neither, its
 * {@code X-Real-IP}. A hop that is no address ({@code unknown}, an obfuscated node, junk) stops the
 * walk: nothing further left can be vouched for, so the client is the hop just right of it (or the peer).
 */
final class ForwardingChain {
    private ForwardingChain() {
    }

    /** The client's address as berth believes it; the peer's own unless the peer is believed. */
    static InetAddress client(ClientPeer peer, HttpHeaders headers) {
        if (!peer.trusted()) {
            return peer.address();
        }
        List<String> hops = hops(headers);
        InetAddress client = peer.address();
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = address(hops.get(i));
            if (hop == null) {
                return client;
            }
            client = hop;
            if (!peer.trustedProxies().test(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** The chain as the headers tell it, farthest first; empty when they tell none. */
    static List<String> hops(HttpHeaders headers) {
        List<String> hops = new ArrayList<>(4);
        for (String line : headers.getAll(ForwardingHeaders.X_FORWARDED_FOR)) {
            for (String entry : line.split(",")) {
                if (!entry.isBlank()) {
                    hops.add(entry.trim());
                }
            }
        }
        if (hops.isEmpty()) {
            for (String line : headers.getAll(ForwardingHeaders.FORWARDED)) {
                forwardedNodes(line, hops);
            }
        }
        if (hops.isEmpty()) {
            String realIp = headers.get(ForwardingHeaders.X_REAL_IP);
            if (realIp != null && !realIp.isBlank()) {
                hops.add(realIp.trim());
            }
        }
        return hops;
    }

    /**
     * Adds the {@code for=} node of each element of one {@code Forwarded} line ({@code for=192.0.2.7;proto=http,
     * for="[2001:db8::1]:4711"}), unquoted; an element without one adds "" (an unknown hop).
     */
    static void forwardedNodes(String line, List<String> out) {
        StringBuilder token = new StringBuilder();
        String name = null;
        String node = null;
        boolean quoted = false;
        boolean element = false;
        for (int i = 0; i <= line.length(); i++) {
            char c = i < line.length() ? line.charAt(i) : ',';
            if (quoted) {
                if (c == '\\' && i + 1 < line.length()) {
                    token.append(line.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    token.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                element = true;
            } else if (c == '=' && name == null) {
                name = token.toString().trim();
                token.setLength(0);
            } else if (c == ';' || c == ',') {
                if ("for".equalsIgnoreCase(name)) {
                    node = token.toString().trim();
                }
                if (c == ',' && element) {
                    out.add(node == null ? "" : node);
                    node = null;
                    element = false;
                }
                name = null;
                token.setLength(0);
            } else {
                element |= !Character.isWhitespace(c);
                token.append(c);
            }
        }
    }

    /**
     * A hop's address: {@code 192.0.2.7}, {@code 2001:db8::1}, and the forms with a port some proxies
     * write ({@code 192.0.2.7:4711}, {@code [2001:db8::1]:4711}); null for anything else.
     */
    static InetAddress address(String hop) {
        String text = hop;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return null;
            }
            text = text.substring(1, close);
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && colon == text.lastIndexOf(':')) {
                text = text.substring(0, colon);
            }
        }
        return InetAddresses.isInetAddress(text) ? InetAddresses.forString(text) : null;
    }
}
