package org.berth.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Removes the headers that describe one connection rather than the message (RFC 9110 §7.6.1), so
 * they never cross the proxy. {@code Transfer-Encoding} stays: Netty's codec re-frames the body on
 * the other side from it, so it must keep describing the body berth writes.
 */
final class HopByHopHeaders {
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    /** Netty deprecates its own constant as "not a standard header": it is still hop-by-hop (RFC 9110 §7.6.1). */
    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    private static final AsciiString[] FIXED = {HttpHeaderNames.CONNECTION, KEEP_ALIVE,
            PROXY_CONNECTION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE};

    private HopByHopHeaders() {
    }

    /** Removes every hop-by-hop header, including the ones {@code Connection} names. */
    static void strip(HttpHeaders headers) {
        List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
        for (int i = 0; i < connection.size(); i++) {
            removeNamed(headers, connection.get(i));
        }
        for (AsciiString name : FIXED) {
            headers.remove(name);
        }
    }

    /** True when {@code Connection} lists {@code token} (case-insensitive), e.g. {@code upgrade}. */
    static boolean connectionHas(HttpHeaders headers, String token) {
        List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
        for (int i = 0; i < connection.size(); i++) {
            String value = connection.get(i);
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                if (value.substring(start, end).trim().equalsIgnoreCase(token)) {
                    return true;
                }
                start = end + 1;
            }
        }
        return false;
    }

    private static void removeNamed(HttpHeaders headers, String connectionValue) {
        int start = 0;
        while (start <= connectionValue.length()) {
            int comma = connectionValue.indexOf(',', start);
            int end = comma < 0 ? connectionValue.length() : comma;
            String name = connectionValue.substring(start, end).trim();
            if (!name.isEmpty() && !framing(name)) {
                headers.remove(name);
            }
            start = end + 1;
        }
    }

    /** A client must not be able to strip the headers that frame the message or route it. */
    private static boolean framing(String name) {
        return HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.HOST.contentEqualsIgnoreCase(name);
    }
}
