package org.berth.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read key by key with strict types. Each accessor records a located error
 * in the shared {@link ConfigReport} instead of throwing, so a load reports every mistake at
 * once; keys never asked for can be reported as warnings with {@link #warnUnreadKeys()}.
 */
public final class YamlMap {
    private final Path file;
    private final String prefix;
    private final int line;
    private final ConfigReport report;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();

    YamlMap(Path file, String prefix, MappingNode node, ConfigReport report) {
        this.file = file;
        this.prefix = prefix;
        this.line = node == null ? 0 : node.getStartMark().getLine() + 1;
        this.report = report;
        if (node != null) {
            for (NodeTuple tuple : node.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
                if (key == null) {
                    error(tuple.getKeyNode(), keyPath("?"), "expected a plain text key");
                    continue;
                }
                if (entries.containsKey(key)) {
                    warning(tuple.getKeyNode(), keyPath(key), "repeated key; the last value is used");
                }
                entries.put(key, tuple);
            }
        }
    }

    static YamlMap empty(Path file, ConfigReport report) {
        return new YamlMap(file, "", null, report);
    }

    public Path file() {
        return file;
    }

    public ConfigReport report() {
        return report;
    }

    /** The line this mapping starts on (1-based), 0 when it is empty. */
    public int line() {
        return line;
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** True when the key is present with a non-null value. */
    public boolean hasValue(String key) {
        return node(key).isPresent();
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    /** Line of a key, or of this mapping when the key is absent. */
    public int lineOf(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? line : tuple.getKeyNode().getStartMark().getLine() + 1;
    }

    public String keyPath(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    /** The value node; empty when absent or null (an optional key given as null means absent). */
    public Optional<Node> node(String key) {
        read.add(key);
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    public Optional<String> string(String key) {
        return node(key).flatMap(value -> scalarString(key, value));
    }

    public String string(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    /** A required string; records "missing" when absent. */
    public Optional<String> requiredString(String key) {
        if (!hasValue(key)) {
            missing(key, "a text value");
            return Optional.empty();
        }
        return string(key);
    }

    public Optional<Boolean> bool(String key) {
        return node(key).flatMap(value -> {
            if (value instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
                return Optional.of(parseBool(scalar.getValue()));
            }
            error(value, keyPath(key), "expected true or false, found " + describe(value));
            return Optional.empty();
        });
    }

    public boolean bool(String key, boolean fallback) {
        return bool(key).orElse(fallback);
    }

    public Optional<Long> integer(String key, long min, long max) {
        return node(key).flatMap(value -> {
            if (value instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
                try {
                    long number = Long.parseLong(scalar.getValue().replace("_", ""));
                    if (number >= min && number <= max) {
                        return Optional.of(number);
                    }
                } catch (NumberFormatException ignored) {
                    // falls through to the range message
                }
                error(value, keyPath(key), "expected a whole number from " + min + " to " + max
                        + ", found " + scalar.getValue());
                return Optional.empty();
            }
            error(value, keyPath(key), "expected a whole number from " + min + " to " + max
                    + ", found " + describe(value));
            return Optional.empty();
        });
    }

    public Optional<Duration> duration(String key) {
        return node(key).flatMap(value -> {
            if (value instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.BOOL)) {
                Optional<Duration> parsed = Durations.parse(scalar.getValue());
                if (parsed.isPresent()) {
                    return parsed;
                }
            }
            error(value, keyPath(key), "expected a duration with a unit, like 30s, 500ms, 10m or 1h; found "
                    + describe(value));
            return Optional.empty();
        });
    }

    public OptionalLong byteSize(String key) {
        Optional<Node> value = node(key);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (value.get() instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.BOOL)) {
            OptionalLong parsed = ByteSizes.parse(scalar.getValue());
            if (parsed.isPresent()) {
                return parsed;
            }
        }
        error(value.get(), keyPath(key), "expected a size such as 1MiB, 512KiB or 1048576; found " + describe(value.get()));
        return OptionalLong.empty();
    }

    public Optional<YamlMap> map(String key) {
        return node(key).flatMap(value -> {
            if (value instanceof MappingNode mapping) {
                return Optional.of(new YamlMap(file, keyPath(key), mapping, report));
            }
            error(value, keyPath(key), "expected a mapping of keys to values, found " + describe(value));
            return Optional.empty();
        });
    }

    /** A list of strings; a single string is not accepted (Keter is strict here too). */
    public Optional<List<String>> stringList(String key) {
        return node(key).flatMap(value -> {
            if (!(value instanceof SequenceNode sequence)) {
                error(value, keyPath(key), "expected a list of text values, found " + describe(value));
                return Optional.empty();
            }
            List<String> items = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < sequence.getValue().size(); i++) {
                Optional<String> item = scalarString(key + "[" + i + "]", sequence.getValue().get(i));
                ok &= item.isPresent();
                item.ifPresent(items::add);
            }
            return ok ? Optional.of(List.copyOf(items)) : Optional.empty();
        });
    }

    public Optional<List<YamlMap>> mapList(String key) {
        return node(key).flatMap(value -> {
            if (!(value instanceof SequenceNode sequence)) {
                error(value, keyPath(key), "expected a list of mappings, found " + describe(value));
                return Optional.empty();
            }
            List<YamlMap> items = new ArrayList<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                Node item = sequence.getValue().get(i);
                if (item instanceof MappingNode mapping) {
                    items.add(new YamlMap(file, keyPath(key) + "[" + i + "]", mapping, report));
                } else {
                    error(item, keyPath(key) + "[" + i + "]", "expected a mapping of keys to values, found " + describe(item));
                }
            }
            return Optional.of(List.copyOf(items));
        });
    }

    /** A mapping of text to text, like an {@code env} block. */
    public Optional<Map<String, String>> stringMap(String key) {
        return map(key).map(inner -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (String name : inner.keys()) {
                inner.node(name).ifPresentOrElse(
                        value -> inner.scalarString(name, value).ifPresent(text -> values.put(name, text)),
                        () -> inner.error(inner.entries.get(name).getValueNode(), inner.keyPath(name),
                                "expected a text value, found nothing (null)"));
            }
            return Map.copyOf(values);
        });
    }

    /** Reports every key nobody asked for as a warning, so typos are seen. */
    public void warnUnreadKeys() {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (!read.contains(entry.getKey())) {
                warning(entry.getValue().getKeyNode(), keyPath(entry.getKey()), "unknown key, ignored");
            }
        }
    }

    public void error(Node at, String key, String message) {
        report.error(new ConfigProblem(file, at == null ? line : at.getStartMark().getLine() + 1, key, message));
    }

    /** Records an error at this key's line. */
    public void error(String key, String message) {
        report.error(new ConfigProblem(file, lineOf(key), keyPath(key), message));
    }

    public void warning(String key, String message) {
        report.warning(new ConfigProblem(file, lineOf(key), keyPath(key), message));
    }

    private void warning(Node at, String key, String message) {
        report.warning(new ConfigProblem(file, at.getStartMark().getLine() + 1, key, message));
    }

    private void missing(String key, String expected) {
        report.error(new ConfigProblem(file, lineOf(key), keyPath(key), "required key is missing; expected " + expected));
    }

    private Optional<String> scalarString(String key, Node value) {
        if (value instanceof ScalarNode scalar) {
            Tag tag = scalar.getTag();
            if (tag.equals(Tag.STR)) {
                return Optional.of(scalar.getValue());
            }
            if (tag.equals(Tag.BOOL) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
                error(value, keyPath(key), "expected text, found the " + describe(value)
                        + "; put it in quotes (\"" + scalar.getValue() + "\") to make it text");
                return Optional.empty();
            }
            return Optional.of(scalar.getValue());
        }
        error(value, keyPath(key), "expected a text value, found " + describe(value));
        return Optional.empty();
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    static boolean parseBool(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "y", "yes", "on", "true" -> true;
            default -> false;
        };
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.BOOL)) {
            return "boolean " + scalar.getValue();
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "number " + scalar.getValue();
        }
        if (tag.equals(Tag.NULL)) {
            return "nothing (null)";
        }
        return "\"" + scalar.getValue() + "\"";
    }
}
