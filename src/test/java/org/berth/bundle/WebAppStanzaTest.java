package org.berth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.berth.bundle.Bundles.AT;
import static org.berth.bundle.Bundles.errors;
import static org.berth.bundle.Bundles.inBundle;
import static org.berth.bundle.Bundles.parse;
import static org.berth.bundle.Bundles.stanza;
import static org.berth.bundle.Bundles.warnings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebAppStanzaTest {
    private static final String HEAD = """
            stanzas:
              - type: webapp
                exec: ../dist/bin/app
                host: app.example.com
            """;

    private static WebAppStanza web(String extra) throws Exception {
        return stanza(parse(HEAD + extra), 0, WebAppStanza.class);
    }

    @Test
    void defaultsAreKeters() throws Exception {
        assertThat(web("")).isEqualTo(new WebAppStanza(inBundle("dist/bin/app"), List.of(), Map.of(), List.of(),
                List.of("app.example.com"), Ssl.OFF, false, Optional.empty(), Duration.ofSeconds(90), List.of(), List.of(),
                Optional.empty(), Optional.empty(), 2));
    }

    @Test
    void everyKey() throws Exception {
        WebAppStanza web = web("""
                    args: [production, --port, "8080"]
                    env:
                      B_SECOND: "2"
                      A_FIRST: one
                    forward-env: [HOME, LANG, HOME]
                    ssl: true
                    requires-secure: true
                    connection-time-bound: 5000000
                    ensure-alive-time-bound: 30000000
                    port-env-vars: [HTTP_PORT, WARP_PORT]
                    middleware: [autohead]
                    health-check:
                      path: /healthz
                      expected-status: 204
                      host: Internal.Example.com
                      interval: 500ms
                      timeout: 2s
                      start-timeout: 2m
                    stop-timeout: 10s
                """);

        assertThat(web.args()).containsExactly("production", "--port", "8080");
        assertThat(web.env()).containsExactly(Map.entry("B_SECOND", "2"), Map.entry("A_FIRST", "one"));
        assertThat(web.forwardEnv()).containsExactly("HOME", "LANG");
        assertThat(web.ssl()).isEqualTo(Ssl.ON);
        assertThat(web.requiresSecure()).isTrue();
        assertThat(web.connectionTimeBound()).contains(Duration.ofSeconds(5));
        assertThat(web.ensureAliveTimeBound()).isEqualTo(Duration.ofSeconds(30));
        assertThat(web.portEnvVars()).containsExactly("HTTP_PORT", "WARP_PORT");
        assertThat(web.middleware()).containsExactly(new Middleware.Standard(Middleware.Kind.AUTOHEAD));
        assertThat(web.healthCheck()).contains(new HealthCheck("/healthz", 204, Optional.of("internal.example.com"),
                Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMinutes(2)));
        assertThat(web.stopTimeout()).contains(Duration.ofSeconds(10));
    }

    @Test
    void keterTimeBoundsAreMicroseconds() throws Exception {
        assertThat(web("    connection-time-bound: 1500\n").connectionTimeBound()).contains(Duration.ofNanos(1_500_000));
        assertThat(web("    ensure-alive-time-bound: 1\n").ensureAliveTimeBound()).isEqualTo(Duration.ofNanos(1_000));
        // 0 turns the bound off in Keter, and so does a negative value (with a warning)
        assertThat(web("    connection-time-bound: 0\n").connectionTimeBound()).contains(Duration.ZERO);
        BundleConfig negative = parse(HEAD + "    connection-time-bound: -1\n");
        assertThat(stanza(negative, 0, WebAppStanza.class).connectionTimeBound()).contains(Duration.ZERO);
        assertThat(warnings(negative)).containsExactly(
                AT + "5: key 'stanzas[0].connection-time-bound': a negative time bound means no bound, as 0 does");
    }

    @Test
    void keterTimeBoundsAreNotDurationStrings() {
        assertThat(errors(HEAD + "    connection-time-bound: 5s\n    ensure-alive-time-bound: 0\n")).containsExactly(
                AT + "5: key 'stanzas[0].connection-time-bound': expected a whole number of microseconds"
                        + " (1000000 = 1 second), found \"5s\"",
                AT + "6: key 'stanzas[0].ensure-alive-time-bound': expected a whole number of microseconds from 1"
                        + " (1000000 = 1 second), found the number 0");
    }

    @Test
    void berthDurationsNeedAUnit() {
        assertThat(errors(HEAD + "    stop-timeout: 10\n")).containsExactly(AT + "5: key 'stanzas[0].stop-timeout':"
                + " expected a duration with a unit, like 30s, 500ms, 10m or 1h; found the number 10");
    }

    @Test
    void pathsResolveAgainstTheConfigDirectoryAndAbsoluteOnesStay() throws Exception {
        assertThat(web("").exec()).isEqualTo(Path.of("/srv/bundle/dist/bin/app"));
        WebAppStanza python = stanza(parse("""
                stanzas:
                  - type: webapp
                    exec: /usr/bin/python3
                    args: [-m, http.server]
                    host: a
                """), 0, WebAppStanza.class);
        assertThat(python.exec()).isEqualTo(Path.of("/usr/bin/python3"));
        assertThat(stanza(parse("stanzas:\n  - {type: webapp, exec: bin/app, host: a}\n"), 0, WebAppStanza.class).exec())
                .isEqualTo(Path.of("/srv/bundle/config/bin/app"));
    }

    @Test
    void anEmptyExecIsAnError() {
        assertThat(errors("stanzas:\n  - {type: webapp, exec: '', host: a}\n"))
                .containsExactly(AT + "2: key 'stanzas[0].exec': expected a path, found empty text");
    }

    // --- hosts ---------------------------------------------------------------------------------------

    @Test
    void theFirstOfHostsIsTheApprootHostAndHostsAreLowerCased() throws Exception {
        WebAppStanza web = stanza(parse("""
                stanzas:
                  - type: webapp
                    exec: ../app
                    hosts: [WWW.Example.COM, example.com., www.example.com]
                """), 0, WebAppStanza.class);

        assertThat(web.hosts()).containsExactly("www.example.com", "example.com");
        assertThat(web.approotHost()).isEqualTo("www.example.com");
    }

    @Test
    void aRepeatedHostIsIgnoredWithAWarning() throws Exception {
        assertThat(warnings("stanzas:\n  - {type: webapp, exec: ../app, hosts: [a.com, A.com]}\n"))
                .containsExactly(AT + "2: key 'stanzas[0].hosts[1]': repeated host 'a.com', ignored");
    }

    @Test
    void aTextHostWinsOverHosts() throws Exception {
        BundleConfig config = parse(HEAD + "    hosts: [other.example.com]\n");

        assertThat(stanza(config, 0, WebAppStanza.class).hosts()).containsExactly("app.example.com");
        assertThat(warnings(config)).containsExactly(
                AT + "5: key 'stanzas[0].hosts': ignored: host is given too, and Keter then uses host alone");
    }

    @Test
    void aHostThatIsNotTextFallsBackToHosts() throws Exception {
        BundleConfig config = parse("""
                stanzas:
                  - type: webapp
                    exec: ../app
                    host: [a.example.com]
                    hosts: [b.example.com]
                """);

        assertThat(stanza(config, 0, WebAppStanza.class).hosts()).containsExactly("b.example.com");
        assertThat(warnings(config)).containsExactly(
                AT + "4: key 'stanzas[0].host': ignored: expected a text value, found a list; hosts is used");
    }

    @Test
    void aWebappNeedsAHost() {
        assertThat(errors("stanzas:\n  - type: webapp\n    exec: ../app\n")).containsExactly(AT + "2: key"
                + " 'stanzas[0].hosts': required key is missing; expected hosts (a list of host names) or host (one host name)");
        assertThat(errors("stanzas:\n  - type: webapp\n    exec: ../app\n    hosts: []\n")).containsExactly(
                AT + "4: key 'stanzas[0].hosts': expected at least one host name, found an empty list");
        assertThat(errors("stanzas:\n  - type: webapp\n    exec: ../app\n    host: 1.5\n")).containsExactly(AT + "4: key"
                + " 'stanzas[0].host': expected text, found the number 1.5; put it in quotes (\"1.5\") to make it text");
        assertThat(errors("stanzas:\n  - type: webapp\n    exec: ../app\n    host: ''\n")).containsExactly(
                AT + "4: key 'stanzas[0].host': expected a host name, found empty text");
    }

    // --- ssl -----------------------------------------------------------------------------------------

    @Test
    void sslWithKeyAndCertificateIsServedBySni() throws Exception {
        BundleConfig config = parse(HEAD + """
                    ssl:
                      key: /etc/ssl/app.key
                      certificate: certs/app.pem
                      chain-certificates: [/etc/ssl/chain.pem]
                """);

        assertThat(stanza(config, 0, WebAppStanza.class).ssl()).isEqualTo(new Ssl.Certificate(Path.of("/etc/ssl/app.key"),
                Path.of("/srv/bundle/config/certs/app.pem"), List.of(Path.of("/etc/ssl/chain.pem"))));
        assertThat(warnings(config)).containsExactly(AT + "7: key 'stanzas[0].ssl.certificate': relative path"
                + " 'certs/app.pem' is read from the config/ directory: /srv/bundle/config/certs/app.pem (Keter would read"
                + " it relative to its own working directory)");
    }

    @Test
    void sslWithOnlyOneOfKeyAndCertificateIsOffWithAWarning() throws Exception {
        BundleConfig config = parse(HEAD + "    ssl:\n      certificate: /etc/ssl/app.pem\n");

        assertThat(stanza(config, 0, WebAppStanza.class).ssl()).isEqualTo(Ssl.OFF);
        assertThat(warnings(config)).containsExactly(AT + "5: key 'stanzas[0].ssl': ssl is off: the mapping needs both"
                + " key and certificate (Keter turns it off without a word)");
    }

    @Test
    void sslAsTextIsAnError() {
        assertThat(errors(HEAD + "    ssl: \"true\"\n")).containsExactly(AT + "5: key 'stanzas[0].ssl': expected true,"
                + " false, acme or a mapping with key and certificate, found \"true\"");
    }

    // --- env -----------------------------------------------------------------------------------------

    @Test
    void envAsAListOfOneKeyMappingsIsAcceptedWithAWarning() throws Exception {
        BundleConfig config = parse(HEAD + """
                    env:
                      - A: one
                      - B: two
                      - A: three
                """);

        assertThat(stanza(config, 0, WebAppStanza.class).env()).containsExactly(Map.entry("A", "three"), Map.entry("B", "two"));
        assertThat(warnings(config)).containsExactly(
                AT + "5: key 'stanzas[0].env': env is a list of NAME: value mappings; berth accepts it, but Keter"
                        + " refuses the bundle (it expects one mapping): write env as a mapping",
                AT + "8: key 'stanzas[0].env[2]': repeated variable A; the last value is used");
    }

    @Test
    void envMustOtherwiseBeAMappingOfText() {
        assertThat(errors(HEAD + "    env: [A=1]\n")).containsExactly(
                AT + "5: key 'stanzas[0].env': expected a mapping of names to text values, found a list");
        assertThat(errors(HEAD + "    env: production\n")).containsExactly(
                AT + "5: key 'stanzas[0].env': expected a mapping of names to text values, found \"production\"");
        assertThat(errors(HEAD + "    env:\n      - A: 1\n")).containsExactly(AT + "6: key 'stanzas[0].env[0].A':"
                + " expected text, found the number 1; put it in quotes (\"1\") to make it text");
    }

    // --- berth's health check ------------------------------------------------------------------------

    @Test
    void healthCheckDefaults() throws Exception {
        WebAppStanza web = web("    ensure-alive-time-bound: 60000000\n    health-check: {path: /}\n");

        assertThat(web.healthCheck()).contains(new HealthCheck("/", 200, Optional.empty(), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(60)));
    }

    @Test
    void healthCheckMistakes() {
        assertThat(errors(HEAD + """
                    health-check:
                      path: healthz
                      expected-status: 1000
                      interval: 0s
                      timeout: 5
                      retries: 3
                """)).containsExactly(
                AT + "6: key 'stanzas[0].health-check.path': expected a request path starting with /, found \"healthz\"",
                AT + "7: key 'stanzas[0].health-check.expected-status': expected a whole number from 100 to 599, found"
                        + " the number 1000",
                AT + "8: key 'stanzas[0].health-check.interval': expected a duration above zero, like 1s; found 0",
                AT + "9: key 'stanzas[0].health-check.timeout': expected a duration with a unit, like 30s, 500ms, 10m or 1h;"
                        + " found the number 5");
        assertThat(errors(HEAD + "    health-check: {}\n")).containsExactly(AT + "5: key 'stanzas[0].health-check.path':"
                + " required key is missing; expected a request path starting with /");
        assertThat(errors(HEAD + "    health-check: /healthz\n")).containsExactly(AT + "5: key 'stanzas[0].health-check':"
                + " expected a mapping of keys to values, found \"/healthz\"");
    }

    @Test
    void unknownHealthCheckKeysAreWarnings() throws Exception {
        assertThat(warnings(HEAD + "    health-check: {path: /, retries: 3}\n")).containsExactly(
                AT + "5: key 'stanzas[0].health-check.retries': unknown key in health-check, ignored");
    }

    // --- middleware ----------------------------------------------------------------------------------

    @Test
    void middlewareAsKeterAcceptsIt() throws Exception {
        BundleConfig config = parse(HEAD + """
                    middleware:
                      - basic-auth: {creds: {admin: "1234"}}
                      - local: {}
                      - headers: {X-Frame-Options: DENY}
                """);

        assertThat(stanza(config, 0, WebAppStanza.class).middleware()).containsExactly(
                new Middleware.BasicAuth(Map.of("admin", "1234"), "keter"),
                new Middleware.Local(401, "Unauthorized Accessing from Localhost ONLY"),
                new Middleware.Headers(Map.of("X-Frame-Options", "DENY")));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void middlewareMistakes() {
        assertThat(errors(HEAD + """
                    middleware:
                      - gzip
                      - basic-auth: {creds: {admin: 1234}}
                      - {local: {}, headers: {}}
                      - basic-auth: realm
                      - rate-limit: {}
                """)).containsExactly(
                AT + "6: key 'stanzas[0].middleware[0]': unknown middleware \"gzip\"; expected autohead, accept-override,"
                        + " jsonp, method-override, method-override-post, or a mapping with one key: basic-auth, headers or local",
                AT + "7: key 'stanzas[0].middleware[1].basic-auth.creds.admin': expected text, found the number 1234;"
                        + " put it in quotes (\"1234\") to make it text",
                AT + "8: key 'stanzas[0].middleware[2]': expected autohead, accept-override, jsonp, method-override,"
                        + " method-override-post, or a mapping with one key: basic-auth, headers or local, found a mapping",
                AT + "9: key 'stanzas[0].middleware[3].basic-auth': expected a mapping of settings, found \"realm\"",
                AT + "10: key 'stanzas[0].middleware[4].rate-limit': unknown middleware \"rate-limit\"; expected autohead,"
                        + " accept-override, jsonp, method-override, method-override-post, or a mapping with one key:"
                        + " basic-auth, headers or local");
    }

    @Test
    void basicAuthPasswordsAreNeverPrinted() {
        assertThat(new Middleware.BasicAuth(Map.of("admin", "s3cret"), "keter").toString()).doesNotContain("s3cret");
    }
}
