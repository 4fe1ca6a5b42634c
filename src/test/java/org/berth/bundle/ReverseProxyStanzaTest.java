package org.berth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.berth.bundle.Bundles.AT;
import static org.berth.bundle.Bundles.errors;
import static org.berth.bundle.Bundles.parse;
import static org.berth.bundle.Bundles.stanza;
import static org.berth.bundle.Bundles.warnings;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReverseProxyStanzaTest {
    private static final String HEAD = """
            stanzas:
              - type: reverse-proxy
                reversed-host: backend.internal
                reversed-port: 8080
                reversing-host: API.example.com
            """;

    @Test
    void aMissingReversedSslIsFalseWithAWarning() throws Exception {
        BundleConfig config = parse(HEAD);
        ReverseProxyStanza proxy = stanza(config, 0, ReverseProxyStanza.class);

        assertThat(proxy.reversedHost()).isEqualTo("backend.internal");
        assertThat(proxy.reversedPort()).isEqualTo(8080);
        assertThat(proxy.reversedSsl()).isFalse();
        assertThat(proxy.hosts()).containsExactly("api.example.com");
        assertThat(proxy.ssl()).isEqualTo(Ssl.OFF);
        assertThat(proxy.timeout()).isEmpty();
        assertThat(proxy.rewriteRequest()).isEmpty();
        assertThat(proxy.rewriteResponse()).isEmpty();
        assertThat(proxy.preserveHost()).isFalse();
        assertThat(proxy.middleware()).isEmpty();
        assertThat(proxy.connectionTimeBound()).isEmpty();
        assertThat(warnings(config)).containsExactly(AT + "2: key 'stanzas[0].reversed-ssl': missing; berth uses false,"
                + " but Keter refuses a reverse-proxy stanza without this key (reversed-ssl: false keeps both happy)");
    }

    @Test
    void aNullReversedSslIsWhatKeterWantsAndMeansFalse() throws Exception {
        BundleConfig config = parse(HEAD + "    reversed-ssl:\n");

        assertThat(stanza(config, 0, ReverseProxyStanza.class).reversedSsl()).isFalse();
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void everyKey() throws Exception {
        ReverseProxyStanza proxy = stanza(parse(HEAD + """
                    reversed-ssl: true
                    ssl: true
                    requires-secure: true
                    timeout: 30000000
                    rewrite-request:
                      - header: X-Original-Host
                        from: ^(.*)\\.example\\.com$
                        to: \\1.internal
                    rewrite-response:
                      - {header: Location, from: 'http://backend.internal', to: 'https://api.example.com'}
                    preserve-host: true
                    middleware: [jsonp]
                    connection-time-bound: 0
                """), 0, ReverseProxyStanza.class);

        assertThat(proxy.reversedSsl()).isTrue();
        assertThat(proxy.ssl()).isEqualTo(Ssl.ON);
        assertThat(proxy.requiresSecure()).isTrue();
        assertThat(proxy.timeout()).contains(Duration.ofSeconds(30));
        assertThat(proxy.rewriteRequest()).singleElement().satisfies(rule -> {
            assertThat(rule.header()).isEqualTo("X-Original-Host");
            assertThat(rule.from().pattern()).isEqualTo("^(.*)\\.example\\.com$");
            assertThat(rule.to()).isEqualTo("\\1.internal");
        });
        assertThat(proxy.rewriteResponse()).extracting(HeaderRewrite::header).containsExactly("Location");
        assertThat(proxy.preserveHost()).isTrue();
        assertThat(proxy.middleware()).containsExactly(new Middleware.Standard(Middleware.Kind.JSONP));
        assertThat(proxy.connectionTimeBound()).contains(Duration.ZERO);
    }

    @Test
    void anInvalidRegexIsAnErrorWithItsLine() {
        assertThat(errors(HEAD + """
                    reversed-ssl: false
                    rewrite-request:
                      - header: Host
                        from: "(unclosed"
                        to: x
                """)).containsExactly(AT + "9: key 'stanzas[0].rewrite-request[0].from': expected a regular expression,"
                + " found \"(unclosed\": Unclosed group at index 9");
    }

    @Test
    void oneRuleAppliesPerHeader() throws Exception {
        assertThat(warnings(HEAD + """
                    reversed-ssl: false
                    rewrite-response:
                      - {header: Location, from: a, to: b}
                      - {header: location, from: c, to: d}
                """)).containsExactly(AT + "9: key 'stanzas[0].rewrite-response[1]': an earlier rule rewrites location"
                + " too; Keter applies only one rule per header");
    }

    @Test
    void mistakes() {
        assertThat(errors("""
                stanzas:
                  - type: reverse-proxy
                    reversed-port: "80"
                    reversed-ssl: false
                    reversing-host: [a.example.com]
                    rewrite-request: [{header: Host, from: x}]
                    timeout: 1.5
                """)).containsExactly(
                AT + "2: key 'stanzas[0].reversed-host': required key is missing; expected the backend's host name or address",
                AT + "3: key 'stanzas[0].reversed-port': expected a whole number from 1 to 65535, found \"80\"; remove the"
                        + " quotes to make it a number",
                AT + "5: key 'stanzas[0].reversing-host': expected a text value, found a list",
                AT + "7: key 'stanzas[0].timeout': expected a whole number of microseconds (1000000 = 1 second), found"
                        + " the number 1.5",
                AT + "6: key 'stanzas[0].rewrite-request[0].to': required key is missing; expected the replacement text");
    }
}
