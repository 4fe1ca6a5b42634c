package org.berth.bundle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Host names as Keter treats them: case-insensitive, a final dot ignored, {@code *} a wildcard for
 * exactly one whole label at any level. A host may carry a port ({@code localhost:8000}); it then
 * matches only a Host header with that port. Keter accepts any text; berth accepts it too but
 * warns where no request could ever match, or where a {@code *} does not do what it seems to.
 */
final class HostNames {
    private static final Pattern USUAL = Pattern.compile("[a-z0-9_*.:\\[\\]-]+");

    private HostNames() {
    }

    static String normalize(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") && lower.length() > 1 ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** A warning about a normalised host, or empty when it is an ordinary name. */
    static Optional<String> doubt(String host) {
        if (host.equals("*")) {
            return Optional.of("host '*' matches only one-label names such as localhost (a '*' stands for"
                    + " exactly one label, as in Keter); it is not a catch-all");
        }
        if (!USUAL.matcher(host).matches() || host.startsWith(".") || host.contains("..")) {
            return Optional.of("'" + host + "' is not a valid host name; no request will match it");
        }
        if (Arrays.stream(host.split("\\.")).anyMatch(label -> label.contains("*") && !label.equals("*"))) {
            return Optional.of("in '" + host + "' the '*' is matched literally: it is a wildcard only as a whole label");
        }
        return Optional.empty();
    }
}
