package org.berth.naming;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An app's name: the bundle's file name without {@code .keter}. Lower-case letters, digits, dots,
 * hyphens and underscores, starting with a letter or digit, at most 63 characters — safe as a
 * folder name, a log file name and a URL segment.
 */
public record AppName(String value) {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public AppName {
        if (value == null || !VALID.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException("invalid app name '" + printable(value)
                    + "': expected 1-63 characters a-z, 0-9, '.', '-', '_', starting with a letter or digit");
        }
    }

    public static AppName parse(String raw) {
        return new AppName(raw == null ? null : raw.toLowerCase(Locale.ROOT));
    }

    public static boolean isValid(String raw) {
        return raw != null && VALID.matcher(raw.toLowerCase(Locale.ROOT)).matches() && !raw.contains("..");
    }

    /** Does a token's app pattern ({@code *}, {@code name}, or {@code prefix*}) cover this app? */
    public boolean matches(String pattern) {
        String lower = pattern.toLowerCase(Locale.ROOT);
        return lower.endsWith("*") ? value.startsWith(lower.substring(0, lower.length() - 1)) : value.equals(lower);
    }

    private static String printable(String raw) {
        if (raw == null) {
            return "";
        }
        String shown = raw.replaceAll("[^\\x20-\\x7e]", "?");
        return shown.length() > 80 ? shown.substring(0, 80) + "…" : shown;
    }

    @Override
    public String toString() {
        return value;
    }
}
