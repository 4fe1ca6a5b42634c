package org.berth.bundle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.berth.config.ConfigProblem;

/**
 * A bundle's {@code config/keter.yaml}, parsed: its stanzas in order, its plugins, and the
 * warnings berth has about it (unknown or ignored keys, a dropped legacy webapp, shadowed hosts).
 */
public record BundleConfig(List<Stanza> stanzas, Plugins plugins, List<ConfigProblem> warnings) {

    public BundleConfig {
        stanzas = List.copyOf(stanzas);
        warnings = List.copyOf(warnings);
    }

    /**
     * Which stanza answers each host. A host named by several stanzas belongs to the earliest,
     * as in Keter; the parser has already warned about the later ones.
     */
    public Map<String, Stanza> hostOwners() {
        Map<String, Stanza> owners = new LinkedHashMap<>();
        for (Stanza stanza : stanzas) {
            for (String host : stanza.hosts()) {
                owners.putIfAbsent(host, stanza);
            }
        }
        return Collections.unmodifiableMap(owners);
    }

    public List<WebAppStanza> webApps() {
        return ofType(WebAppStanza.class);
    }

    public List<BackgroundStanza> backgrounds() {
        return ofType(BackgroundStanza.class);
    }

    private <T extends Stanza> List<T> ofType(Class<T> type) {
        return stanzas.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
