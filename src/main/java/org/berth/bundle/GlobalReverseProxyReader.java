package org.berth.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.berth.config.ConfigException;
import org.berth.config.ConfigReport;
import org.berth.config.GlobalReverseProxies;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Reads Keter's global {@code reverse-proxy} stanzas ({@code berth.yaml}'s legacy Keter keys) with the
 * reader of a bundle's {@code type: reverse-proxy} stanza, so keys, defaults and errors are the same:
 * Keter parses both with one parser too ({@code reversed-host}, {@code reversed-port}, {@code reversed-ssl},
 * {@code reversing-host}, {@code ssl}, {@code timeout}, the rewrites). Errors name the config file, line and
 * key ({@code reverse-proxy[0].reversed-port}); a host written twice stays with the earlier stanza.
 */
public final class GlobalReverseProxyReader {
    /** What Keter reads only on a bundle's stanza and ignores here; berth applies them, and says so. */
    private static final List<String> STANZA_ONLY_KEYS = List.of("requires-secure", "middleware", "connection-time-bound");

    private GlobalReverseProxyReader() {
    }

    /** The stanzas, or every error at once; warnings come with the result. */
    public static GlobalReverseProxyStanzas read(GlobalReverseProxies global) throws ConfigException {
        if (global.isEmpty()) {
            return GlobalReverseProxyStanzas.NONE;
        }
        ConfigReport report = new ConfigReport();
        List<ReadStanza> read = new ArrayList<>();
        Fields first = null;
        for (int i = 0; i < global.count(); i++) {
            MappingNode entry = (MappingNode) KeterResolver.retyped(global.entries().get(i));
            Fields fields = new Fields(global.file(), "reverse-proxy[" + i + "]", entry, report);
            first = first == null ? fields : first;
            stanza(fields, global).ifPresent(read::add);
        }
        HostShadowing.warn(read, first);
        report.throwIfErrors();
        return new GlobalReverseProxyStanzas(read.stream().map(stanza -> (ReverseProxyStanza) stanza.stanza()).toList(),
                report.warnings());
    }

    private static Optional<ReadStanza> stanza(Fields fields, GlobalReverseProxies global) {
        // Copied from a bundle, an entry may say what it is; anything else there is a mistake worth a word.
        fields.value("type").filter(type -> Nodes.text(type).filter("reverse-proxy"::equals).isEmpty()).ifPresent(type ->
                fields.warning("type", "ignored: a global stanza is always a reverse-proxy stanza"));
        for (String key : STANZA_ONLY_KEYS) {
            if (fields.has(key)) {
                fields.warning(key, "Keter ignores this key in a global reverse-proxy stanza (only a bundle's stanza "
                        + "has it); berth applies it");
            }
        }
        boolean requiresSecure = fields.bool("requires-secure").orElse(false);
        Optional<ReadStanza> stanza = ReverseProxyReader.read(fields, requiresSecure, global.configFolder());
        fields.warnUnread("for a global reverse-proxy stanza");
        return stanza;
    }
}
