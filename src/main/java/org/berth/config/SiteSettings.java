package org.berth.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How berth runs one site's recipes: the time limit, an optional shell command run after a
 * successful action (a php-fpm reload, say), and extra environment variables for the recipe.
 */
public record SiteSettings(Duration timeout, Optional<String> afterSuccess, Map<String, String> env) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final SiteSettings DEFAULTS = new SiteSettings(DEFAULT_TIMEOUT, Optional.empty(), Map.of());

    public SiteSettings {
        env = Map.copyOf(env);
    }

    /** These settings with every key the override sets replaced. */
    public SiteSettings overriddenBy(SiteSettingsOverride override) {
        Map<String, String> merged = new java.util.TreeMap<>(env);
        merged.putAll(override.env());
        return new SiteSettings(
                override.timeout().orElse(timeout),
                override.afterSuccess().isPresent() ? override.afterSuccess() : afterSuccess,
                merged);
    }
}
