package org.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading Keter's global config, in both its forms, and berth's apps: block; the happy paths and defaults. */
class AppSettingsReaderTest {
    @TempDir
    Path dir;

    private ConfigReport report;

    @BeforeEach
    void newReport() {
        report = new ConfigReport();
    }

    private AppSettings read(String yaml) throws ConfigException {
        return AppSettingsReader.read(YamlDocument.parse(dir.resolve("berth.yaml"), yaml, report), dir);
    }

    private List<String> warnings() {
        return report.warnings().stream().map(problem -> problem.render().replace(dir.toString(), "DIR")).toList();
    }

    private Path file(String name, String permissions) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    // --- Keter's own files, unchanged ---------------------------------------------------------------

    @Test
    void keterReadmeSampleConfigLoadsAsItIsWithKetersDefaults() throws Exception {
        // Keter's README (seed 001): the legacy form, everything but root commented out.
        AppSettings settings = read("""
                # /opt/keter/etc/keter-config.yaml
                root: ..
                # host: host to bind to
                # port: port to listen on
                # ssl:
                #     host:
                #     port:
                #     key:
                #     certificate:
                """);

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(settings).isEqualTo(AppSettings.DEFAULTS);
        assertThat(settings.listeners()).containsExactly(
                new ListenerSpec(new BindHost(BindHost.Kind.ANY, "*"), 80, Optional.empty()));
    }

    @Test
    void keterReadmeSampleWithItsLegacyKeysFilledInLoads() throws Exception {
        Path certificate = file("certificate.pem", "rw-r--r--");
        Path key = file("key.pem", "rw-------");

        AppSettings settings = read("""
                root: ..
                host: 127.0.0.1
                port: 8080
                ssl:
                    host: "*6"
                    port: 8443
                    key: key.pem
                    certificate: certificate.pem
                    session: true
                setuid: keter
                ip-from-header: false
                connection-time-bound: 60000
                """);

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(settings.listeners()).containsExactly(
                new ListenerSpec(new BindHost(BindHost.Kind.ADDRESS_OR_NAME, "127.0.0.1"), 8080, Optional.empty()),
                new ListenerSpec(new BindHost(BindHost.Kind.ANY_PREFER_IPV6, "*6"), 8443,
                        Optional.of(new TlsListenerSpec(certificate, key, List.of(), true))));
        assertThat(settings.setuid()).contains("keter");
        assertThat(settings.connectionTimeBound()).contains(Duration.ofMinutes(1));
    }

    @Test
    void legacySslListensOn443OnEveryAddressByDefault() throws Exception {
        file("certificate.pem", "rw-r--r--");
        file("key.pem", "rw-------");

        AppSettings settings = read("""
                ssl:
                    key: key.pem
                    certificate: certificate.pem
                """);

        assertThat(report.errors()).isEmpty();
        assertThat(settings.listeners()).extracting(ListenerSpec::describe).containsExactly("*:80", "*:443 (TLS)");
        assertThat(settings.listeners().get(1).tls().orElseThrow().sessionResumption()).isFalse();
    }

    @Test
    void legacyGlobalReverseProxyStanzasAreKeptAsWrittenForTheStanzaReader() throws Exception {
        // Read as reverse-proxy stanzas above this package (bundle.GlobalReverseProxyReaderTest); served, so no warning.
        AppSettings settings = read("""
                reverse-proxy:
                  - reversed-host: api.example.org
                    reversed-port: 9000
                    reversing-host: localhost
                  - reversed-host: b.example.org
                    reversed-port: 9001
                    reversing-host: localhost
                """);

        assertThat(report.errors()).isEmpty();
        assertThat(warnings()).isEmpty();
        assertThat(settings.globalReverseProxies().count()).isEqualTo(2);
        assertThat(settings.globalReverseProxies().file()).isEqualTo(dir.resolve("berth.yaml"));
        assertThat(settings.globalReverseProxies().configFolder()).isEqualTo(dir);
        assertThat(settings.globalReverseProxies().entries()).extracting(entry -> entry.getStartMark().getLine() + 1)
                .containsExactly(2, 5);
    }

    @Test
    void aGlobalReverseProxyKeyThatIsNotAListOfMappingsIsAnError() throws Exception {
        read("""
                reverse-proxy:
                  - reversed-host: api.example.org
                  - just-a-string
                """);
        assertThat(report.errors()).extracting(problem -> problem.render().replace(dir.toString(), "DIR"))
                .containsExactly("DIR/berth.yaml:3: key 'reverse-proxy[1]': expected a reverse-proxy stanza (a mapping "
                        + "with reversed-host, reversed-port, reversed-ssl and reversing-host), found \"just-a-string\"");

        report = new ConfigReport();
        AppSettings settings = read("reverse-proxy: yes\n");
        assertThat(report.errors()).extracting(ConfigProblem::render).singleElement().asString()
                .endsWith(":1: key 'reverse-proxy': expected a list of reverse-proxy stanzas, found boolean yes");
        assertThat(settings.globalReverseProxies().isEmpty()).isTrue();
    }

    @Test
    void keterEtcSampleConfigWithIpv4ListenersLoads() throws Exception {
        // snoyberg/keter etc/keter-config.yaml, comments shortened.
        Path certificate = file("certificate.pem", "rw-r--r--");
        Path key = file("key.pem", "rw-------");

        AppSettings settings = read("""
                root: ..
                listeners:
                    # HTTP
                    - host: "*4" # Listen on all IPv4 hosts
                      #port: 80 # Could be used to modify port
                    # HTTPS
                    - host: "*4"
                      #port: 443
                      key: key.pem
                      certificate: certificate.pem
                # setuid: ubuntu
                # ip-from-header: true
                """);

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        BindHost anyIpv4 = new BindHost(BindHost.Kind.ANY_PREFER_IPV4, "*4");
        assertThat(settings.listeners()).containsExactly(
                new ListenerSpec(anyIpv4, 80, Optional.empty()),
                new ListenerSpec(anyIpv4, 443, Optional.of(new TlsListenerSpec(certificate, key, List.of(), false))));
    }

    // --- the current form, every key ----------------------------------------------------------------

    @Test
    void currentFormWithEveryKeyLoads() throws Exception {
        Path certificate = file("tls/site.crt", "rw-r--r--");
        Path key = file("tls/site.key", "rw-r-----");
        Path chain = file("tls/chain.pem", "rw-r--r--");
        Path notFound = file("errors/404.html", "rw-r--r--");
        Path noHost = file("errors/no-host.html", "rw-r--r--");
        Path proxyError = file("errors/502.html", "rw-r--r--");

        AppSettings settings = read("""
                root: /var/lib/keter
                listeners:
                  - host: "!4"
                    port: 8080
                  - host: "!6"
                    certificate: tls/site.crt
                    key: tls/site.key
                    chain-certificates: [tls/chain.pem]
                    session: true
                  - host: www.example.org
                    port: 8081
                setuid: www-data
                env:
                  TZ: Europe/Paris
                  EMPTY: ""
                ip-from-header: true
                external-http-port: 8000
                external-https-port: 8443
                connection-time-bound: 0
                rotate-logs: false
                healthcheck-path: /keter-health
                unknown-host-response-file: errors/404.html
                missing-host-response-file: %s
                proxy-exception-response-file: errors/502.html
                graceful-drain-micros: 5000000
                apps:
                  port-range: 20000-20999
                  start-timeout: 2m
                  health-timeout: 3s
                  stop-timeout: 30s
                  bundle-size-limit: 256MiB
                  bundle-entry-limit: 5000
                  keep-releases: 3
                  rescan-interval: 500ms
                  trusted-proxies: [10.0.0.0/8, 192.168.1.7, "fd00::/8"]
                access-log:
                  format: json
                """.formatted(noHost));

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(settings.listeners()).containsExactly(
                new ListenerSpec(new BindHost(BindHost.Kind.IPV4_ONLY, "!4"), 8080, Optional.empty()),
                new ListenerSpec(new BindHost(BindHost.Kind.IPV6_ONLY, "!6"), 443,
                        Optional.of(new TlsListenerSpec(certificate, key, List.of(chain), true))),
                new ListenerSpec(new BindHost(BindHost.Kind.ADDRESS_OR_NAME, "www.example.org"), 8081, Optional.empty()));
        assertThat(settings.setuid()).contains("www-data");
        assertThat(settings.env()).isEqualTo(Map.of("TZ", "Europe/Paris", "EMPTY", ""));
        assertThat(settings.ipFromHeader()).isTrue();
        assertThat(settings.externalHttpPort()).isEqualTo(8000);
        assertThat(settings.externalHttpsPort()).isEqualTo(8443);
        assertThat(settings.connectionTimeBound()).isEmpty();
        assertThat(settings.rotateLogs()).isFalse();
        assertThat(settings.healthcheckPath()).contains("/keter-health");
        assertThat(settings.responseFiles()).isEqualTo(
                new ResponseFiles(Optional.of(notFound), Optional.of(noHost), Optional.of(proxyError)));
        assertThat(settings.globalReverseProxies().count()).isZero();
        AppPolicy apps = settings.apps();
        assertThat(apps.portRange()).isEqualTo(new PortRange(20000, 20999));
        assertThat(apps.startTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(apps.healthTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(apps.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(apps.stopTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(apps.bundleSizeLimit()).isEqualTo(256L * 1024 * 1024);
        assertThat(apps.bundleEntryLimit()).isEqualTo(5000);
        assertThat(apps.keepReleases()).isEqualTo(3);
        assertThat(apps.rescanInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(apps.trustedProxies()).extracting(CidrBlock::toString)
                .containsExactly("10.0.0.0/8", "192.168.1.7/32", "fd00::/8");
        assertThat(settings.accessLog()).isEqualTo(new AccessLogSettings(true, "json"));
    }

    @Test
    void berthsOwnDrainTimeoutAppliesWithoutGracefulDrainMicros() throws Exception {
        AppSettings settings = read("""
                apps:
                  drain-timeout: 0s
                """);

        assertThat(report.errors()).isEmpty();
        assertThat(settings.apps().drainTimeout()).isZero();
    }

    @Test
    void appCrashHookGivesTheHealthCheckPathWithAWarning() throws Exception {
        AppSettings settings = read("""
                listeners: [{host: "*"}]
                app-crash-hook: /health
                """);

        assertThat(report.errors()).isEmpty();
        assertThat(settings.healthcheckPath()).contains("/health");
        assertThat(warnings()).containsExactly("DIR/berth.yaml:2: key 'app-crash-hook': read as the health-check path, "
                + "as Keter's parser does (despite its name it is no crash hook); rename it to 'healthcheck-path'");
    }

    @Test
    void emptyListenersValueMeansKetersDefaultListener() throws Exception {
        AppSettings settings = read("listeners:\n");

        assertThat(report.errors()).isEmpty();
        assertThat(settings.listeners()).containsExactly(ListenerSpec.DEFAULT);
    }

    // --- defaults -----------------------------------------------------------------------------------

    @Test
    void anEmptyFileGivesKetersAndBerthsDefaults() throws Exception {
        AppSettings settings = read("");

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(settings).isEqualTo(AppSettings.DEFAULTS);
        assertThat(settings.listeners()).extracting(ListenerSpec::describe).containsExactly("*:80");
        assertThat(settings.setuid()).isEmpty();
        assertThat(settings.env()).isEmpty();
        assertThat(settings.ipFromHeader()).isFalse();
        assertThat(settings.externalHttpPort()).isEqualTo(80);
        assertThat(settings.externalHttpsPort()).isEqualTo(443);
        assertThat(settings.connectionTimeBound()).contains(Duration.ofMillis(300_000));
        assertThat(settings.rotateLogs()).isTrue();
        assertThat(settings.healthcheckPath()).isEmpty();
        assertThat(settings.responseFiles()).isEqualTo(ResponseFiles.BUILT_IN);
        assertThat(settings.globalReverseProxies().count()).isZero();
        AppPolicy apps = settings.apps();
        assertThat(apps.portRange()).isEqualTo(new PortRange(43124, 44320));
        assertThat(apps.startTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(apps.healthTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(apps.drainTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(apps.stopTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(apps.bundleSizeLimit()).isEqualTo(1024L * 1024 * 1024);
        assertThat(apps.bundleEntryLimit()).isEqualTo(100_000);
        assertThat(apps.keepReleases()).isEqualTo(5);
        assertThat(apps.rescanInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(apps.trustedProxies()).isEmpty();
        assertThat(apps.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(apps.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.accessLog()).isEqualTo(new AccessLogSettings(true, "combined"));
    }

    @Test
    void theProxysConnectAndIdleTimeoutsAreBerthsKeysInTheAppsBlock() throws Exception {
        AppSettings settings = read("""
                apps:
                  connect-timeout: 750ms
                  idle-timeout: 2m
                """);

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(settings.apps().connectTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(settings.apps().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void theAppsBlockOfTheDocumentationShowsTheDefaults() throws Exception {
        // docs/configuration-apps.md, less trusted-proxies (whose default is none)
        AppSettings settings = read("""
                apps:
                  port-range: 43124-44320
                  start-timeout: 90s
                  health-timeout: 5s
                  drain-timeout: 20s
                  stop-timeout: 10s
                  bundle-size-limit: 1GiB
                  bundle-entry-limit: 100000
                  keep-releases: 5
                  rescan-interval: 5s
                  connect-timeout: 5s
                  idle-timeout: 60s
                """);

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(settings.apps()).isEqualTo(AppPolicy.DEFAULTS);
    }

    @Test
    void anEmptyAppsBlockGivesTheDefaults() throws Exception {
        AppSettings settings = read("apps: {}\n");

        assertThat(report.errors()).isEmpty();
        assertThat(settings.apps()).isEqualTo(AppPolicy.DEFAULTS);
    }

    @Test
    void marksEveryKeyItKnowsAsReadSoConfigLoaderWarnsOnlyAboutTheRest() throws Exception {
        YamlMap top = YamlDocument.parse(dir.resolve("berth.yaml"), """
                root: ..
                listeners: [{host: "*"}]
                host: "*"
                port: 80
                ssl: {}
                reverse-proxy: []
                setuid: keter
                env: {}
                ip-from-header: false
                external-http-port: 80
                external-https-port: 443
                connection-time-bound: 0
                rotate-logs: true
                healthcheck-path: /a
                unknown-host-response-file: null
                missing-host-response-file: null
                proxy-exception-response-file: null
                graceful-drain-micros: 1
                port-manager: {}
                cli-port: 1234
                apps: {}
                access-log: false
                typo-key: 1
                """, report);

        AppSettingsReader.read(top, dir);
        top.warnUnreadKeys();

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).extracting(ConfigProblem::key)
                .containsExactly("host", "port", "ssl", "reverse-proxy", "port-manager", "cli-port", "root", "typo-key");
    }
}
