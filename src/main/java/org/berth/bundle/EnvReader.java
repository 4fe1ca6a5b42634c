package org.berth.bundle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a stanza's {@code env}: a mapping of names to text. berth's one deliberate exception to
 * Keter's strictness: a list of {@code NAME: value} mappings (seen in the wild) is accepted with a
 * warning, since its intent is plain; Keter refuses it.
 */
final class EnvReader {
    private EnvReader() {
    }

    static Map<String, String> read(Fields fields) {
        Optional<Node> value = fields.value("env");
        if (value.isEmpty()) {
            return Map.of();
        }
        if (value.get() instanceof SequenceNode list
                && list.getValue().stream().allMatch(MappingNode.class::isInstance)) {
            return listForm(fields, list.getValue());
        }
        return fields.textMapOf(value.get(), fields.keyPath("env")).orElse(Map.of());
    }

    private static Map<String, String> listForm(Fields fields, List<Node> items) {
        fields.warning("env", "env is a list of NAME: value mappings; berth accepts it, but Keter refuses the"
                + " bundle (it expects one mapping): write env as a mapping");
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String path = fields.keyPath("env") + "[" + i + "]";
            fields.textMapOf(item, path).ifPresent(variables -> variables.forEach((name, text) -> {
                if (env.put(name, text) != null) {
                    fields.warning(item, path, "repeated variable " + name + "; the last value is used");
                }
            }));
        }
        return env;
    }
}
