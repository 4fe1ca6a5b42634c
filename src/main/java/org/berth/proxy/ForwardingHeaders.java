package org.berth.proxy;

import com.google.common.net.InetAddresses;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.net.InetAddress;
import java.util.List;

/**
 * The headers that tell a backend who really asked: {@code X-Forwarded-For/-Proto/-Host/-Port},
 * {@code X-Real-IP} and RFC 7239's {@code Forwarded}. What a client sends in them is believed only
 * from a trusted proxy; from anyone else it is dropped and replaced, so an app cannot be lied to
 * about its client's address or scheme.
 */
final class ForwardingHeaders {
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");
    static final AsciiString FORWARDED = AsciiString.cached("forwarded");
    /** Other spellings of "the client used https" that frameworks believe (Rails, Django setups). */
    private static final AsciiString[] SCHEME_HINTS = {AsciiString.cached("x-forwarded-ssl"),
            AsciiString.cached("x-forwarded-scheme"), AsciiString.cached("x-url-scheme")};

    private ForwardingHeaders() {
    }

    /**
     * Sets the forwarding headers of a request from {@code peer} that asked for {@code host}
     * (the Host header as sent, may be null) over {@code scheme}.
     */
    static void apply(HttpHeaders headers, ClientPeer peer, String host, String scheme) {
        apply(headers, peer, host, scheme, element(peer, host, scheme), client(peer, headers));
    }

    /**
     * The same with this hop's {@link #element} already made (a connection keeps it while Host stays) and
     * the {@link #client} already read from these headers (the access log and middleware need it first).
     */
    static void apply(HttpHeaders headers, ClientPeer peer, String host, String scheme, String element,
                      InetAddress client) {
        if (peer.trusted()) {
            extend(headers, peer, host, scheme, element, client);
        } else {
            replace(headers, peer, host, scheme, element);
        }
    }

    private static void replace(HttpHeaders headers, ClientPeer peer, String host, String scheme, String element) {
        for (AsciiString hint : SCHEME_HINTS) {
            headers.remove(hint);
        }
        headers.set(X_FORWARDED_FOR, peer.ip());
        headers.set(X_FORWARDED_PROTO, scheme);
        setOrRemove(headers, X_FORWARDED_HOST, host);
        headers.set(X_FORWARDED_PORT, peer.localPort());
        headers.set(X_REAL_IP, peer.ip());
        headers.set(FORWARDED, element);
    }

    /**
     * A trusted proxy's headers are kept: berth appends itself to the chains and fills what is missing.
     * {@code X-Real-IP} is the one value replaced: it says who the client is, and that is what
     * {@link ForwardingChain} decided (the address the access log and {@code local} see too), not what
     * a client may have sent through a proxy that leaves the header alone.
     */
    private static void extend(HttpHeaders headers, ClientPeer peer, String host, String scheme, String own,
                               InetAddress client) {
        headers.set(X_REAL_IP, client == null || client.equals(peer.address()) ? peer.ip()
                : InetAddresses.toAddrString(client));
        String chain = joined(headers, X_FORWARDED_FOR);
        headers.set(X_FORWARDED_FOR, chain == null ? peer.ip() : chain + ", " + peer.ip());
        setIfAbsent(headers, X_FORWARDED_PROTO, scheme);
        if (host != null) {
            setIfAbsent(headers, X_FORWARDED_HOST, host);
        }
        setIfAbsent(headers, X_FORWARDED_PORT, peer.localPort());
        String forwarded = joined(headers, FORWARDED);
        headers.set(FORWARDED, forwarded == null ? own : forwarded + ", " + own);
    }

    /**
     * The client's address as berth believes it: the peer's, or when the peer is believed, the first hop
     * of its forwarding chain, read from the right, that is not a trusted proxy ({@link ForwardingChain}).
     * Read before {@link #apply}.
     */
    static InetAddress client(ClientPeer peer, HttpHeaders headers) {
        return ForwardingChain.client(peer, headers);
    }

    /** One RFC 7239 element: {@code for=192.0.2.7;host=example.com;proto=http}. */
    static String element(ClientPeer peer, String host, String scheme) {
        StringBuilder element = new StringBuilder(48).append("for=").append(peer.forwardedFor());
        if (host != null && !host.isEmpty()) {
            element.append(";host=");
            appendValue(element, host);
        }
        return element.append(";proto=").append(scheme).toString();
    }

    /** A token as it is; anything else (a host with a port, say) as a quoted string. */
    private static void appendValue(StringBuilder out, String value) {
        boolean token = true;
        for (int i = 0; i < value.length() && token; i++) {
            token = isTokenChar(value.charAt(i));
        }
        if (token) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static boolean isTokenChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static String joined(HttpHeaders headers, AsciiString name) {
        List<String> values = headers.getAll(name);
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.get(0) : String.join(", ", values);
    }

    private static void setIfAbsent(HttpHeaders headers, AsciiString name, String value) {
        if (!headers.contains(name)) {
            headers.set(name, value);
        }
    }

    private static void setOrRemove(HttpHeaders headers, AsciiString name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.set(name, value);
        }
    }
}
