package org.berth.bundle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.berth.config.ConfigProblem;
import org.berth.config.ConfigReport;
import org.berth.config.Durations;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One mapping of a bundle config, read key by key with Keter's strict types. Like
 * {@code org.berth.config.YamlMap} (same messages), but over nodes typed by {@link KeterResolver}.
 * Mistakes are recorded in the shared report, located by file, line and key path, so one load
 * reports all of them; keys nobody read can be reported afterwards with {@link #warnUnread}.
 */
final class Fields {
    private final Path file;
    private final String prefix;
    private final MappingNode node;
    private final ConfigReport report;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();

    Fields(Path file, String prefix, MappingNode node, ConfigReport report) {
        this(file, prefix, node, report, true);
    }

    private Fields(Path file, String prefix, MappingNode node, ConfigReport report, boolean reportKeys) {
        this.file = file;
        this.prefix = prefix;
        this.node = node;
        this.report = report;
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                if (reportKeys) {
                    error(tuple.getKeyNode(), keyPath("?"),
                            "expected a plain text key, found " + Nodes.describe(tuple.getKeyNode()));
                }
                continue;
            }
            if (reportKeys && entries.containsKey(key.getValue())) {
                warning(key, keyPath(key.getValue()), "repeated key; the last value is used");
            }
            entries.put(key.getValue(), tuple);
        }
    }

    /** The same mapping read into another report: used to try a part that may fail without refusing the bundle. */
    Fields withReport(ConfigReport other) {
        return new Fields(file, prefix, node, other, false);
    }

    /** A nested mapping, e.g. one stanza or one list item, reporting into the same report. */
    Fields child(String path, MappingNode mapping) {
        return new Fields(file, path, mapping, report);
    }

    Path file() {
        return file;
    }

    ConfigReport report() {
        return report;
    }

    /** The line this mapping starts on. */
    int line() {
        return Nodes.line(node);
    }

    /** This mapping's own key path, e.g. {@code stanzas[2]}; empty at the top. */
    String path() {
        return prefix;
    }

    String keyPath(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    /** Line of a key, or of this mapping when the key is absent. */
    int lineOf(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? line() : Nodes.line(tuple.getKeyNode());
    }

    /** Present, even with a null value; does not count as read. */
    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Present with a non-null value; does not count as read. */
    boolean hasValue(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple != null && !Nodes.isNull(tuple.getValueNode());
    }

    Set<String> keys() {
        return entries.keySet();
    }

    /** Marks a key as known, so {@link #warnUnread} stays quiet about it. */
    void markRead(String key) {
        read.add(key);
    }

    /** The value; empty when absent or null (for an optional key, null means absent, as in Keter). */
    Optional<Node> value(String key) {
        read.add(key);
        NodeTuple tuple = entries.get(key);
        if (tuple == null || Nodes.isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    /** A required value: absent or null is an error naming what was expected. */
    Optional<Node> required(String key, String expected) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            error(key, has(key)
                    ? "expected " + expected + ", found nothing (null)"
                    : "required key is missing; expected " + expected);
        }
        return value;
    }

    Optional<String> text(String key) {
        return value(key).flatMap(value -> textOf(value, keyPath(key)));
    }

    Optional<String> requiredText(String key, String expected) {
        return required(key, expected).flatMap(value -> textOf(value, keyPath(key)));
    }

    Optional<Boolean> bool(String key) {
        return value(key).flatMap(value -> {
            if (Nodes.isBool(value)) {
                return Optional.of(Nodes.boolValue(value));
            }
            String hint = Nodes.isText(value) ? "; remove the quotes to make it a boolean" : "";
            error(value, keyPath(key), "expected true or false, found " + Nodes.describe(value) + hint);
            return Optional.empty();
        });
    }

    Optional<Long> integer(String key, long min, long max) {
        return integer(key, min, max, "a whole number from " + min + " to " + max);
    }

    Optional<Long> integer(String key, long min, long max, String expected) {
        return value(key).flatMap(value -> integerOf(value, keyPath(key), min, max, expected));
    }

    /** A berth duration with a unit ("10s"); Keter's own numeric keys are read with {@link KeterUnits}. */
    Optional<Duration> duration(String key) {
        return value(key).flatMap(value -> {
            Optional<Duration> parsed = Nodes.text(value).flatMap(Durations::parse);
            if (parsed.isEmpty()) {
                error(value, keyPath(key),
                        "expected a duration with a unit, like 30s, 500ms, 10m or 1h; found " + Nodes.describe(value));
            }
            return parsed;
        });
    }

    Optional<List<String>> textList(String key) {
        return value(key).flatMap(value -> textListOf(value, keyPath(key)));
    }

    Optional<Map<String, String>> textMap(String key) {
        return value(key).flatMap(value -> textMapOf(value, keyPath(key)));
    }

    Optional<Fields> mapping(String key) {
        return value(key).flatMap(value -> mappingOf(value, keyPath(key)));
    }

    /** A list of anything; the caller checks the items. */
    Optional<List<Node>> list(String key, String expected) {
        return value(key).flatMap(value -> {
            if (value instanceof SequenceNode sequence) {
                return Optional.of(sequence.getValue());
            }
            error(value, keyPath(key), "expected " + expected + ", found " + Nodes.describe(value));
            return Optional.empty();
        });
    }

    Optional<Fields> mappingOf(Node value, String path) {
        if (value instanceof MappingNode mapping) {
            return Optional.of(child(path, mapping));
        }
        error(value, path, "expected a mapping of keys to values, found " + Nodes.describe(value));
        return Optional.empty();
    }

    Optional<String> textOf(Node value, String path) {
        Optional<String> text = Nodes.text(value);
        if (text.isEmpty()) {
            error(value, path, Nodes.isBool(value) || Nodes.isNumber(value)
                    ? "expected text, found " + Nodes.describe(value) + "; put it in quotes (\""
                            + ((ScalarNode) value).getValue() + "\") to make it text"
                    : "expected a text value, found " + Nodes.describe(value));
        }
        return text;
    }

    Optional<List<String>> textListOf(Node value, String path) {
        if (!(value instanceof SequenceNode sequence)) {
            error(value, path, "expected a list of text values, found " + Nodes.describe(value));
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Optional<String> item = textOf(sequence.getValue().get(i), path + "[" + i + "]");
            ok &= item.isPresent();
            item.ifPresent(items::add);
        }
        return ok ? Optional.of(List.copyOf(items)) : Optional.empty();
    }

    /** A mapping of names to text, like {@code env}; order kept, a null value is an error (as in Keter). */
    Optional<Map<String, String>> textMapOf(Node value, String path) {
        if (!(value instanceof MappingNode mapping)) {
            error(value, path, "expected a mapping of names to text values, found " + Nodes.describe(value));
            return Optional.empty();
        }
        Fields inner = child(path, mapping);
        Map<String, String> result = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, NodeTuple> entry : inner.entries.entrySet()) {
            Optional<String> text = textOf(entry.getValue().getValueNode(), inner.keyPath(entry.getKey()));
            ok &= text.isPresent();
            text.ifPresent(found -> result.put(entry.getKey(), found));
        }
        return ok ? Optional.of(result) : Optional.empty();
    }

    Optional<Long> integerOf(Node value, String path, long min, long max, String expected) {
        Optional<Long> number = Nodes.wholeNumber(value).filter(n -> n >= min && n <= max);
        if (number.isEmpty()) {
            boolean quotedNumber = Nodes.isText(value)
                    && Nodes.text(value).filter(t -> t.trim().matches("[-+]?[0-9]+")).isPresent();
            error(value, path, "expected " + expected + ", found " + Nodes.describe(value)
                    + (quotedNumber ? "; remove the quotes to make it a number" : ""));
        }
        return number;
    }

    /** Reports every key nobody read as a warning, so typos are seen; {@code where} says for what. */
    void warnUnread(String where) {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (!read.contains(entry.getKey())) {
                warning(entry.getValue().getKeyNode(), keyPath(entry.getKey()), "unknown key " + where + ", ignored");
            }
        }
    }

    /** Keys present but not yet read, in file order. */
    List<String> unreadKeys() {
        return entries.keySet().stream().filter(key -> !read.contains(key)).toList();
    }

    void error(Node at, String path, String message) {
        report.error(new ConfigProblem(file, Nodes.line(at), path, message));
    }

    void error(String key, String message) {
        report.error(new ConfigProblem(file, lineOf(key), keyPath(key), message));
    }

    void warning(String key, String message) {
        report.warning(new ConfigProblem(file, lineOf(key), keyPath(key), message));
    }

    void warning(int line, String path, String message) {
        report.warning(new ConfigProblem(file, line, path, message));
    }

    void warning(Node at, String path, String message) {
        report.warning(new ConfigProblem(file, Nodes.line(at), path, message));
    }

    int errorCount() {
        return report.errors().size();
    }
}
