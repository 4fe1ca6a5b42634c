package org.berth.bundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The current format: a top-level {@code stanzas:} list and optional {@code plugins:}. Keter
 * reads nothing else at the top level then; berth warns about what it ignores (Yesod's keys aside).
 */
final class CurrentFormatReader {
    private CurrentFormatReader() {
    }

    static ParsedBundle read(Fields top, Path configDir) {
        List<ReadStanza> stanzas = stanzas(top, configDir);
        Plugins plugins = PluginsReader.read(top);
        for (String key : top.unreadKeys()) {
            if (!YesodKeys.isYesod(key)) {
                top.warning(key, "ignored: beside stanzas, Keter reads only plugins at the top level");
            }
        }
        return new ParsedBundle(stanzas, plugins);
    }

    private static List<ReadStanza> stanzas(Fields top, Path configDir) {
        List<ReadStanza> stanzas = new ArrayList<>();
        String expected = "a list of stanzas";
        top.required("stanzas", expected).ifPresent(value -> {
            if (!(value instanceof SequenceNode list)) {
                top.error(value, "stanzas", "expected " + expected + ", found " + Nodes.describe(value));
                return;
            }
            for (int i = 0; i < list.getValue().size(); i++) {
                Node item = list.getValue().get(i);
                String path = "stanzas[" + i + "]";
                if (item instanceof MappingNode mapping) {
                    StanzaReader.read(top.child(path, mapping), configDir).ifPresent(stanzas::add);
                } else {
                    top.error(item, path, "expected a stanza (a mapping with a type key), found " + Nodes.describe(item));
                }
            }
        });
        return stanzas;
    }
}
