package org.berth.bundle;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Types plain YAML scalars the way Keter sees them. Keter reads YAML with Haskell's {@code yaml}
 * library, whose rules differ from SnakeYAML's at the edges: null is {@code null}, {@code Null},
 * {@code NULL}, {@code ~} or nothing; booleans are {@code y yes on true} and {@code n no off false}
 * in lower, UPPER or Title case; a number is what attoparsec's {@code scientific} accepts (sign,
 * digits, optional fraction and exponent) or a {@code 0x}/{@code 0o} literal; everything else is
 * text. SnakeYAML would miss {@code y}, {@code n} and {@code 1e3}, and would read {@code 1_000},
 * {@code .inf} and {@code 1:20} as numbers — and those edges decide whether Keter refuses a bundle.
 * Quoted and folded scalars are always text.
 */
final class KeterResolver extends Resolver {
    private static final Pattern NULL = Pattern.compile("null|Null|NULL|~|");
    private static final Pattern BOOL = Pattern.compile(
            "y|yes|on|true|n|no|off|false|Y|YES|ON|TRUE|N|NO|OFF|FALSE|Yes|On|True|No|Off|False");
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?");

    private static final KeterResolver KETER = new KeterResolver();
    private static final Resolver SNAKEYAML = new Resolver();

    /**
     * A copy of a tree composed with SnakeYAML's own resolver (as {@code berth.yaml} is), typed as Keter
     * would have typed it: each plain scalar whose tag SnakeYAML inferred is resolved again here; quoted
     * scalars and explicit tags stay as written. Lines are kept. The original is not changed.
     */
    static Node retyped(Node node) {
        return retyped(node, new IdentityHashMap<>());
    }

    private static Node retyped(Node node, Map<Node, Node> copies) {
        Node done = copies.get(node);
        if (done != null) {
            return done; // an alias (or a recursive one): one copy, shared as in the original
        }
        switch (node) {
            case ScalarNode scalar -> {
                Tag tag = scalar.isPlain()
                        && scalar.getTag().equals(SNAKEYAML.resolve(NodeId.scalar, scalar.getValue(), true))
                        ? KETER.resolve(NodeId.scalar, scalar.getValue(), true) : scalar.getTag();
                ScalarNode copy = new ScalarNode(tag, scalar.getValue(), scalar.getStartMark(), scalar.getEndMark(),
                        scalar.getScalarStyle());
                copies.put(node, copy);
                return copy;
            }
            case SequenceNode sequence -> {
                List<Node> items = new ArrayList<>();
                SequenceNode copy = new SequenceNode(sequence.getTag(), true, items, sequence.getStartMark(),
                        sequence.getEndMark(), sequence.getFlowStyle());
                copies.put(node, copy);
                sequence.getValue().forEach(item -> items.add(retyped(item, copies)));
                return copy;
            }
            case MappingNode mapping -> {
                List<NodeTuple> tuples = new ArrayList<>();
                MappingNode copy = new MappingNode(mapping.getTag(), true, tuples, mapping.getStartMark(),
                        mapping.getEndMark(), mapping.getFlowStyle());
                copies.put(node, copy);
                mapping.getValue().forEach(tuple -> tuples.add(
                        new NodeTuple(retyped(tuple.getKeyNode(), copies), retyped(tuple.getValueNode(), copies))));
                return copy;
            }
            default -> {
                return node;
            }
        }
    }

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
        if (kind != NodeId.scalar || !implicit) {
            return super.resolve(kind, value, implicit);
        }
        if (NULL.matcher(value).matches()) {
            return Tag.NULL;
        }
        if (BOOL.matcher(value).matches()) {
            return Tag.BOOL;
        }
        if (INTEGER.matcher(value).matches()) {
            return Tag.INT;
        }
        if (DECIMAL.matcher(value).matches()) {
            return Tag.FLOAT;
        }
        return Tag.STR;
    }
}
