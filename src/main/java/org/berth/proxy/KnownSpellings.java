package org.berth.proxy;

import io.netty.util.AsciiString;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Words backends send in nearly every response, spelled as they send them, so the decoder can hand
 * out one constant instead of copying the word out of each response: the common header names, and
 * the words of the common status lines. A word is only ever replaced by the same bytes: the client
 * receives exactly what the backend wrote.
 */
final class KnownSpellings {
    /** Header names, in their usual spelling and in lower case. */
    static final KnownSpellings RESPONSE_HEADER_NAMES = withLowerCase(
        "Server", "Date", "Content-Type", "Content-Length", "Connection", "Transfer-Encoding", "Keep-Alive",
        "Cache-Control", "ETag", "Last-Modified", "Expires", "Vary", "Set-Cookie", "Location", "Accept-Ranges",
        "Content-Encoding", "Pragma", "X-Powered-By", "Content-Security-Policy", "Strict-Transport-Security",
        "X-Content-Type-Options", "X-Frame-Options", "Access-Control-Allow-Origin", "Referrer-Policy");

    /** The version, code and reason of the status lines most responses have. */
    static final KnownSpellings STATUS_LINE_WORDS = new KnownSpellings(
        "HTTP/1.1", "HTTP/1.0", "200", "204", "206", "301", "302", "304", "307", "308", "400", "401", "403", "404",
        "500", "502", "503", "OK", "No Content", "Partial Content", "Moved Permanently", "Found", "Not Modified",
        "Temporary Redirect", "Permanent Redirect", "Bad Request", "Unauthorized", "Forbidden", "Not Found",
        "Internal Server Error", "Bad Gateway", "Service Unavailable");

    /** By length, then the words of that length. */
    private final AsciiString[][] byLength;

    private KnownSpellings(String... words) {
        int longest = Arrays.stream(words).mapToInt(String::length).max().orElse(0);
        byLength = new AsciiString[longest + 1][0];
        for (String word : words) {
            add(word);
        }
    }

    private static KnownSpellings withLowerCase(String... words) {
        return new KnownSpellings(Arrays.stream(words)
                .flatMap(word -> Stream.of(word, word.toLowerCase(Locale.ROOT)))
                .toArray(String[]::new));
    }

    /** The constant for {@code line[start, start + length)}, or null when it is not a known word. */
    AsciiString find(byte[] line, int start, int length) {
        if (length >= byLength.length) {
            return null;
        }
        for (AsciiString word : byLength[length]) {
            if (Arrays.equals(word.array(), word.arrayOffset(), word.arrayOffset() + length, line, start, start + length)) {
                return word;
            }
        }
        return null;
    }

    private void add(String word) {
        AsciiString[] same = byLength[word.length()];
        AsciiString[] grown = Arrays.copyOf(same, same.length + 1);
        // cached(): its toString() is this same String every time, so a String word costs nothing either.
        grown[same.length] = AsciiString.cached(word);
        byLength[word.length()] = grown;
    }
}
