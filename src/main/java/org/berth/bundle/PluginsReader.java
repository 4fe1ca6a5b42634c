package org.berth.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code plugins:} beside {@code stanzas:}. Keter's postgres plugin looks at
 * {@code postgres} lazily: {@code true} or a list of {@code {server, port}} turns it on (only the
 * first server is used, and a malformed one means localhost:5432); any other value leaves it off.
 * berth does the same and warns where Keter stays silent; an empty list, on which Keter crashes,
 * is an error.
 */
final class PluginsReader {
    private PluginsReader() {
    }

    static Plugins read(Fields top) {
        Optional<Fields> plugins = top.mapping("plugins");
        if (plugins.isEmpty()) {
            return Plugins.NONE;
        }
        Plugins result = postgres(plugins.get());
        plugins.get().warnUnread("in plugins (Keter knows only postgres)");
        return result;
    }

    private static Plugins postgres(Fields plugins) {
        Optional<Node> value = plugins.value("postgres");
        if (value.isEmpty()) {
            return Plugins.NONE;
        }
        if (Nodes.isBool(value.get())) {
            return Nodes.boolValue(value.get()) ? new Plugins(true, List.of()) : Plugins.NONE;
        }
        if (value.get() instanceof SequenceNode list) {
            return servers(plugins, list);
        }
        plugins.warning("postgres", "ignored: Keter turns postgres on for true or a list of {server, port}, found "
                + Nodes.describe(value.get()));
        return Plugins.NONE;
    }

    private static Plugins servers(Fields plugins, SequenceNode list) {
        if (list.getValue().isEmpty()) {
            plugins.error(list, plugins.keyPath("postgres"),
                    "expected true or a list of {server, port}, found an empty list (Keter crashes on it)");
            return Plugins.NONE;
        }
        if (list.getValue().size() > 1) {
            plugins.warning("postgres", "only the first server is used, as in Keter");
        }
        List<PostgresServerRef> servers = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            servers.add(server(plugins, list.getValue().get(i), plugins.keyPath("postgres") + "[" + i + "]"));
        }
        return new Plugins(true, servers);
    }

    /** Keter parses each entry leniently and falls back to localhost:5432; berth says so. */
    private static PostgresServerRef server(Fields plugins, Node item, String path) {
        if (item instanceof MappingNode mapping) {
            Fields entry = plugins.child(path, mapping);
            Optional<String> server = entry.value("server").flatMap(Nodes::text);
            Optional<Long> port = entry.value("port").flatMap(Nodes::wholeNumber).filter(p -> p >= 1 && p <= 65535);
            entry.warnUnread("in a postgres server entry");
            if (server.isPresent() && port.isPresent()) {
                return new PostgresServerRef(server.get(), port.get().intValue());
            }
        }
        plugins.warning(item, path, "expected {server: host, port: number}, found " + Nodes.describe(item)
                + "; Keter then uses localhost:5432, and so does berth");
        return PostgresServerRef.LOCAL;
    }
}
