package org.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth's top-level {@code acme:} and {@code hsts:} keys: their forms, defaults and messages. */
class TlsSettingsReaderTest {
    @TempDir
    Path dir;

    private ConfigReport report;

    @BeforeEach
    void newReport() {
        report = new ConfigReport();
    }

    private TlsSettings read(String yaml) throws ConfigException {
        YamlMap top = YamlDocument.parse(dir.resolve("berth.yaml"), yaml, report);
        TlsSettings settings = AppSettingsReader.read(top, dir).tls();
        top.warnUnreadKeys();
        return settings;
    }

    private List<String> errors() {
        return report.errors().stream().map(problem -> problem.render().replace(dir.toString(), "DIR")).toList();
    }

    private List<String> warnings() {
        return report.warnings().stream().map(problem -> problem.render().replace(dir.toString(), "DIR")).toList();
    }

    @Test
    void withoutTheKeysThereIsNoAccountAndNoHsts() throws Exception {
        assertThat(read("")).isEqualTo(TlsSettings.NONE);
        assertThat(AppSettings.DEFAULTS.tls()).isEqualTo(TlsSettings.NONE);
        assertThat(errors()).isEmpty();
    }

    @Test
    void everyAcmeKey() throws Exception {
        Files.writeString(dir.resolve("pebble.pem"), "-----BEGIN CERTIFICATE-----\n");
        AcmeSettings acme = read("""
                acme:
                  directory: https://ca.example.net/dir
                  email: admin@example.org
                  accept-terms: true
                  all-hosts: true
                  challenges: [tls-alpn-01, http-01]
                  ca-certificates: pebble.pem
                """).acme().orElseThrow();

        assertThat(acme).isEqualTo(new AcmeSettings(URI.create("https://ca.example.net/dir"), Optional.of("admin@example.org"),
                true, true, List.of(AcmeChallenge.TLS_ALPN_01, AcmeChallenge.HTTP_01), List.of(dir.resolve("pebble.pem"))));
        assertThat(errors()).isEmpty();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void shortNamesDefaultsAndTheTermsWarning() throws Exception {
        AcmeSettings acme = read("acme: {directory: letsencrypt-staging}\n").acme().orElseThrow();

        assertThat(acme).isEqualTo(new AcmeSettings(AcmeSettings.LETS_ENCRYPT_STAGING, Optional.empty(), false, false,
                AcmeSettings.DEFAULT_CHALLENGES, List.of()));
        assertThat(warnings()).containsExactly("DIR/berth.yaml:1: key 'acme.accept-terms': no ACME account will be created"
                + " until you have read the CA's terms of service and set 'acme.accept-terms: true'");
        assertThat(read("acme: {accept-terms: true}\n").acme().orElseThrow().directory()).isEqualTo(AcmeSettings.LETS_ENCRYPT);
    }

    @Test
    void mistakesAreReportedTogetherAtTheirLines() throws Exception {
        read("""
                acme:
                  directory: http://ca.example.net/dir
                  email: admin
                  accept-terms: yes please
                  challenges: [http-01, dns-01, http-01]
                  ca-certificates: [missing.pem]
                """);

        assertThat(errors()).containsExactly(
                "DIR/berth.yaml:2: key 'acme.directory': expected the CA's ACME directory as an https URL (ACME needs "
                        + "HTTPS), or letsencrypt or letsencrypt-staging; found \"http://ca.example.net/dir\"",
                "DIR/berth.yaml:3: key 'acme.email': expected one e-mail address like admin@example.org; found \"admin\"",
                "DIR/berth.yaml:4: key 'acme.accept-terms': expected true or false, found \"yes please\"",
                "DIR/berth.yaml:5: key 'acme.challenges': expected http-01 or tls-alpn-01 (berth answers no other ACME "
                        + "challenge); found \"dns-01\"",
                "DIR/berth.yaml:5: key 'acme.challenges': expected each challenge once; http-01 is listed twice",
                "DIR/berth.yaml:6: key 'acme.ca-certificates': file DIR/missing.pem not found; expected a readable PEM file "
                        + "of CA certificates (a relative path starts at the config file's folder)");
    }

    @Test
    void hstsForms() throws Exception {
        assertThat(read("hsts: true\n").hsts()).isEqualTo(HstsSettings.ON);
        assertThat(read("hsts: false\n").hsts()).isEqualTo(HstsSettings.OFF);
        HstsSettings full = read("hsts: {max-age: 2y, include-subdomains: true, preload: true}\n").hsts();
        assertThat(full).isEqualTo(new HstsSettings(true, Duration.ofDays(730), true, true));
        assertThat(full.headerValue()).isEqualTo("max-age=63072000; includeSubDomains; preload");
        assertThat(read("hsts: {max-age: 180d}\n").hsts().headerValue()).isEqualTo("max-age=15552000");
        assertThat(HstsSettings.ON.headerValue()).isEqualTo("max-age=31536000");
        assertThat(errors()).isEmpty();
    }

    @Test
    void hstsMistakes() throws Exception {
        read("""
                hsts:
                  max-age: forever
                  preload: true
                """);
        read("hsts: 1y\n");

        assertThat(errors()).containsExactly(
                "DIR/berth.yaml:2: key 'hsts.max-age': expected a duration like 1y, 180d or 0s (0s tells browsers to "
                        + "forget the rule); found \"forever\"",
                "DIR/berth.yaml:3: key 'hsts.preload': expected include-subdomains: true and a max-age of at least 1y "
                        + "with preload (browsers' preload lists accept nothing less)",
                "DIR/berth.yaml:1: key 'hsts': expected true, false or a mapping like {max-age: 1y, include-subdomains: "
                        + "true}; found \"1y\"");
    }
}
