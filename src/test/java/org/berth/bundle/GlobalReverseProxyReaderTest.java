package org.berth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.berth.config.BerthConfig;
import org.berth.config.ConfigException;
import org.berth.config.ConfigLoader;
import org.berth.config.ConfigProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keter's global {@code reverse-proxy} stanzas in {@code berth.yaml}, loaded as berth server loads them:
 * the config loader keeps them as written, the bundle's reverse-proxy stanza reader reads them; errors
 * and warnings name berth.yaml, the line and the key.
 */
class GlobalReverseProxyReaderTest {
    @TempDir
    Path dir;

    private BerthConfig load(String yaml) throws Exception {
        Path file = dir.resolve("berth.yaml");
        Files.writeString(file, "root: data\nport: 8080\n" + yaml);
        return new ConfigLoader(dir).load(file);
    }

    private GlobalReverseProxyStanzas read(String yaml) throws Exception {
        return GlobalReverseProxyReader.read(load(yaml).apps().globalReverseProxies());
    }

    private List<String> rendered(List<ConfigProblem> problems) {
        return problems.stream().map(problem -> problem.render().replace(dir.toString(), "DIR")).toList();
    }

    private List<String> errors(String yaml) throws Exception {
        BerthConfig config = load(yaml);
        try {
            GlobalReverseProxyReader.read(config.apps().globalReverseProxies());
        } catch (ConfigException e) {
            return rendered(e.problems());
        }
        throw new AssertionError("expected errors");
    }

    @Test
    void readsEachEntryWithTheStanzaReadersKeysAndDefaults() throws Exception {
        GlobalReverseProxyStanzas global = read("""
                reverse-proxy:
                  - reversed-host: backend.internal
                    reversed-port: 9000
                    reversed-ssl: false
                    reversing-host: API.example.com
                  - reversed-host: 10.0.0.7
                    reversed-port: 8443
                    reversed-ssl: yes
                    reversing-host: admin.example.com
                    ssl: true
                    timeout: 30000000
                    preserve-host: y
                    rewrite-response:
                      - {header: Location, from: 'http://10.0.0.7:8443', to: 'https://admin.example.com'}
                """);

        assertThat(global.warnings()).isEmpty();
        assertThat(global.stanzas()).hasSize(2);
        ReverseProxyStanza api = global.stanzas().get(0);
        assertThat(api.reversedHost()).isEqualTo("backend.internal");
        assertThat(api.reversedPort()).isEqualTo(9000);
        assertThat(api.reversedSsl()).isFalse();
        assertThat(api.hosts()).containsExactly("api.example.com");
        assertThat(api.ssl()).isEqualTo(Ssl.OFF);
        assertThat(api.line()).isEqualTo(4);
        ReverseProxyStanza admin = global.stanzas().get(1);
        assertThat(admin.reversedSsl()).as("an unquoted yes is a boolean, as in Keter").isTrue();
        assertThat(admin.ssl()).isEqualTo(Ssl.ON);
        assertThat(admin.timeout()).contains(Duration.ofSeconds(30));
        assertThat(admin.preserveHost()).as("a plain y is Keter's boolean (SnakeYAML reads text): typed as in a bundle")
                .isTrue();
        assertThat(admin.rewriteResponse()).extracting(HeaderRewrite::header).containsExactly("Location");
        assertThat(global.hostOwners()).containsOnlyKeys("api.example.com", "admin.example.com");
    }

    @Test
    void errorsNameBerthYamlTheLineAndTheKeyAndComeAllAtOnce() throws Exception {
        assertThat(errors("""
                reverse-proxy:
                  - reversed-host: backend.internal
                    reversed-port: "9000"
                    reversed-ssl: false
                    reversing-host: api.example.com
                  - reversed-port: 70000
                    reversed-ssl: maybe
                    reversing-host: admin.example.com
                    rewrite-request:
                      - {header: Host, from: '(', to: x}
                """)).containsExactly(
                "DIR/berth.yaml:5: key 'reverse-proxy[0].reversed-port': expected a whole number from 1 to 65535, "
                        + "found \"9000\"; remove the quotes to make it a number",
                "DIR/berth.yaml:8: key 'reverse-proxy[1].reversed-host': required key is missing; expected the "
                        + "backend's host name or address",
                "DIR/berth.yaml:8: key 'reverse-proxy[1].reversed-port': expected a whole number from 1 to 65535, "
                        + "found the number 70000",
                "DIR/berth.yaml:9: key 'reverse-proxy[1].reversed-ssl': expected true or false, found \"maybe\"; "
                        + "remove the quotes to make it a boolean",
                "DIR/berth.yaml:12: key 'reverse-proxy[1].rewrite-request[0].from': expected a regular expression, "
                        + "found \"(\": Unclosed group at index 1");
    }

    @Test
    void warningsForWhatKeterWouldSayOtherwise() throws Exception {
        GlobalReverseProxyStanzas global = read("""
                reverse-proxy:
                  - type: reverse-proxy
                    reversed-host: backend.internal
                    reversed-port: 9000
                    reversing-host: api.example.com
                    requires-secure: true
                    reversing-port: 9000
                  - reversed-host: other.internal
                    reversed-port: 9001
                    reversed-ssl: false
                    reversing-host: api.example.com
                """);

        assertThat(rendered(global.warnings())).containsExactly(
                "DIR/berth.yaml:8: key 'reverse-proxy[0].requires-secure': Keter ignores this key in a global "
                        + "reverse-proxy stanza (only a bundle's stanza has it); berth applies it",
                "DIR/berth.yaml:4: key 'reverse-proxy[0].reversed-ssl': missing; berth uses false, but Keter refuses a "
                        + "reverse-proxy stanza without this key (reversed-ssl: false keeps both happy)",
                "DIR/berth.yaml:9: key 'reverse-proxy[0].reversing-port': unknown key for a global reverse-proxy stanza, "
                        + "ignored",
                "DIR/berth.yaml:13: key 'reverse-proxy[1].reversing-host': host 'api.example.com' is already served by "
                        + "the reverse-proxy stanza at line 4, which keeps it (as in Keter)");
        assertThat(global.stanzas().get(0).requiresSecure()).isTrue();
        assertThat(global.hostOwners().get("api.example.com").reversedHost()).isEqualTo("backend.internal");
    }

    @Test
    void aFileWithListenersIgnoresThemAsKeterDoes() throws Exception {
        Path file = dir.resolve("berth.yaml");
        Files.writeString(file, """
                listeners:
                  - port: 8080
                reverse-proxy:
                  - reversed-host: backend.internal
                """);
        BerthConfig config = new ConfigLoader(dir).load(file);

        assertThat(GlobalReverseProxyReader.read(config.apps().globalReverseProxies())).isEqualTo(GlobalReverseProxyStanzas.NONE);
        assertThat(rendered(config.warnings())).contains("DIR/berth.yaml:3: key 'reverse-proxy': ignored: this file has "
                + "'listeners', and with it Keter ignores this legacy key too");
    }

    @Test
    void aBrokenEntryShapeIsAConfigLoadError() {
        assertThatThrownBy(() -> load("reverse-proxy:\n  - 42\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("berth.yaml:4: key 'reverse-proxy[0]': expected a reverse-proxy stanza");
    }
}
