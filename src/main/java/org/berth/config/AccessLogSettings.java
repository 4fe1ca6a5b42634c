package org.berth.config;

import java.util.List;
import java.util.Locale;

/**
 * berth's {@code access-log} key: one line per request answered by the proxy, written to
 * {@code <root>/log/access.log}.
 *
 * @param enabled whether the proxy writes the access log ({@code access-log: false} turns it off)
 * @param format  {@code combined} (nginx's, the default) or {@code json}; always lower case
 */
public record AccessLogSettings(boolean enabled, String format) {
    public static final String COMBINED = "combined";
    public static final String JSON = "json";
    public static final List<String> FORMATS = List.of(COMBINED, JSON);

    /** What an absent key gives: on, combined. */
    public static final AccessLogSettings DEFAULT = new AccessLogSettings(true, COMBINED);
    public static final AccessLogSettings DISABLED = new AccessLogSettings(false, COMBINED);

    public AccessLogSettings {
        format = format.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("access log format must be one of " + FORMATS + ", got " + format);
        }
    }
}
