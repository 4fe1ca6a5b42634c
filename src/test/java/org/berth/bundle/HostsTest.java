package org.berth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.berth.bundle.Bundles.AT;
import static org.berth.bundle.Bundles.parse;
import static org.berth.bundle.Bundles.warnings;

import org.junit.jupiter.api.Test;

/** Host names: case, wildcards, ports, oddities, and hosts claimed by several stanzas. */
class HostsTest {

    private static String staticFiles(String hosts) {
        return "stanzas:\n  - type: static-files\n    root: ../s\n    hosts: " + hosts + "\n";
    }

    @Test
    void wildcardsAtAnyLevelAndPortsAreOrdinary() throws Exception {
        BundleConfig config = parse(staticFiles("['*.Example.com', 'foo.*.example.com', 'localhost:8000', '[::1]:80', a_b.local]"));

        assertThat(config.stanzas().get(0).hosts())
                .containsExactly("*.example.com", "foo.*.example.com", "localhost:8000", "[::1]:80", "a_b.local");
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void oddHostsLoadWithAWarning() throws Exception {
        assertThat(warnings(staticFiles("['*', 'foo*.example.com', 'my host', '.example.com']"))).containsExactly(
                AT + "4: key 'stanzas[0].hosts[0]': host '*' matches only one-label names such as localhost (a '*'"
                        + " stands for exactly one label, as in Keter); it is not a catch-all",
                AT + "4: key 'stanzas[0].hosts[1]': in 'foo*.example.com' the '*' is matched literally: it is a wildcard"
                        + " only as a whole label",
                AT + "4: key 'stanzas[0].hosts[2]': 'my host' is not a valid host name; no request will match it",
                AT + "4: key 'stanzas[0].hosts[3]': '.example.com' is not a valid host name; no request will match it");
    }

    @Test
    void aHostNamedByTwoStanzasBelongsToTheEarliest() throws Exception {
        BundleConfig config = parse("""
                stanzas:
                  - type: redirect
                    hosts: [example.com]
                    actions: [{host: www.example.com}]
                  - type: webapp
                    exec: ../app
                    hosts: [www.example.com, Example.com]
                  - type: reverse-proxy
                    reversed-host: localhost
                    reversed-port: 9000
                    reversed-ssl: false
                    reversing-host: www.example.com
                """);

        assertThat(config.hostOwners()).containsEntry("example.com", config.stanzas().get(0))
                .containsEntry("www.example.com", config.stanzas().get(1));
        assertThat(warnings(config)).containsExactly(
                AT + "7: key 'stanzas[1].hosts': host 'example.com' is already served by the redirect stanza at line 2,"
                        + " which keeps it (as in Keter)",
                AT + "12: key 'stanzas[2].reversing-host': host 'www.example.com' is already served by the webapp stanza"
                        + " at line 5, which keeps it (as in Keter)");
    }

    @Test
    void normalisation() {
        assertThat(HostNames.normalize("WWW.Example.COM.")).isEqualTo("www.example.com");
        assertThat(HostNames.normalize(".")).isEqualTo(".");
        assertThat(HostNames.doubt("www.example.com")).isEmpty();
        assertThat(HostNames.doubt("*.*.example.com")).isEmpty();
    }
}
