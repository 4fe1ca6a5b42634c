package org.berth.proxy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Precompressed siblings ({@code app.js.br}, {@code app.js.gz}) and the {@code Accept-Encoding}
 * negotiation that picks one (RFC 9110 §12.5.3).
 *
 * <p>A coding is acceptable when its q-value — its own entry, else {@code *}'s — is above 0. The
 * highest q wins; on a tie brotli, being smaller, is preferred. Without an
 * {@code Accept-Encoding} header nothing is precompressed: the RFC would allow any coding then,
 * but clients that send none (scripts, probes) usually cannot decode one.
 */
final class StaticEncodings {
    /** The codings berth looks for, in order of preference, with their file suffix. */
    static final List<Coding> CODINGS = List.of(new Coding("br", ".br"), new Coding("gzip", ".gz"));
    private static final Pattern Q_VALUE = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");

    private StaticEncodings() {
    }

    /** A content coding and the suffix of its precompressed file. */
    record Coding(String name, String suffix) {
    }

    /**
     * The q-value {@code acceptEncoding} (may be null) gives {@code coding}: 0 means not
     * acceptable. {@code x-gzip} counts as {@code gzip}. A malformed q-value makes its entry
     * unacceptable rather than guessing.
     */
    static double quality(String acceptEncoding, String coding) {
        if (acceptEncoding == null) {
            return 0;
        }
        double explicit = -1;
        double wildcard = -1;
        for (String element : acceptEncoding.split(",")) {
            String[] parts = element.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            if (name.equals("x-gzip")) {
                name = "gzip";
            }
            double q = qValue(parts);
            if (name.equals(coding)) {
                explicit = Math.max(explicit, q);
            } else if (name.equals("*")) {
                wildcard = Math.max(wildcard, q);
            }
        }
        return explicit >= 0 ? explicit : Math.max(wildcard, 0);
    }

    private static double qValue(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].trim();
            if (parameter.length() > 2 && parameter.substring(0, 2).equalsIgnoreCase("q=")) {
                return parseQ(parameter.substring(2).trim());
            }
        }
        return 1;
    }

    /** RFC 9110's {@code qvalue}: 0 to 1 with at most three decimals; anything else is 0. */
    private static double parseQ(String text) {
        if (!Q_VALUE.matcher(text).matches()) {
            return 0;
        }
        return Double.parseDouble(text);
    }
}
