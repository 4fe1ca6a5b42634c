package org.berth.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The keys one site's entry under {@code sites:} sets; absent keys fall back to {@code site-defaults}. */
public record SiteSettingsOverride(Optional<Duration> timeout, Optional<String> afterSuccess, Map<String, String> env) {
    public SiteSettingsOverride {
        env = Map.copyOf(env);
    }
}
