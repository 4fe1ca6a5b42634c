package org.berth.proxy;

import io.netty.util.AsciiString;
import java.util.Arrays;
import java.util.Locale;

/**
 * The header names backends send in nearly every response, spelled as they send them, so the
 * decoder can hand out one constant instead of copying the name out of each response. A name is
 * only ever replaced by the same bytes: the client receives exactly what the backend wrote.
 */
final class ResponseHeaderNames {
    private static final String[] COMMON = {
        "Server", "Date", "Content-Type", "Content-Length", "Connection", "Transfer-Encoding", "Keep-Alive",
        "Cache-Control", "ETag", "Last-Modified", "Expires", "Vary", "Set-Cookie", "Location", "Accept-Ranges",
        "Content-Encoding", "Pragma", "X-Powered-By", "Content-Security-Policy", "Strict-Transport-Security",
        "X-Content-Type-Options", "X-Frame-Options", "Access-Control-Allow-Origin", "Referrer-Policy",
    };
    /** By length, then the names (original spelling and lower case) of that length. */
    private static final AsciiString[][] BY_LENGTH = table();

    private ResponseHeaderNames() {
    }

    /** The constant for {@code line[start, start + length)}, or null when it is not a common name. */
    static AsciiString find(byte[] line, int start, int length) {
        if (length >= BY_LENGTH.length) {
            return null;
        }
        for (AsciiString name : BY_LENGTH[length]) {
            if (Arrays.equals(name.array(), name.arrayOffset(), name.arrayOffset() + length, line, start, start + length)) {
                return name;
            }
        }
        return null;
    }

    private static AsciiString[][] table() {
        int longest = Arrays.stream(COMMON).mapToInt(String::length).max().orElse(0);
        AsciiString[][] table = new AsciiString[longest + 1][0];
        for (String name : COMMON) {
            add(table, name);
            add(table, name.toLowerCase(Locale.ROOT));
        }
        return table;
    }

    private static void add(AsciiString[][] table, String name) {
        AsciiString[] same = table[name.length()];
        AsciiString[] grown = Arrays.copyOf(same, same.length + 1);
        grown[same.length] = AsciiString.cached(name);
        table[name.length()] = grown;
    }
}
