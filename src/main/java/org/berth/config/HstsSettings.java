package org.berth.config;

import java.time.Duration;

/**
 * berth's {@code hsts:} key: the {@code Strict-Transport-Security} header the proxy adds to answers
 * it sends over HTTPS (never over plain HTTP, where browsers ignore it, RFC 6797 §8.1).
 *
 * @param enabled           whether the header is sent
 * @param maxAge            how long browsers remember to use HTTPS only
 * @param includeSubdomains the rule covers every subdomain too
 * @param preload           asks to be listed in browsers' preload lists
 */
public record HstsSettings(boolean enabled, Duration maxAge, boolean includeSubdomains, boolean preload) {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(365);
    public static final HstsSettings OFF = new HstsSettings(false, DEFAULT_MAX_AGE, false, false);
    /** {@code hsts: true}: one year, this host only. */
    public static final HstsSettings ON = new HstsSettings(true, DEFAULT_MAX_AGE, false, false);

    /**
     * A {@code max-age}: a berth duration ({@code 180d}, {@code 0s}), or whole years ({@code 1y} = 365 days),
     * the unit HSTS is usually given in.
     */
    public static java.util.Optional<Duration> parseMaxAge(String text) {
        java.util.regex.Matcher years = java.util.regex.Pattern.compile("(\\d{1,3})y").matcher(text.trim());
        if (years.matches()) {
            return java.util.Optional.of(Duration.ofDays(365L * Integer.parseInt(years.group(1))));
        }
        return Durations.parse(text);
    }

    /** Whether {@code preload} is allowed: browsers' preload lists want include-subdomains and at least a year. */
    public boolean preloadAcceptable() {
        return !preload || (includeSubdomains && maxAge.compareTo(DEFAULT_MAX_AGE) >= 0);
    }

    /** The header's value, e.g. {@code max-age=31536000; includeSubDomains}. */
    public String headerValue() {
        StringBuilder value = new StringBuilder("max-age=").append(maxAge.toSeconds());
        if (includeSubdomains) {
            value.append("; includeSubDomains");
        }
        if (preload) {
            value.append("; preload");
        }
        return value.toString();
    }
}
