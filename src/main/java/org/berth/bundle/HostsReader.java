package org.berth.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a stanza's {@code host}/{@code hosts} with Keter's precedence, which differs by stanza type:
 * a webapp takes a text {@code host} before {@code hosts} (a non-empty list), static-files and
 * redirect take {@code hosts} (possibly empty) before {@code host}. Keter ignores the loser silently;
 * berth warns.
 */
final class HostsReader {
    private static final String EXPECTED = "hosts (a list of host names) or host (one host name)";

    private HostsReader() {
    }

    static Optional<HostList> webApp(Fields fields) {
        Optional<Node> host = fields.value("host");
        Optional<Node> hosts = fields.value("hosts");
        if (host.filter(Nodes::isText).isPresent()) {
            hosts.ifPresent(ignored -> fields.warning("hosts", "ignored: host is given too, and Keter then uses host alone"));
            return collect(fields, host.get(), "host");
        }
        if (hosts.isPresent()) {
            host.ifPresent(wrong -> fields.warning("host",
                    "ignored: expected a text value, found " + Nodes.describe(wrong) + "; hosts is used"));
            return fields.textListOf(hosts.get(), fields.keyPath("hosts")).flatMap(names -> {
                if (names.isEmpty()) {
                    fields.error(hosts.get(), fields.keyPath("hosts"), "expected at least one host name, found an empty list");
                    return Optional.empty();
                }
                return collect(fields, hosts.get(), "hosts");
            });
        }
        return reportMissing(fields, host);
    }

    static Optional<HostList> listFirst(Fields fields) {
        Optional<Node> hosts = fields.value("hosts");
        Optional<Node> host = fields.value("host");
        if (hosts.filter(Nodes::isTextList).isPresent()) {
            host.ifPresent(ignored -> fields.warning("host", "ignored: hosts is given too, and Keter then uses hosts alone"));
            return collect(fields, hosts.get(), "hosts");
        }
        if (host.filter(Nodes::isText).isPresent()) {
            hosts.ifPresent(wrong -> fields.warning("hosts",
                    "ignored: expected a list of text values, found " + Nodes.describe(wrong) + "; host is used"));
            return collect(fields, host.get(), "host");
        }
        hosts.ifPresent(wrong -> fields.textListOf(wrong, fields.keyPath("hosts")));
        return hosts.isPresent() ? Optional.empty() : reportMissing(fields, host);
    }

    /** A key holding exactly one host, like {@code reversing-host} or a legacy {@code host}. */
    static Optional<HostList> single(Fields fields, String key) {
        if (fields.requiredText(key, "a host name").isEmpty()) {
            return Optional.empty();
        }
        return collect(fields, fields.value(key).orElseThrow(), key);
    }

    /** Normalises hosts already known to be text; empty ones are errors, odd ones warnings, repeats dropped. */
    static Optional<HostList> collect(Fields fields, Node value, String key) {
        List<Node> items = value instanceof SequenceNode sequence ? sequence.getValue() : List.of(value);
        String path = fields.keyPath(key);
        List<String> hosts = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = value instanceof SequenceNode ? path + "[" + i + "]" : path;
            String host = HostNames.normalize(Nodes.text(item).orElseThrow());
            if (host.isEmpty()) {
                fields.error(item, itemPath, "expected a host name, found empty text");
                ok = false;
            } else if (hosts.contains(host)) {
                fields.warning(item, itemPath, "repeated host '" + host + "', ignored");
            } else {
                HostNames.doubt(host).ifPresent(doubt -> fields.warning(item, itemPath, doubt));
                hosts.add(host);
            }
        }
        return ok ? Optional.of(new HostList(hosts, path, fields.lineOf(key))) : Optional.empty();
    }

    private static Optional<HostList> reportMissing(Fields fields, Optional<Node> host) {
        if (host.isPresent()) {
            fields.textOf(host.get(), fields.keyPath("host"));
        } else if (fields.has("hosts") || fields.has("host")) {
            fields.error(fields.has("hosts") ? "hosts" : "host", "expected " + EXPECTED + ", found nothing (null)");
        } else {
            fields.error("hosts", "required key is missing; expected " + EXPECTED);
        }
        return Optional.empty();
    }
}
