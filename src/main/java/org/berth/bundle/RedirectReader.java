package org.berth.bundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a {@code redirect} stanza. An action is {@code {path?, url}} or {@code {path?, host,
 * secure?, port?}}; Keter tries {@code url} first and falls back to {@code host}.
 */
final class RedirectReader {
    private static final String TARGET = "url (the URL to send the client to) or host (a host to send it to,"
            + " keeping the path)";

    private RedirectReader() {
    }

    static Optional<ReadStanza> read(Fields fields, boolean requiresSecure, Path configDir) {
        int errors = fields.errorCount();
        Optional<HostList> hosts = HostsReader.listFirst(fields);
        int status = fields.integer("status", 100, 999).map(Long::intValue).orElse(RedirectStanza.DEFAULT_STATUS);
        Optional<List<RedirectAction>> actions = actions(fields);
        Ssl ssl = SslReader.read(fields, configDir);
        Optional<org.berth.config.HstsSettings> hsts = HstsReader.read(fields);
        if (fields.errorCount() > errors) {
            return Optional.empty();
        }
        if (status < 300 || status > 399) {
            fields.warning("status", status + " is not a redirect status; Keter sends it with a Location header anyway");
        }
        StaticFilesReader.warnIfNoHosts(fields, hosts.orElseThrow());
        RedirectStanza stanza = new RedirectStanza(hosts.get().hosts(), actions.orElseThrow(), status, ssl,
                requiresSecure, hsts, fields.line());
        return Optional.of(new ReadStanza(stanza, hosts.get()));
    }

    private static Optional<List<RedirectAction>> actions(Fields fields) {
        String expected = "a list of redirect actions";
        Optional<Node> value = fields.required("actions", expected);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof SequenceNode list)) {
            fields.error(value.get(), fields.keyPath("actions"),
                    "expected " + expected + ", found " + Nodes.describe(value.get()));
            return Optional.empty();
        }
        if (list.getValue().isEmpty()) {
            fields.warning("actions", "no actions: every request gets a 404");
        }
        List<RedirectAction> actions = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            Node item = list.getValue().get(i);
            String path = fields.keyPath("actions") + "[" + i + "]";
            if (item instanceof MappingNode mapping) {
                action(fields.child(path, mapping)).ifPresent(actions::add);
            } else {
                fields.error(item, path,
                        "expected a redirect action (a mapping with " + TARGET + "), found " + Nodes.describe(item));
            }
        }
        return Optional.of(actions);
    }

    private static Optional<RedirectAction> action(Fields action) {
        int errors = action.errorCount();
        Optional<String> path = action.text("path");
        path.filter(p -> !p.startsWith("/"))
                .ifPresent(p -> action.warning("path", "never matches: request paths start with /"));
        Optional<RedirectTarget> target = target(action);
        action.warnUnread("in a redirect action");
        if (action.errorCount() > errors) {
            return Optional.empty();
        }
        return Optional.of(new RedirectAction(path, target.orElseThrow()));
    }

    private static Optional<RedirectTarget> target(Fields action) {
        Optional<Node> url = action.value("url");
        Optional<Node> host = action.value("host");
        if (url.filter(Nodes::isText).isPresent()) {
            if (host.isPresent()) {
                action.warning("host", "ignored: url is given too, and Keter then uses url");
                action.markRead("secure");
                action.markRead("port");
            }
            return Nodes.text(url.get()).map(RedirectTarget.UrlTarget::new);
        }
        if (host.isPresent()) {
            url.ifPresent(wrong -> action.warning("url",
                    "ignored: expected a text value, found " + Nodes.describe(wrong) + "; host is used"));
            return hostTarget(action, host.get());
        }
        if (url.isPresent()) {
            action.textOf(url.get(), action.keyPath("url"));
        } else {
            action.error("url", "required key is missing; expected " + TARGET);
        }
        return Optional.empty();
    }

    private static Optional<RedirectTarget> hostTarget(Fields action, Node host) {
        Optional<String> name = action.textOf(host, action.keyPath("host"));
        boolean secure = action.bool("secure").orElse(false);
        OptionalInt port = action.integer("port", 1, 65535).map(p -> OptionalInt.of(p.intValue())).orElse(OptionalInt.empty());
        return name.map(text -> new RedirectTarget.HostTarget(text, secure, port));
    }
}
