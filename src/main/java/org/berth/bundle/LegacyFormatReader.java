package org.berth.bundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import org.berth.config.ConfigProblem;
import org.berth.config.ConfigReport;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The legacy format (no top-level {@code stanzas}): {@code exec}, {@code args}, {@code host},
 * {@code extra-hosts}, {@code ssl}, {@code static-hosts}, {@code redirects}, {@code postgres}.
 * Converted as Keter converts it: the webapp first, then static hosts sorted by (host, root) with
 * directory listing on, then redirects sorted by (from, to) as 301s that keep the path.
 */
final class LegacyFormatReader {
    private static final List<String> WEBAPP_KEYS = List.of("exec", "args", "host", "ssl", "extra-hosts");
    /** Keys that mean something inside stanzas but that Keter does not read in this format. */
    private static final Set<String> STANZA_KEYS = Set.of("env", "forward-env", "hosts", "type", "requires-secure",
            "connection-time-bound", "ensure-alive-time-bound", "port-env-vars", "middleware", "health-check",
            "stop-timeout", "root", "directory-listing", "actions", "status", "restart-count", "restart-delay-seconds", "hsts");

    private LegacyFormatReader() {
    }

    static ParsedBundle read(Fields top, Path configDir) {
        List<ReadStanza> stanzas = new ArrayList<>();
        Optional<ReadStanza> webApp = webApp(top, configDir);
        webApp.ifPresent(stanzas::add);
        stanzas.addAll(staticHosts(top, configDir));
        stanzas.addAll(redirects(top));
        Plugins plugins = postgres(top, webApp.isPresent());
        warnIgnored(top);
        return new ParsedBundle(stanzas, plugins);
    }

    /**
     * Keter parses the webapp part as an optional whole: if any of it fails, the webapp is gone and
     * the bundle still loads. berth reads it into a separate report and turns a failure into a warning.
     */
    private static Optional<ReadStanza> webApp(Fields top, Path configDir) {
        WEBAPP_KEYS.forEach(top::markRead);
        if (WEBAPP_KEYS.stream().noneMatch(top::has)) {
            return Optional.empty();
        }
        ConfigReport trial = new ConfigReport();
        Optional<ReadStanza> webApp = tryWebApp(top.withReport(trial), configDir);
        if (trial.hasErrors()) {
            ConfigProblem first = trial.errors().get(0);
            int more = trial.errors().size() - 1;
            top.report().warning(new ConfigProblem(first.file(), first.line(), first.key(),
                    "the legacy webapp (exec, args, host, ssl, extra-hosts) is dropped, as Keter drops it without a word: "
                            + first.message() + (more > 0 ? " (and " + more + " more)" : "")));
            return Optional.empty();
        }
        trial.warnings().forEach(top.report()::warning);
        return webApp;
    }

    private static Optional<ReadStanza> tryWebApp(Fields fields, Path configDir) {
        Optional<Path> exec = BundlePaths.read(fields, "exec", configDir, "the path of the program to run");
        List<String> args = fields.textList("args").orElse(List.of());
        Optional<HostList> host = HostsReader.single(fields, "host");
        Ssl ssl = fields.bool("ssl").orElse(false) ? Ssl.ON : Ssl.OFF;
        List<String> extraHosts = fields.value("extra-hosts")
                .flatMap(value -> fields.textListOf(value, fields.keyPath("extra-hosts"))
                        .flatMap(valid -> HostsReader.collect(fields, value, "extra-hosts")))
                .map(HostList::hosts).orElse(List.of());
        if (fields.report().hasErrors()) {
            return Optional.empty();
        }
        List<String> hosts = new ArrayList<>(host.orElseThrow().hosts());
        extraHosts.stream().filter(extra -> !hosts.contains(extra)).forEach(hosts::add);
        WebAppStanza stanza = new WebAppStanza(exec.orElseThrow(), args, Map.of(), List.of(), hosts, ssl,
                false, Optional.empty(), WebAppStanza.DEFAULT_ENSURE_ALIVE, List.of(), List.of(), Optional.empty(),
                Optional.empty(), fields.lineOf("exec"));
        return Optional.of(new ReadStanza(stanza, new HostList(hosts, host.get().key(), host.get().line())));
    }

    /** One converted entry with the strings Keter sorts by, and where it was written. */
    private record Entry(String first, String second, ReadStanza stanza, String path) {
    }

    private static List<ReadStanza> staticHosts(Fields top, Path configDir) {
        List<Entry> entries = new ArrayList<>();
        forEachEntry(top, "static-hosts", "{host, root}", entry -> {
            int errors = entry.errorCount();
            Optional<HostList> host = HostsReader.single(entry, "host");
            Optional<String> written = entry.requiredText("root", "the directory to serve");
            Optional<Path> root = written.flatMap(text ->
                    BundlePaths.resolve(entry, entry.value("root").orElseThrow(), entry.keyPath("root"), text, configDir));
            entry.warnUnread("in a static-hosts entry");
            if (entry.errorCount() == errors) {
                StaticFilesStanza stanza = new StaticFilesStanza(root.orElseThrow(), host.orElseThrow().hosts(), true,
                        Ssl.OFF, false, List.of(), Optional.empty(), entry.line());
                entries.add(new Entry(entry.text("host").orElseThrow(), BundlePaths.keterJoined(configDir, written.get()),
                        new ReadStanza(stanza, host.get()), entry.path()));
            }
        });
        return sortedDistinct(top, entries);
    }

    private static List<ReadStanza> redirects(Fields top) {
        List<Entry> entries = new ArrayList<>();
        forEachEntry(top, "redirects", "{from, to}", entry -> {
            Optional<HostList> from = HostsReader.single(entry, "from");
            Optional<String> to = entry.requiredText("to", "the host to redirect to");
            entry.warnUnread("in a redirects entry");
            if (from.isPresent() && to.isPresent()) {
                RedirectAction action = new RedirectAction(Optional.empty(),
                        new RedirectTarget.HostTarget(to.get(), false, OptionalInt.empty()));
                RedirectStanza stanza = new RedirectStanza(from.get().hosts(), List.of(action),
                        RedirectStanza.LEGACY_STATUS, Ssl.OFF, false, entry.line());
                entries.add(new Entry(entry.text("from").orElseThrow(), to.get(), new ReadStanza(stanza, from.get()),
                        entry.path()));
            }
        });
        return sortedDistinct(top, entries);
    }

    private static void forEachEntry(Fields top, String key, String shape, Consumer<Fields> reader) {
        top.list(key, "a list of " + shape + " mappings").ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String path = key + "[" + i + "]";
                if (item instanceof MappingNode mapping) {
                    reader.accept(top.child(path, mapping));
                } else {
                    // Keter refuses the whole bundle for a malformed entry here, unlike the webapp part.
                    top.error(item, path, "expected a " + shape + " mapping, found " + Nodes.describe(item));
                }
            }
        });
    }

    /** Keter keeps these entries in a set: sorted, identical entries once. */
    private static List<ReadStanza> sortedDistinct(Fields top, List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::first).thenComparing(Entry::second));
        List<ReadStanza> result = new ArrayList<>();
        Entry previous = null;
        for (Entry entry : sorted) {
            if (previous != null && previous.first().equals(entry.first()) && previous.second().equals(entry.second())) {
                top.warning(entry.stanza().stanza().line(), entry.path(), "repeated entry, ignored");
            } else {
                result.add(entry.stanza());
            }
            previous = entry;
        }
        return result;
    }

    private static Plugins postgres(Fields top, boolean webApp) {
        Optional<Node> value = top.value("postgres");
        if (value.isEmpty()) {
            return Plugins.NONE;
        }
        if (!Nodes.isBool(value.get())) {
            top.warning("postgres", "ignored: Keter turns postgres on only for true, found " + Nodes.describe(value.get()));
            return Plugins.NONE;
        }
        if (!Nodes.boolValue(value.get())) {
            return Plugins.NONE;
        }
        if (!webApp) {
            top.warning("postgres", "ignored: in the legacy format Keter applies postgres: true only with a webapp,"
                    + " and this file has none that loads");
            return Plugins.NONE;
        }
        return new Plugins(true, List.of());
    }

    private static void warnIgnored(Fields top) {
        for (String key : top.unreadKeys()) {
            if (YesodKeys.isYesod(key)) {
                continue;
            }
            if (key.equals("plugins")) {
                top.warning(key, "ignored: Keter reads plugins only beside stanzas; in this legacy format (no"
                        + " stanzas key) write postgres: true at the top level instead");
            } else if (STANZA_KEYS.contains(key)) {
                top.warning(key, "ignored: Keter reads " + key + " only inside stanzas, and this file has no stanzas"
                        + " key (legacy format)");
            } else {
                top.warning(key, "unknown key, ignored");
            }
        }
    }
}
