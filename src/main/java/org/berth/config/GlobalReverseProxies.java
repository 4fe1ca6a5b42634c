package org.berth.config;

import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Keter's global {@code reverse-proxy} stanzas (the legacy form of {@code keter-config.yaml}) as
 * written: one YAML mapping per stanza, with its lines. This package only checks their shape; reading
 * them is the bundle package's reverse-proxy stanza reader's work (it sits above this one), so that a
 * global stanza takes exactly the keys, and gets exactly the errors, of a bundle's {@code type: reverse-proxy}.
 *
 * @param file         the config file they were written in, for located errors
 * @param configFolder the folder relative certificate paths start from
 * @param entries      the stanzas, in file order
 */
public record GlobalReverseProxies(Path file, Path configFolder, List<MappingNode> entries) {
    public static final GlobalReverseProxies NONE = new GlobalReverseProxies(null, null, List.of());

    public GlobalReverseProxies {
        entries = List.copyOf(entries);
    }

    public int count() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The count only: the nodes are YAML, not something to print or compare. */
    @Override
    public String toString() {
        return "GlobalReverseProxies[" + entries.size() + " in " + file + "]";
    }
}
