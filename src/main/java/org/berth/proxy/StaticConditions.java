package org.berth.proxy;

import io.netty.handler.codec.DateFormatter;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Validators of a static file and the conditional headers that test them (RFC 9110 §8.8, §13).
 *
 * <p>The entity tag is strong, made of the size and the modification time in microseconds, plus
 * the content coding for a precompressed variant — each variant is a different sequence of
 * bytes, and a strong tag is what {@code If-Range} needs. {@code If-Match} and
 * {@code If-Unmodified-Since} are not evaluated: they guard state-changing requests, and a
 * static file only answers GET and HEAD (WAI ignores them too).
 */
final class StaticConditions {

    private StaticConditions() {
    }

    /** {@code "1f4-5e1c2a3b4c5d"} or, for a variant, {@code "1f4-5e1c2a3b4c5d-br"}. */
    static String etag(long size, FileTime modified, Optional<String> encoding) {
        return "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified.to(TimeUnit.MICROSECONDS))
                + encoding.map(coding -> "-" + coding).orElse("") + "\"";
    }

    /** The modification time as {@code Last-Modified} states it: whole seconds. */
    static Instant lastModified(FileTime modified) {
        return modified.toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** An IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static String httpDate(Instant instant) {
        return DateFormatter.format(Date.from(instant));
    }

    /**
     * Whether a GET or HEAD gets 304: {@code If-None-Match} when present (weak comparison,
     * {@code *} matches), otherwise {@code If-Modified-Since}; a date that does not parse is
     * ignored.
     */
    static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, Instant lastModified) {
        if (ifNoneMatch != null) {
            return matchesAny(ifNoneMatch, etag);
        }
        if (ifModifiedSince != null) {
            Date since = DateFormatter.parseHttpDate(ifModifiedSince);
            return since != null && !lastModified.isAfter(since.toInstant());
        }
        return false;
    }

    /**
     * Whether a {@code Range} may be honoured: always without {@code If-Range}; with it, only
     * when it names the current representation — the same strong tag, or exactly its
     * modification date. Otherwise the client's partial copy is stale and gets the whole file.
     */
    static boolean rangeApplies(String ifRange, String etag, Instant lastModified) {
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("W/")) {
            return false;
        }
        if (value.startsWith("\"")) {
            return value.equals(etag);
        }
        Date date = DateFormatter.parseHttpDate(value);
        return date != null && date.toInstant().equals(lastModified);
    }

    /**
     * Weak comparison of {@code etag} with a list of entity tags. Tags are read as quoted
     * strings, since a comma may stand inside one; a malformed list matches nothing.
     */
    static boolean matchesAny(String list, String etag) {
        String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
        int i = 0;
        while (i < list.length()) {
            char c = list.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
            } else if (c == '*') {
                return true;
            } else {
                if (list.startsWith("W/", i)) {
                    i += 2;
                }
                int end = i < list.length() && list.charAt(i) == '"' ? list.indexOf('"', i + 1) : -1;
                if (end < 0) {
                    return false;
                }
                if (list.substring(i, end + 1).equals(opaque)) {
                    return true;
                }
                i = end + 1;
            }
        }
        return false;
    }
}
