package org.berth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.berth.bundle.Bundles.AT;
import static org.berth.bundle.Bundles.errors;
import static org.berth.bundle.Bundles.parse;
import static org.berth.bundle.Bundles.stanza;
import static org.berth.bundle.Bundles.warnings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.berth.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format selection and the general reading rules of keter-compat.md ("How Keter 2.3.5 parses"). */
class BundleConfigParserTest {

    private static final String WEBAPP = """
            stanzas:
              - type: webapp
                exec: ../app
                host: example.com
            """;

    // --- format selection ----------------------------------------------------------------------

    @Test
    void aStanzasKeySelectsTheCurrentFormatAndOtherTopLevelKeysAreIgnoredWithAWarning() throws Exception {
        BundleConfig config = parse(WEBAPP + """
                exec: ../other
                host: other.example.com
                static-hosts:
                  - {host: a, root: b}
                """);

        assertThat(config.stanzas()).hasSize(1);
        assertThat(stanza(config, 0, WebAppStanza.class).exec()).isEqualTo(Bundles.inBundle("app"));
        assertThat(warnings(config)).containsExactly(
                AT + "5: key 'exec': ignored: beside stanzas, Keter reads only plugins at the top level",
                AT + "6: key 'host': ignored: beside stanzas, Keter reads only plugins at the top level",
                AT + "7: key 'static-hosts': ignored: beside stanzas, Keter reads only plugins at the top level");
    }

    @Test
    void yesodKeysAreKnownAndSilentInBothFormats() throws Exception {
        String yesod = """
                copy-to: user@host:/opt/keter/incoming
                copy-to-port: 2222
                copy-to-args: ["-l 1024"]
                copy-to-anything: x
                user-edited: false
                extraFiles: [../migrations]
                """;
        assertThat(warnings(WEBAPP + yesod)).isEmpty();
        assertThat(warnings("exec: ../app\nhost: example.com\n" + yesod)).isEmpty();
    }

    @Test
    void anEmptyStanzaListIsAnAppWithoutStanzas() throws Exception {
        BundleConfig config = parse("stanzas: []\n");

        assertThat(config.stanzas()).isEmpty();
        assertThat(warnings(config)).containsExactly(Bundles.CONFIG + ": no stanzas: this bundle runs and serves nothing");
    }

    @Test
    void stanzasWithoutAValueIsAnError() {
        assertThat(errors("stanzas:\nplugins: {postgres: true}\n"))
                .containsExactly(AT + "1: key 'stanzas': expected a list of stanzas, found nothing (null)");
    }

    @Test
    void stanzasMustBeAListOfMappings() {
        assertThat(errors("stanzas: webapp\n"))
                .containsExactly(AT + "1: key 'stanzas': expected a list of stanzas, found \"webapp\"");
        assertThat(errors("stanzas:\n  - webapp\n"))
                .containsExactly(AT + "2: key 'stanzas[0]': expected a stanza (a mapping with a type key), found \"webapp\"");
    }

    @Test
    void anUnknownStanzaTypeRefusesTheBundle() {
        assertThat(errors(WEBAPP + """
                  - type: cron
                    exec: ../job
                """)).containsExactly(AT + "5: key 'stanzas[1].type': unknown stanza type \"cron\"; expected webapp,"
                + " static-files, redirect, reverse-proxy or background (Keter refuses the bundle too)");
    }

    @Test
    void aStanzaWithoutTypeIsAnError() {
        assertThat(errors("stanzas:\n  - exec: ../app\n    host: a\n")).containsExactly(AT + "2: key 'stanzas[0].type':"
                + " required key is missing; expected the stanza type: webapp, static-files, redirect, reverse-proxy or background");
    }

    @Test
    void unknownStanzaKeysAreWarningsWithKeyAndLine() throws Exception {
        assertThat(warnings(WEBAPP + "    exex: ../typo\n    directory-listing: true\n")).containsExactly(
                AT + "5: key 'stanzas[0].exex': unknown key for a webapp stanza, ignored",
                AT + "6: key 'stanzas[0].directory-listing': unknown key for a webapp stanza, ignored");
    }

    // --- YAML 1.1 scalars as Keter reads them ----------------------------------------------------

    @Test
    void unquotedBooleansWhereTextIsNeededAreErrorsThatSayToQuote() {
        assertThat(errors(WEBAPP + """
                    args: [yes, "no", On]
                    env:
                      DEBUG: y
                      QUIET: "off"
                """)).containsExactly(
                AT + "5: key 'stanzas[0].args[0]': expected text, found the boolean yes; put it in quotes (\"yes\") to make it text",
                AT + "5: key 'stanzas[0].args[2]': expected text, found the boolean On; put it in quotes (\"On\") to make it text",
                AT + "7: key 'stanzas[0].env.DEBUG': expected text, found the boolean y; put it in quotes (\"y\") to make it text");
    }

    @Test
    void unquotedNumbersWhereTextIsNeededAreErrors() {
        assertThat(errors(WEBAPP + """
                    args: [0, "1", 1e3, 0x1F]
                    forward-env: [12]
                """)).containsExactly(
                AT + "5: key 'stanzas[0].args[0]': expected text, found the number 0; put it in quotes (\"0\") to make it text",
                AT + "5: key 'stanzas[0].args[2]': expected text, found the number 1e3; put it in quotes (\"1e3\") to make it text",
                AT + "5: key 'stanzas[0].args[3]': expected text, found the number 0x1F; put it in quotes (\"0x1F\") to make it text",
                AT + "6: key 'stanzas[0].forward-env[0]': expected text, found the number 12; put it in quotes (\"12\") to make it text");
    }

    @Test
    void scalarsThatAreTextForKeterStayText() throws Exception {
        // SnakeYAML alone would read these as numbers or timestamps; Keter's YAML library reads text.
        WebAppStanza web = stanza(parse(WEBAPP + "    args: [1_000, .inf, '1:20', 2001-12-14, yes please, -v]\n"), 0, WebAppStanza.class);

        assertThat(web.args()).containsExactly("1_000", ".inf", "1:20", "2001-12-14", "yes please", "-v");
    }

    @Test
    void booleansTakeEveryYaml11Spelling() throws Exception {
        for (String yes : List.of("true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y")) {
            assertThat(stanza(parse(WEBAPP + "    requires-secure: " + yes + "\n"), 0, WebAppStanza.class).requiresSecure())
                    .as(yes).isTrue();
        }
        for (String no : List.of("false", "no", "NO", "Off", "n", "N")) {
            assertThat(stanza(parse(WEBAPP + "    requires-secure: " + no + "\n"), 0, WebAppStanza.class).requiresSecure())
                    .as(no).isFalse();
        }
    }

    @Test
    void aQuotedBooleanIsText() {
        assertThat(errors(WEBAPP + "    requires-secure: \"true\"\n")).containsExactly(AT + "5: key 'stanzas[0].requires-secure':"
                + " expected true or false, found \"true\"; remove the quotes to make it a boolean");
    }

    @Test
    void aQuotedNumberIsText() {
        assertThat(errors(WEBAPP + "    ensure-alive-time-bound: \"5000000\"\n")).containsExactly(AT + "5: key"
                + " 'stanzas[0].ensure-alive-time-bound': expected a whole number of microseconds from 1 (1000000 = 1 second),"
                + " found \"5000000\"; remove the quotes to make it a number");
    }

    // --- null, repeats, all errors at once -------------------------------------------------------

    @Test
    void nullForAnOptionalKeyMeansAbsent() throws Exception {
        WebAppStanza web = stanza(parse(WEBAPP + """
                    args:
                    env: ~
                    ssl: null
                    forward-env: Null
                    middleware:
                    connection-time-bound:
                """), 0, WebAppStanza.class);

        assertThat(web.args()).isEmpty();
        assertThat(web.env()).isEmpty();
        assertThat(web.ssl()).isEqualTo(Ssl.OFF);
        assertThat(web.forwardEnv()).isEmpty();
        assertThat(web.middleware()).isEmpty();
        assertThat(web.connectionTimeBound()).isEmpty();
    }

    @Test
    void nullForARequiredKeyIsAnError() {
        assertThat(errors("stanzas:\n  - type: webapp\n    exec:\n    host: a\n")).containsExactly(
                AT + "3: key 'stanzas[0].exec': expected the path of the program to run, found nothing (null)");
    }

    @Test
    void aMissingRequiredKeyIsAnErrorAtTheStanza() {
        assertThat(errors("stanzas:\n  - type: webapp\n    host: a\n")).containsExactly(
                AT + "2: key 'stanzas[0].exec': required key is missing; expected the path of the program to run");
    }

    @Test
    void aNullEnvValueIsAnError() {
        assertThat(errors(WEBAPP + "    env:\n      EMPTY:\n")).containsExactly(
                AT + "6: key 'stanzas[0].env.EMPTY': expected a text value, found nothing (null)");
    }

    @Test
    void aRepeatedKeyKeepsTheLastValueWithAWarning() throws Exception {
        BundleConfig config = parse(WEBAPP + "    args: [first]\n    args: [second]\n");

        assertThat(stanza(config, 0, WebAppStanza.class).args()).containsExactly("second");
        assertThat(warnings(config)).containsExactly(AT + "6: key 'stanzas[0].args': repeated key; the last value is used");
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        assertThat(errors("""
                stanzas:
                  - type: webapp
                    host: a
                  - type: static-files
                    root: 5
                    hosts: [b]
                  - type: background
                    exec: ../job
                    restart-count: forever
                """)).containsExactly(
                AT + "2: key 'stanzas[0].exec': required key is missing; expected the path of the program to run",
                AT + "5: key 'stanzas[1].root': expected text, found the number 5; put it in quotes (\"5\") to make it text",
                AT + "9: key 'stanzas[2].restart-count': expected unlimited or a whole number of restarts from 0 to"
                        + " 2147483647, found \"forever\"");
    }

    // --- the file itself -------------------------------------------------------------------------

    @Test
    void invalidYamlNamesTheLine() {
        assertThat(errors("stanzas:\n  - type: webapp\n   exec: [unclosed\n")).containsExactly(
                AT + "3: not valid YAML: expected <block end>, but found '<block mapping start>'");
    }

    @Test
    void theTopLevelMustBeAMapping() {
        assertThat(errors("- type: webapp\n")).containsExactly(
                AT + "1: expected a mapping of keys to values at the top of the file, found a list");
        assertThat(errors("")).containsExactly(
                Bundles.CONFIG + ": expected a mapping of keys to values at the top of the file, found an empty file");
    }

    @Test
    void readsTheFileAndResolvesARelativeConfigPathInsideTheBundle(@TempDir Path bundle) throws Exception {
        Files.createDirectories(bundle.resolve("config"));
        Files.writeString(bundle.resolve("config/keter.yml"), WEBAPP);

        BundleConfig config = BundleConfigParser.parse(Path.of("config/keter.yml"), bundle);

        assertThat(stanza(config, 0, WebAppStanza.class).exec()).isEqualTo(bundle.resolve("app"));
    }

    @Test
    void aMissingFileIsAClearError(@TempDir Path bundle) {
        assertThatThrownBy(() -> BundleConfigParser.parse(Path.of("config/keter.yaml"), bundle))
                .isInstanceOf(ConfigException.class)
                .hasMessage(bundle.resolve("config/keter.yaml") + ": file not found");
    }

    @Test
    void hostOwnersGiveEachHostToTheEarliestStanza() throws Exception {
        BundleConfig config = parse("""
                stanzas:
                  - type: webapp
                    exec: ../app
                    hosts: [a.example.com, b.example.com]
                  - type: static-files
                    root: ../static
                    hosts: [b.example.com, c.example.com]
                """);

        assertThat(config.hostOwners()).containsExactly(
                Map.entry("a.example.com", config.stanzas().get(0)),
                Map.entry("b.example.com", config.stanzas().get(0)),
                Map.entry("c.example.com", config.stanzas().get(1)));
        assertThat(warnings(config)).containsExactly(AT + "7: key 'stanzas[1].hosts': host 'b.example.com' is already"
                + " served by the webapp stanza at line 2, which keeps it (as in Keter)");
    }
}
