package org.berth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.berth.bundle.Bundles.AT;
import static org.berth.bundle.Bundles.errors;
import static org.berth.bundle.Bundles.parse;
import static org.berth.bundle.Bundles.stanza;
import static org.berth.bundle.Bundles.warnings;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RedirectStanzaTest {

    @Test
    void defaultsTo303() throws Exception {
        RedirectStanza redirect = stanza(parse("""
                stanzas:
                  - type: redirect
                    host: example.com
                    actions:
                      - host: www.example.com
                """), 0, RedirectStanza.class);

        assertThat(redirect).isEqualTo(new RedirectStanza(List.of("example.com"), List.of(new RedirectAction(Optional.empty(),
                new RedirectTarget.HostTarget("www.example.com", false, OptionalInt.empty()))), 303, Ssl.OFF, false, 2));
    }

    @Test
    void everyKindOfAction() throws Exception {
        BundleConfig config = parse("""
                stanzas:
                  - type: redirect
                    hosts: [old.example.com]
                    status: 307
                    requires-secure: true
                    ssl: true
                    actions:
                      - path: /blog
                        url: https://blog.example.com/
                      - path: /shop
                        host: shop.example.com
                        secure: true
                        port: 8443
                      - host: www.example.com
                """);

        assertThat(stanza(config, 0, RedirectStanza.class)).isEqualTo(new RedirectStanza(List.of("old.example.com"), List.of(
                new RedirectAction(Optional.of("/blog"), new RedirectTarget.UrlTarget("https://blog.example.com/")),
                new RedirectAction(Optional.of("/shop"), new RedirectTarget.HostTarget("shop.example.com", true, OptionalInt.of(8443))),
                new RedirectAction(Optional.empty(), new RedirectTarget.HostTarget("www.example.com", false, OptionalInt.empty()))),
                307, Ssl.ON, true, 2));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void urlWinsOverHost() throws Exception {
        BundleConfig config = parse("stanzas:\n  - {type: redirect, host: a, actions: [{url: 'http://b/', host: c, port: 1}]}\n");

        assertThat(stanza(config, 0, RedirectStanza.class).actions())
                .containsExactly(new RedirectAction(Optional.empty(), new RedirectTarget.UrlTarget("http://b/")));
        assertThat(warnings(config)).containsExactly(
                AT + "2: key 'stanzas[0].actions[0].host': ignored: url is given too, and Keter then uses url");
    }

    @Test
    void oddButAcceptedValuesWarn() throws Exception {
        assertThat(warnings("""
                stanzas:
                  - type: redirect
                    host: a
                    status: 200
                    actions:
                      - {path: blog, url: 'http://b/'}
                """)).containsExactly(
                AT + "6: key 'stanzas[0].actions[0].path': never matches: request paths start with /",
                AT + "4: key 'stanzas[0].status': 200 is not a redirect status; Keter sends it with a Location header anyway");
        assertThat(warnings("stanzas:\n  - {type: redirect, host: a, actions: []}\n"))
                .containsExactly(AT + "2: key 'stanzas[0].actions': no actions: every request gets a 404");
    }

    @Test
    void mistakes() {
        assertThat(errors("stanzas:\n  - type: redirect\n    host: a\n")).containsExactly(
                AT + "2: key 'stanzas[0].actions': required key is missing; expected a list of redirect actions");
        assertThat(errors("""
                stanzas:
                  - type: redirect
                    host: a
                    status: "301"
                    actions:
                      - path: /x
                      - host: b
                        port: 70000
                        secure: "yes"
                      - www.example.com
                """)).containsExactly(
                AT + "4: key 'stanzas[0].status': expected a whole number from 100 to 999, found \"301\"; remove the"
                        + " quotes to make it a number",
                AT + "6: key 'stanzas[0].actions[0].url': required key is missing; expected url (the URL to send the"
                        + " client to) or host (a host to send it to, keeping the path)",
                AT + "9: key 'stanzas[0].actions[1].secure': expected true or false, found \"yes\"; remove the quotes to"
                        + " make it a boolean",
                AT + "8: key 'stanzas[0].actions[1].port': expected a whole number from 1 to 65535, found the number 70000",
                AT + "10: key 'stanzas[0].actions[2]': expected a redirect action (a mapping with url (the URL to send"
                        + " the client to) or host (a host to send it to, keeping the path)), found \"www.example.com\"");
    }
}
