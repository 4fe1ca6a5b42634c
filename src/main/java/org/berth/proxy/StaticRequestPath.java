package org.berth.proxy;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A static-files request path, percent-decoded exactly once and strictly.
 *
 * <p>{@link #parse} refuses (the caller answers 400) what no well-behaved client sends for a
 * real file, rather than guessing what was meant:
 * <ul>
 *   <li>an invalid escape ({@code %zz}, {@code %4}) or bytes that are not UTF-8 (including
 *       overlong forms such as {@code %c0%ae});</li>
 *   <li>an encoded slash or backslash ({@code %2f}, {@code %5c}), so one segment can never
 *       turn into two after decoding;</li>
 *   <li>a raw backslash, NUL or any other control character, raw or encoded;</li>
 *   <li>a {@code .} or {@code ..} segment, raw or encoded ({@code %2e%2e});</li>
 *   <li>a path that does not start with {@code /} (absolute-form {@code http://host/p} is
 *       reduced to {@code /p} first).</li>
 * </ul>
 * Characters 0x80–0xFF are taken as the raw bytes they stand for — that is how Netty hands over
 * a request line holding unencoded UTF-8 — so {@code /caf\u00c3\u00a9} finds {@code café}.
 * {@code %25} decodes to a literal {@code %}: {@code %252e} names a file called {@code %2e}.
 * Empty segments ({@code //}) are dropped.
 *
 * @param rawSegments   the non-empty segments as received, still percent-encoded
 * @param segments      the same segments, decoded
 * @param trailingSlash whether the path ends with {@code /}
 * @param rawQuery      {@code ""} or the query as received, with its {@code ?}
 */
record StaticRequestPath(List<String> rawSegments, List<String> segments, boolean trailingSlash, String rawQuery) {

    StaticRequestPath {
        rawSegments = List.copyOf(rawSegments);
        segments = List.copyOf(segments);
    }

    /** The decoded path; {@link Refused} when the target is malformed or unsafe (see the class comment). */
    static StaticRequestPath parse(String target) throws Refused {
        String withoutFragment = cut(target, '#');
        int question = withoutFragment.indexOf('?');
        String rawPath = originForm(question < 0 ? withoutFragment : withoutFragment.substring(0, question));
        String rawQuery = question < 0 ? "" : withoutFragment.substring(question);
        if (!rawPath.startsWith("/")) {
            throw new Refused("the path does not start with /");
        }
        List<String> raw = new ArrayList<>();
        List<String> decoded = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            if (!segment.isEmpty()) {
                raw.add(segment);
                decoded.add(checked(decode(segment)));
            }
        }
        return new StaticRequestPath(raw, decoded, rawPath.endsWith("/"), rawQuery);
    }

    /** Why a target was refused; without a stack trace, as hostile requests may be frequent. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Whether a segment names a hidden file or folder ({@code .git}, {@code .env}). Such paths are
     * not served, as in Keter (WAI's {@code toPiece}), except {@code .well-known} (RFC 8615), which
     * exists to be served.
     */
    boolean hidden() {
        return segments.stream().anyMatch(segment -> segment.startsWith(".") && !segment.equals(".well-known"));
    }

    /**
     * This path with a {@code /} added and the query kept: where a folder requested without its
     * slash is sent. Built from the segments, so {@code //evil.example} can never become a
     * scheme-relative URL pointing at another site.
     */
    String withTrailingSlash() {
        return "/" + String.join("/", rawSegments) + (rawSegments.isEmpty() ? "" : "/") + rawQuery;
    }

    /** The decoded path of a folder, for display ({@code /docs/a b/}). */
    String displayFolder() {
        return segments.isEmpty() ? "/" : "/" + String.join("/", segments) + "/";
    }

    private static String cut(String text, char at) {
        int index = text.indexOf(at);
        return index < 0 ? text : text.substring(0, index);
    }

    /** {@code http://host:8080/a/b} → {@code /a/b}; {@code http://host} → {@code /}; anything else as it is. */
    private static String originForm(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        int start = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
        if (start < 0) {
            return path;
        }
        int slash = path.indexOf('/', start);
        return slash < 0 ? "/" : path.substring(slash);
    }

    private static String decode(String segment) throws Refused {
        byte[] bytes = new byte[segment.length()];
        int length = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            int value;
            if (c == '%') {
                value = i + 2 < segment.length() ? hexByte(segment.charAt(i + 1), segment.charAt(i + 2)) : -1;
                if (value < 0) {
                    throw new Refused("invalid percent-encoding");
                }
                if (value == '/') {
                    throw new Refused("encoded slash");
                }
                i += 2;
            } else if (c > 0xFF) {
                // Cannot come from the wire, where every character is one byte.
                throw new Refused("a character that is not a byte");
            } else {
                value = c;
            }
            bytes[length++] = (byte) value;
        }
        return utf8(ByteBuffer.wrap(bytes, 0, length));
    }

    private static int hexByte(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 || high > 0x7F || low > 0x7F ? -1 : h * 16 + l;
    }

    private static String utf8(ByteBuffer bytes) throws Refused {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new Refused("not UTF-8");
        }
    }

    private static String checked(String segment) throws Refused {
        if (segment.equals(".") || segment.equals("..")) {
            throw new Refused("a dot segment");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            // Control characters (NUL above all) and backslash, a path separator elsewhere.
            if (c < 0x20 || c == 0x7F) {
                throw new Refused("a control character");
            }
            if (c == '\\') {
                throw new Refused("a backslash");
            }
        }
        return segment;
    }
}
