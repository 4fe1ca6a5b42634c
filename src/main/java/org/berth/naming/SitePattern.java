package org.berth.naming;

import java.util.Locale;

/**
 * Which sites a token or webhook secret may act on: {@code *} (every site), an exact name,
 * or {@code *.example.org} (any name ending in {@code .example.org}, at any depth).
 */
public record SitePattern(String pattern) {

    public SitePattern {
        pattern = pattern.toLowerCase(Locale.ROOT);
        String body = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
        if (!pattern.equals("*") && !SiteName.isValid(body)) {
            throw new IllegalArgumentException("expected '*', a site name, or '*.' followed by a domain; found '"
                    + pattern + "'");
        }
    }

    public boolean matches(SiteName site) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            return site.value().endsWith(pattern.substring(1));
        }
        return site.value().equals(pattern);
    }

    public static boolean anyMatches(java.util.List<String> patterns, SiteName site) {
        for (String pattern : patterns) {
            if (new SitePattern(pattern).matches(site)) {
                return true;
            }
        }
        return false;
    }
}
