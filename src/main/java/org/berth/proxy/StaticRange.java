package org.berth.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code Range} header (RFC 9110 §14.2) asks of a representation of a given size.
 *
 * <p>Only a single byte range is served as 206. Several ranges give the whole file (200): a
 * multipart/byteranges answer cannot be sent zero-copy, and clients that ask for several
 * ranges (rare today) accept the whole file. A header that is not a well-formed
 * {@code bytes=} range, or a range whose end comes before its start, is ignored (200), as the
 * RFC allows; a well-formed range that starts at or beyond the end, {@code -0}, or any range
 * of an empty file cannot be satisfied (416).
 */
sealed interface StaticRange {

    /** No usable range: send the whole file. */
    record Whole() implements StaticRange {
    }

    /** Send {@code length} bytes from {@code offset}; both already fit the file. */
    record Part(long offset, long length) implements StaticRange {
        /** The {@code Content-Range} value, {@code bytes 0-99/1000}. */
        String contentRange(long size) {
            return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
        }
    }

    /** A well-formed range outside the file: 416. */
    record Unsatisfiable() implements StaticRange {
    }

    /** What {@code header} (may be null) asks of a file of {@code size} bytes. */
    static StaticRange of(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        int equals = header.indexOf('=');
        if (equals < 0 || !header.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return new Whole();
        }
        List<String> specs = new ArrayList<>();
        for (String spec : header.substring(equals + 1).split(",", -1)) {
            // The list syntax allows empty elements ("bytes=0-1,").
            if (!spec.isBlank()) {
                specs.add(spec.trim());
            }
        }
        return specs.size() == 1 ? single(specs.get(0), size) : new Whole();
    }

    private static StaticRange single(String spec, long size) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String first = spec.substring(0, dash);
        String last = spec.substring(dash + 1);
        if (first.isEmpty()) {
            return suffix(last, size);
        }
        long start = digits(first);
        long end = last.isEmpty() ? Long.MAX_VALUE : digits(last);
        if (start < 0 || end < 0 || end < start) {
            return new Whole();
        }
        if (start >= size) {
            return new Unsatisfiable();
        }
        return new Part(start, Math.min(end, size - 1) - start + 1);
    }

    /** {@code -N}: the last N bytes, or the whole file when it is shorter. */
    private static StaticRange suffix(String digits, long size) {
        long length = digits(digits);
        if (length < 0) {
            return new Whole();
        }
        if (length == 0 || size == 0) {
            return new Unsatisfiable();
        }
        long taken = Math.min(length, size);
        return new Part(size - taken, taken);
    }

    /** A run of ASCII digits as a number (saturating at Long.MAX_VALUE), or -1 for anything else. */
    private static long digits(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - (c - '0')) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}
