package org.berth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.berth.bundle.Bundles.AT;
import static org.berth.bundle.Bundles.errors;
import static org.berth.bundle.Bundles.inBundle;
import static org.berth.bundle.Bundles.parse;
import static org.berth.bundle.Bundles.stanza;
import static org.berth.bundle.Bundles.warnings;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StaticFilesStanzaTest {

    @Test
    void defaults() throws Exception {
        assertThat(stanza(parse("stanzas:\n  - {type: static-files, root: ../static, host: Static.Example.com}\n"), 0,
                StaticFilesStanza.class)).isEqualTo(new StaticFilesStanza(inBundle("static"), List.of("static.example.com"),
                false, Ssl.OFF, false, List.of(), Optional.empty(), 2));
    }

    @Test
    void everyKey() throws Exception {
        StaticFilesStanza files = stanza(parse("""
                stanzas:
                  - type: static-files
                    root: /var/www
                    hosts: [a.example.com, b.example.com]
                    directory-listing: yes
                    ssl: true
                    requires-secure: true
                    middleware: [autohead]
                    connection-time-bound: 2000000
                """), 0, StaticFilesStanza.class);

        assertThat(files).isEqualTo(new StaticFilesStanza(java.nio.file.Path.of("/var/www"),
                List.of("a.example.com", "b.example.com"), true, Ssl.ON, true,
                List.of(new Middleware.Standard(Middleware.Kind.AUTOHEAD)), Optional.of(Duration.ofSeconds(2)), 2));
    }

    @Test
    void hostsComeFirstThenHost() throws Exception {
        BundleConfig config = parse("stanzas:\n  - {type: static-files, root: ../s, hosts: [a.com], host: b.com}\n");

        assertThat(config.stanzas().get(0).hosts()).containsExactly("a.com");
        assertThat(warnings(config)).containsExactly(
                AT + "2: key 'stanzas[0].host': ignored: hosts is given too, and Keter then uses hosts alone");
    }

    @Test
    void malformedHostsFallBackToHost() throws Exception {
        BundleConfig config = parse("stanzas:\n  - {type: static-files, root: ../s, hosts: a.com, host: b.com}\n");

        assertThat(config.stanzas().get(0).hosts()).containsExactly("b.com");
        assertThat(warnings(config)).containsExactly(AT + "2: key 'stanzas[0].hosts': ignored: expected a list of text"
                + " values, found \"a.com\"; host is used");
    }

    @Test
    void anEmptyHostListIsAllowedButNeverAnswers() throws Exception {
        BundleConfig config = parse("stanzas:\n  - type: static-files\n    root: ../s\n    hosts: []\n");

        assertThat(config.stanzas().get(0).hosts()).isEmpty();
        assertThat(warnings(config)).containsExactly(
                AT + "4: key 'stanzas[0].hosts': no hosts: this stanza never answers a request");
    }

    @Test
    void mistakes() {
        assertThat(errors("stanzas:\n  - type: static-files\n    hosts: [a]\n    directory-listing: 1\n")).containsExactly(
                AT + "2: key 'stanzas[0].root': required key is missing; expected the directory to serve",
                AT + "4: key 'stanzas[0].directory-listing': expected true or false, found the number 1");
        assertThat(errors("stanzas:\n  - type: static-files\n    root: ../s\n    hosts: [1, 2]\n")).containsExactly(
                AT + "4: key 'stanzas[0].hosts[0]': expected text, found the number 1; put it in quotes (\"1\") to make it text",
                AT + "4: key 'stanzas[0].hosts[1]': expected text, found the number 2; put it in quotes (\"2\") to make it text");
    }
}
