package org.berth.naming;

import java.util.Locale;

/**
 * A site name that is safe to use in paths: a DNS host name in lower case, ASCII only
 * (internationalised names in their {@code xn--} form), 1–63 characters per label, at most 253
 * in all. Built only through {@link #parse}, so holding one proves the check was made —
 * which is what keeps {@code %2Ftmp%2Fx} or {@code ..} from ever reaching the file system.
 */
public record SiteName(String value) {
    public static final int MAX_LENGTH = 253;
    public static final int MAX_LABEL = 63;

    public SiteName {
        String problem = problem(value);
        if (problem != null) {
            throw new InvalidSiteNameException(value, problem);
        }
    }

    /** Lower-cases and validates; throws {@link InvalidSiteNameException} saying what is wrong. */
    public static SiteName parse(String raw) {
        if (raw == null) {
            throw new InvalidSiteNameException("", "the name is empty");
        }
        // Checked before lower-casing: some non-ASCII letters lower-case to ASCII (the Kelvin sign to 'k').
        String problem = problem(asciiOnly(raw));
        if (problem != null) {
            throw new InvalidSiteNameException(raw, problem);
        }
        return new SiteName(raw.toLowerCase(Locale.ROOT));
    }

    public static boolean isValid(String raw) {
        return raw != null && problem(asciiOnly(raw)) == null && problem(raw.toLowerCase(Locale.ROOT)) == null;
    }

    /** ASCII letters lower-cased, everything else left as it is, so the checks see any non-ASCII character. */
    private static String asciiOnly(String raw) {
        StringBuilder text = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            text.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return text.toString();
    }

    /** What is wrong with a lower-cased candidate, or null when it is a valid name. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "the name is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "the name is longer than " + MAX_LENGTH + " characters";
        }
        int labelStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            char c = i < name.length() ? name.charAt(i) : '.';
            if (c == '.') {
                String label = name.substring(labelStart, i);
                if (label.isEmpty()) {
                    return "the name has an empty label (two dots in a row, or a dot at the start or end)";
                }
                if (label.length() > MAX_LABEL) {
                    return "the label '" + label.substring(0, 20) + "…' is longer than " + MAX_LABEL + " characters";
                }
                if (label.startsWith("-") || label.endsWith("-")) {
                    return "the label '" + label + "' starts or ends with a hyphen";
                }
                labelStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return "the name contains " + describe(c) + "; only letters a-z, digits, hyphens and dots are allowed"
                        + (c > 127 ? " (write an international name in its xn-- form)" : "");
            }
        }
        return null;
    }

    private static String describe(char c) {
        if (c == '/') {
            return "a slash";
        }
        if (c < 32 || c == 127) {
            return String.format("a control character (U+%04X)", (int) c);
        }
        return "'" + c + "'";
    }

    @Override
    public String toString() {
        return value;
    }
}
