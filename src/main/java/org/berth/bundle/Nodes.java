package org.berth.bundle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Questions about single YAML nodes, typed by {@link KeterResolver}. Nothing here reports. */
final class Nodes {
    private Nodes() {
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    static boolean isBool(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL);
    }

    static boolean isNumber(Node node) {
        return node instanceof ScalarNode scalar
                && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT));
    }

    /** Text as Keter means it: a scalar that is neither null, boolean nor number. */
    static boolean isText(Node node) {
        return node instanceof ScalarNode && !isNull(node) && !isBool(node) && !isNumber(node);
    }

    static Optional<String> text(Node node) {
        return isText(node) ? Optional.of(((ScalarNode) node).getValue()) : Optional.empty();
    }

    static boolean isTextList(Node node) {
        return node instanceof SequenceNode sequence && sequence.getValue().stream().allMatch(Nodes::isText);
    }

    static boolean boolValue(Node node) {
        return switch (((ScalarNode) node).getValue().toLowerCase(Locale.ROOT)) {
            case "y", "yes", "on", "true" -> true;
            default -> false;
        };
    }

    /** The value of a number scalar, read as Keter reads it (hex and octal literals included). */
    static Optional<BigDecimal> number(Node node) {
        if (!isNumber(node)) {
            return Optional.empty();
        }
        String text = ((ScalarNode) node).getValue();
        try {
            if (text.startsWith("0x")) {
                return Optional.of(new BigDecimal(new BigInteger(text.substring(2), 16)));
            }
            if (text.startsWith("0o")) {
                return Optional.of(new BigDecimal(new BigInteger(text.substring(2), 8)));
            }
            return Optional.of(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A whole number within long's range (10.0 counts, as in aeson); empty otherwise. */
    static Optional<Long> wholeNumber(Node node) {
        return number(node).flatMap(value -> {
            try {
                return Optional.of(value.longValueExact());
            } catch (ArithmeticException notWhole) {
                return Optional.empty();
            }
        });
    }

    /** How a value is named in messages: {@code a list}, {@code the number 0}, {@code "text"}. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        String value = ((ScalarNode) node).getValue();
        if (isNull(node)) {
            return "nothing (null)";
        }
        if (isBool(node)) {
            return "the boolean " + value;
        }
        if (isNumber(node)) {
            return "the number " + value;
        }
        return "\"" + value + "\"";
    }
}
