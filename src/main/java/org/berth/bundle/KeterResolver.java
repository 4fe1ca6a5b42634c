package org.berth.bundle;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
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
