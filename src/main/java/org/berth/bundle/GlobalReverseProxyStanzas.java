package org.berth.bundle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.berth.config.ConfigProblem;

/**
 * Keter's global reverse-proxy stanzas, read by {@link GlobalReverseProxyReader}.
 *
 * @param stanzas  in file order
 * @param warnings what reading them found worth saying, located in the config file
 */
public record GlobalReverseProxyStanzas(List<ReverseProxyStanza> stanzas, List<ConfigProblem> warnings) {
    public static final GlobalReverseProxyStanzas NONE = new GlobalReverseProxyStanzas(List.of(), List.of());

    public GlobalReverseProxyStanzas {
        stanzas = List.copyOf(stanzas);
        warnings = List.copyOf(warnings);
    }

    /** Each host with the stanza that serves it: the earliest that names it, as in a bundle. */
    public Map<String, ReverseProxyStanza> hostOwners() {
        Map<String, ReverseProxyStanza> owners = new LinkedHashMap<>();
        stanzas.forEach(stanza -> stanza.hosts().forEach(host -> owners.putIfAbsent(host, stanza)));
        return Collections.unmodifiableMap(owners);
    }
}
