package org.berth.bundle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a stanza's {@code middleware} list as Keter's {@code MiddlewareConfig} parser does: a plain
 * name, or a mapping with exactly one key ({@code basic-auth}, {@code headers}, {@code local})
 * whose value is a mapping. Anything else is an error in Keter too.
 */
final class MiddlewareReader {
    private static final String EXPECTED = "autohead, accept-override, jsonp, method-override,"
            + " method-override-post, or a mapping with one key: basic-auth, headers or local";

    private MiddlewareReader() {
    }

    static List<Middleware> read(Fields fields) {
        List<Middleware> result = new ArrayList<>();
        fields.list("middleware", "a list of middleware").ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                item(fields, items.get(i), fields.keyPath("middleware") + "[" + i + "]").ifPresent(result::add);
            }
        });
        return result;
    }

    private static Optional<Middleware> item(Fields fields, Node node, String path) {
        Optional<String> name = Nodes.text(node);
        if (name.isPresent()) {
            Optional<Middleware> standard = standard(name.get());
            if (standard.isEmpty()) {
                fields.error(node, path, "unknown middleware \"" + name.get() + "\"; expected " + EXPECTED);
            }
            return standard;
        }
        if (node instanceof MappingNode mapping && mapping.getValue().size() == 1
                && mapping.getValue().get(0).getKeyNode() instanceof ScalarNode key) {
            return configured(fields, key.getValue(), mapping.getValue().get(0), path + "." + key.getValue());
        }
        fields.error(node, path, "expected " + EXPECTED + ", found " + Nodes.describe(node));
        return Optional.empty();
    }

    private static Optional<Middleware> standard(String name) {
        return Arrays.stream(Middleware.Kind.values())
                .filter(kind -> kind.keterName().equals(name))
                .findFirst()
                .map(Middleware.Standard::new);
    }

    private static Optional<Middleware> configured(Fields fields, String kind, NodeTuple entry, String path) {
        Node settings = entry.getValueNode();
        if (!List.of("basic-auth", "headers", "local").contains(kind)) {
            fields.error(entry.getKeyNode(), path, "unknown middleware \"" + kind + "\"; expected " + EXPECTED);
            return Optional.empty();
        }
        if (!(settings instanceof MappingNode mapping)) {
            fields.error(settings, path, "expected a mapping of settings, found " + Nodes.describe(settings));
            return Optional.empty();
        }
        return switch (kind) {
            case "basic-auth" -> basicAuth(fields, fields.child(path, mapping));
            case "headers" -> fields.textMapOf(mapping, path).map(Middleware.Headers::new);
            default -> local(fields.child(path, mapping));
        };
    }

    private static Optional<Middleware> basicAuth(Fields stanza, Fields settings) {
        int errors = settings.errorCount();
        String realm = settings.text("realm").orElse(Middleware.BasicAuth.DEFAULT_REALM);
        Map<String, String> credentials = settings.textMap("creds").orElse(Map.of());
        settings.warnUnread("in basic-auth");
        if (settings.errorCount() > errors) {
            return Optional.empty();
        }
        if (credentials.isEmpty()) {
            settings.warning("creds", "no credentials: every request is refused");
        }
        return Optional.of(new Middleware.BasicAuth(credentials, realm));
    }

    private static Optional<Middleware> local(Fields settings) {
        int errors = settings.errorCount();
        int status = settings.integer("status", 100, 599).map(Long::intValue).orElse(Middleware.Local.DEFAULT_STATUS);
        String message = settings.text("message").orElse(Middleware.Local.DEFAULT_MESSAGE);
        settings.warnUnread("in local");
        return settings.errorCount() > errors ? Optional.empty() : Optional.of(new Middleware.Local(status, message));
    }
}
