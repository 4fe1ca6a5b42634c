package org.berth.route;

import java.util.Locale;

/**
 * A host a route answers for: an exact name, or a Keter wildcard where one label is {@code *}
 * ({@code *.example.com}, {@code foo.*.example.com}). A wildcard label matches exactly one
 * non-empty label: {@code *.example.com} matches {@code a.example.com}, not {@code a.b.example.com}
 * nor {@code example.com}. Case-insensitive.
 */
public record HostPattern(String pattern) {

    public HostPattern {
        pattern = pattern.toLowerCase(Locale.ROOT);
    }

    public boolean isWildcard() {
        return pattern.contains("*");
    }

    public boolean matches(String host) {
        String candidate = host.toLowerCase(Locale.ROOT);
        if (!isWildcard()) {
            return pattern.equals(candidate);
        }
        String[] want = pattern.split("\\.", -1);
        String[] have = candidate.split("\\.", -1);
        if (want.length != have.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            boolean ok = want[i].equals("*") ? !have[i].isEmpty() : want[i].equals(have[i]);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
