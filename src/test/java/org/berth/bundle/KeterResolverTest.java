package org.berth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;

/** Plain scalars typed as Haskell's yaml library (and so Keter) types them. */
class KeterResolverTest {
    private final KeterResolver resolver = new KeterResolver();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "null|null", "Null|null", "NULL|null", "~|null", "''|null",
            "y|bool", "Y|bool", "yes|bool", "Yes|bool", "YES|bool", "on|bool", "On|bool", "ON|bool",
            "true|bool", "True|bool", "TRUE|bool", "n|bool", "N|bool", "no|bool", "off|bool", "false|bool", "FALSE|bool",
            "0|int", "-12|int", "+3|int", "0x1F|int", "0o17|int",
            "1.5|float", "1.|float", "1e3|float", "-2.5E-3|float",
            "yEs|str", "nULL|str", "1_000|str", ".inf|str", ".NaN|str", "1:20|str", "0b101|str", "2001-12-14|str",
            "abc|str", "1e|str", "-|str", "0x|str", "<<|str", "=|str"})
    void typesPlainScalars(String value, String type) {
        Tag expected = switch (type) {
            case "null" -> Tag.NULL;
            case "bool" -> Tag.BOOL;
            case "int" -> Tag.INT;
            case "float" -> Tag.FLOAT;
            default -> Tag.STR;
        };
        assertThat(resolver.resolve(NodeId.scalar, value, true)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"yes", "0", "null"})
    void quotedScalarsAreText(String value) {
        assertThat(resolver.resolve(NodeId.scalar, value, false)).isEqualTo(Tag.STR);
    }
}
