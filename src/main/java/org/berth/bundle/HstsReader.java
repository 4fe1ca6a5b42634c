package org.berth.bundle;

import java.time.Duration;
import java.util.Optional;
import org.berth.config.HstsSettings;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads berth's per-stanza {@code hsts} key, the same forms as the global one in {@code berth.yaml}:
 * {@code true} (one year), {@code false} (no header for this stanza's hosts, whatever the global setting) or
 * {@code {max-age: 1y, include-subdomains: true, preload: false}}. Absent: empty, and the global setting
 * applies. Keter has no such key (it warns about unknown keys and ignores them), so a Keter bundle without it
 * reads exactly as before.
 */
final class HstsReader {
    static final String KEY = "hsts";
    private static final String EXPECTED = "expected true, false or a mapping like {max-age: 1y, include-subdomains: true}";

    private HstsReader() {
    }

    static Optional<HstsSettings> read(Fields fields) {
        Optional<Node> value = fields.value(KEY);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (Nodes.isBool(value.get())) {
            return Optional.of(Nodes.boolValue(value.get()) ? HstsSettings.ON : HstsSettings.OFF);
        }
        if (!(value.get() instanceof MappingNode mapping)) {
            fields.error(value.get(), fields.keyPath(KEY), EXPECTED + "; found " + Nodes.describe(value.get()));
            return Optional.empty();
        }
        return mapping(fields.child(fields.keyPath(KEY), mapping));
    }

    private static Optional<HstsSettings> mapping(Fields hsts) {
        int errors = hsts.errorCount();
        Duration maxAge = hsts.value("max-age").flatMap(value -> maxAge(hsts, value)).orElse(HstsSettings.DEFAULT_MAX_AGE);
        HstsSettings settings = new HstsSettings(true, maxAge, hsts.bool("include-subdomains").orElse(false),
                hsts.bool("preload").orElse(false));
        if (!settings.preloadAcceptable()) {
            hsts.error("preload", "expected include-subdomains: true and a max-age of at least 1y with preload "
                    + "(browsers' preload lists accept nothing less)");
        }
        hsts.warnUnread("in hsts");
        return hsts.errorCount() > errors ? Optional.empty() : Optional.of(settings);
    }

    private static Optional<Duration> maxAge(Fields hsts, Node value) {
        Optional<Duration> parsed = Nodes.isBool(value) ? Optional.empty() : Nodes.text(value).flatMap(HstsSettings::parseMaxAge);
        if (parsed.isEmpty()) {
            hsts.error(value, hsts.keyPath("max-age"), "expected a duration like 1y, 180d or 0s (0s tells browsers to "
                    + "forget the rule); found " + Nodes.describe(value));
        }
        return parsed;
    }
}
