package org.berth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.berth.bundle.Bundles.AT;
import static org.berth.bundle.Bundles.errors;
import static org.berth.bundle.Bundles.parse;
import static org.berth.bundle.Bundles.stanza;
import static org.berth.bundle.Bundles.warnings;

import java.util.Optional;
import org.berth.config.AcmeChallenge;
import org.junit.jupiter.api.Test;

/** berth's {@code ssl: acme} extension: exactly that text, or a mapping naming the challenge. */
class SslAcmeTest {
    private static final String HEAD = """
            stanzas:
              - type: webapp
                exec: ../dist/bin/app
                host: app.example.com
            """;

    @Test
    void theTextAcmeAsksForAnAutomaticCertificate() throws Exception {
        BundleConfig config = parse(HEAD + "    ssl: acme\n");

        Ssl ssl = stanza(config, 0, WebAppStanza.class).ssl();
        assertThat(ssl).isEqualTo(new Ssl.Acme(Optional.empty()));
        assertThat(ssl.enabled()).as("APPROOT is https").isTrue();
        assertThat(warnings(config)).isEmpty();
    }

    @Test
    void aMappingNamesTheChallenge() throws Exception {
        BundleConfig config = parse(HEAD + "    ssl: {acme: tls-alpn-01}\n");

        assertThat(stanza(config, 0, WebAppStanza.class).ssl()).isEqualTo(new Ssl.Acme(Optional.of(AcmeChallenge.TLS_ALPN_01)));
    }

    @Test
    void staticFilesAndRedirectsTakeItToo() throws Exception {
        BundleConfig config = parse("""
                stanzas:
                  - type: static-files
                    root: ../public
                    host: files.example.com
                    ssl: acme
                """);

        assertThat(stanza(config, 0, StaticFilesStanza.class).ssl()).isEqualTo(new Ssl.Acme(Optional.empty()));
    }

    @Test
    void otherSpellingsAreStillErrorsAsInKeter() {
        assertThat(errors(HEAD + "    ssl: ACME\n")).containsExactly(AT + "5: key 'stanzas[0].ssl': expected true,"
                + " false, acme or a mapping with key and certificate, found \"ACME\"");
    }

    @Test
    void anUnknownChallengeIsAnError() {
        assertThat(errors(HEAD + "    ssl: {acme: dns-01}\n")).containsExactly(AT + "5: key 'stanzas[0].ssl.acme':"
                + " expected http-01 or tls-alpn-01, the challenge the CA should use; found \"dns-01\"");
    }

    @Test
    void acmeBesideAKeyIsAnError() {
        assertThat(errors(HEAD + "    ssl: {acme: http-01, key: /k.pem, certificate: /c.pem}\n")).containsExactly(
                AT + "5: key 'stanzas[0].ssl.acme': expected either acme or key and certificate, not both");
    }

    @Test
    void checkShowsIt() throws Exception {
        BundleConfig config = parse(HEAD + "    ssl: {acme: http-01}\n");

        assertThat(BundleConfigJson.ssl(stanza(config, 0, WebAppStanza.class).ssl(), Bundles.ROOT))
                .isEqualTo(java.util.Map.of("acme", "http-01"));
    }
}
