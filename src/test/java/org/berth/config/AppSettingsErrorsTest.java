package org.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake is reported with file, line, key and what was expected; the path of the temp folder reads DIR. */
class AppSettingsErrorsTest {
    @TempDir
    Path dir;

    private ConfigReport report;

    @BeforeEach
    void pemFiles() throws IOException {
        report = new ConfigReport();
        for (String name : List.of("cert.pem", "key.pem")) {
            Files.writeString(dir.resolve(name), "pem");
            Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString("rw-------"));
        }
    }

    private List<String> errors(String yaml) throws ConfigException {
        AppSettingsReader.read(YamlDocument.parse(dir.resolve("berth.yaml"), yaml, report), dir);
        return report.errors().stream().map(problem -> problem.render().replace(dir.toString(), "DIR")).toList();
    }

    // --- listeners ----------------------------------------------------------------------------------

    @Test
    void certificateWithoutKey() throws Exception {
        assertThat(errors("""
                listeners:
                  - host: "*"
                    certificate: cert.pem
                """)).containsExactly("DIR/berth.yaml:3: key 'listeners[0].certificate': expected 'key' as well: "
                + "a TLS listener needs both 'certificate' and 'key'");
    }

    @Test
    void keyWithoutCertificate() throws Exception {
        assertThat(errors("""
                listeners:
                  - key: key.pem
                    port: 443
                """)).containsExactly("DIR/berth.yaml:2: key 'listeners[0].key': expected 'certificate' as well: "
                + "a TLS listener needs both 'certificate' and 'key'");
    }

    @Test
    void badBindHost() throws Exception {
        assertThat(errors("""
                listeners:
                  - host: "*5"
                  - host: 10.0.0.300
                """)).containsExactly(
                "DIR/berth.yaml:2: key 'listeners[0].host': expected \"*\", \"*4\", \"*6\", \"!4\", \"!6\", an IP address "
                        + "or a host name; found \"*5\"",
                "DIR/berth.yaml:3: key 'listeners[1].host': expected \"*\", \"*4\", \"*6\", \"!4\", \"!6\", an IP address "
                        + "or a host name; found \"10.0.0.300\"");
    }

    @Test
    void portOutOfRange() throws Exception {
        assertThat(errors("""
                listeners:
                  - port: 0
                  - port: 65536
                  - port: http
                """)).containsExactly(
                "DIR/berth.yaml:2: key 'listeners[0].port': expected a whole number from 1 to 65535, found 0",
                "DIR/berth.yaml:3: key 'listeners[1].port': expected a whole number from 1 to 65535, found 65536",
                "DIR/berth.yaml:4: key 'listeners[2].port': expected a whole number from 1 to 65535, found \"http\"");
    }

    @Test
    void emptyListenerList() throws Exception {
        assertThat(errors("listeners: []\n"))
                .containsExactly("DIR/berth.yaml:1: key 'listeners': expected at least one listener, like - host: \"*\"");
    }

    @Test
    void listenersNotAList() throws Exception {
        assertThat(errors("listeners: {host: \"*\"}\n"))
                .containsExactly("DIR/berth.yaml:1: key 'listeners': expected a list of mappings, found a mapping");
    }

    @Test
    void twoListenersOnOneHostAndPort() throws Exception {
        assertThat(errors("""
                listeners:
                  - host: "*4"
                  - host: "*4"
                    port: 443
                    certificate: cert.pem
                    key: key.pem
                  - host: "*4"
                    port: 80
                """)).containsExactly("DIR/berth.yaml:8: key 'listeners[2].port': listeners[0] already listens on *4:80; "
                + "expected each host and port once");
    }

    @Test
    void missingCertificateFiles() throws Exception {
        Files.createDirectories(dir.resolve("tls"));
        assertThat(errors("""
                listeners:
                  - certificate: missing.pem
                    key: tls
                    chain-certificates:
                      - cert.pem
                      - chain.pem
                """)).containsExactly(
                "DIR/berth.yaml:2: key 'listeners[0].certificate': file DIR/missing.pem not found; expected a readable "
                        + "PEM file (a relative path starts at the config file's folder)",
                "DIR/berth.yaml:3: key 'listeners[0].key': DIR/tls is not a regular file; expected a readable PEM file "
                        + "(a relative path starts at the config file's folder)",
                "DIR/berth.yaml:6: key 'listeners[0].chain-certificates[1]': file DIR/chain.pem not found; expected a "
                        + "readable PEM file (a relative path starts at the config file's folder)");
    }

    @Test
    void legacySslWithoutKey() throws Exception {
        assertThat(errors("""
                root: ..
                ssl:
                  certificate: cert.pem
                """)).containsExactly("DIR/berth.yaml:3: key 'ssl.key': required key is missing; expected the key file "
                + "(PEM) of the TLS listener");
    }

    @Test
    void legacyHostAndPort() throws Exception {
        assertThat(errors("""
                host: "* "
                port: "80"
                """)).containsExactly(
                "DIR/berth.yaml:1: key 'host': expected \"*\", \"*4\", \"*6\", \"!4\", \"!6\", an IP address or a host "
                        + "name; found \"* \"",
                "DIR/berth.yaml:2: key 'port': expected a whole number from 1 to 65535, found \"80\"");
    }

    @Test
    void legacySslOnTheSamePortAsThePlainListener() throws Exception {
        assertThat(errors("""
                port: 443
                ssl:
                  certificate: cert.pem
                  key: key.pem
                """)).containsExactly("DIR/berth.yaml:3: key 'ssl.port': the 'host'/'port' listener already listens "
                + "on *:443; expected each host and port once");
    }

    @Test
    void legacyReverseProxyNotAList() throws Exception {
        assertThat(errors("reverse-proxy: {reversed-host: a.example.org}\n")).containsExactly(
                "DIR/berth.yaml:1: key 'reverse-proxy': expected a list of reverse-proxy stanzas, found a mapping");
    }

    // --- the other global keys ----------------------------------------------------------------------

    @Test
    void badSetuid() throws Exception {
        assertThat(errors("setuid: \"web user\"\n"))
                .containsExactly("DIR/berth.yaml:1: key 'setuid': expected a user name like www-data; found \"web user\"");
    }

    @Test
    void badEnvironment() throws Exception {
        assertThat(errors("""
                env:
                  A=B: x
                  EMPTY:
                  PORT: 3000
                  OK: fine
                """)).containsExactly(
                "DIR/berth.yaml:2: key 'env.A=B': expected a variable name without '=' or NUL; found \"A=B\"",
                "DIR/berth.yaml:3: key 'env.EMPTY': expected a text value, found nothing (null); write \"\" for an empty value",
                "DIR/berth.yaml:4: key 'env.PORT': expected text, found the number 3000; put it in quotes (\"3000\") to make it text");
    }

    @Test
    void externalPorts() throws Exception {
        assertThat(errors("""
                external-http-port: 0
                external-https-port: yes
                """)).containsExactly(
                "DIR/berth.yaml:1: key 'external-http-port': expected a whole number from 1 to 65535, found 0",
                "DIR/berth.yaml:2: key 'external-https-port': expected a whole number from 1 to 65535, found boolean yes");
    }

    @Test
    void connectionTimeBoundIsKetersMilliseconds() throws Exception {
        assertThat(errors("connection-time-bound: 5m\n")).containsExactly("DIR/berth.yaml:1: key 'connection-time-bound': "
                + "expected a whole number of milliseconds, 0 for no limit (Keter's unit; 300000 = 5 minutes); found \"5m\"");
    }

    @Test
    void negativeConnectionTimeBound() throws Exception {
        assertThat(errors("connection-time-bound: -1\n")).containsExactly("DIR/berth.yaml:1: key 'connection-time-bound': "
                + "expected a whole number of milliseconds, 0 for no limit (Keter's unit; 300000 = 5 minutes); found number -1");
    }

    @Test
    void gracefulDrainMicrosIsKetersMicroseconds() throws Exception {
        assertThat(errors("graceful-drain-micros: 20s\n")).containsExactly("DIR/berth.yaml:1: key 'graceful-drain-micros': "
                + "expected a whole number of microseconds, 0 or more (Keter's unit; 20000000 = 20 seconds); found \"20s\"");
    }

    @Test
    void bothDrainKeys() throws Exception {
        assertThat(errors("""
                graceful-drain-micros: 1000000
                apps:
                  drain-timeout: 1s
                """)).containsExactly("DIR/berth.yaml:3: key 'apps.drain-timeout': expected either 'graceful-drain-micros' "
                + "(Keter's, at the top) or 'apps.drain-timeout', not both");
    }

    @Test
    void bothHealthCheckKeys() throws Exception {
        assertThat(errors("""
                listeners: [{}]
                healthcheck-path: /health
                app-crash-hook: /health
                """)).containsExactly("DIR/berth.yaml:3: key 'app-crash-hook': expected either 'healthcheck-path' or "
                + "'app-crash-hook' (Keter's name for the same setting), not both");
    }

    @Test
    void healthCheckPathWithoutSlash() throws Exception {
        assertThat(errors("healthcheck-path: health\n")).containsExactly("DIR/berth.yaml:1: key 'healthcheck-path': "
                + "expected a path starting with '/' and without spaces, like /keter-health; found \"health\"");
    }

    @Test
    void responseFileMissingOrAFolder() throws Exception {
        Files.createDirectories(dir.resolve("errors"));
        assertThat(errors("""
                listeners: [{}]
                unknown-host-response-file: errors/404.html
                missing-host-response-file: /nonexistent/berth/no-host.html
                proxy-exception-response-file: errors
                """)).containsExactly(
                "DIR/berth.yaml:2: key 'unknown-host-response-file': file DIR/errors/404.html not found; expected a "
                        + "readable file (a relative path starts at the config file's folder)",
                "DIR/berth.yaml:3: key 'missing-host-response-file': file /nonexistent/berth/no-host.html not found; "
                        + "expected a readable file (a relative path starts at the config file's folder)",
                "DIR/berth.yaml:4: key 'proxy-exception-response-file': DIR/errors is not a regular file; expected a "
                        + "readable file (a relative path starts at the config file's folder)");
    }

    @Test
    void unreadableResponseFile() throws Exception {
        // root reads everything; the check is only observable for an ordinary user.
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")));
        Path file = dir.resolve("404.html");
        Files.writeString(file, "<h1>gone</h1>");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assertThat(errors("unknown-host-response-file: 404.html\n")).containsExactly(
                "DIR/berth.yaml:1: key 'unknown-host-response-file': file DIR/404.html is not readable by berth; "
                        + "expected a readable file (a relative path starts at the config file's folder)");
    }

    // --- apps: --------------------------------------------------------------------------------------

    @Test
    void portRangeBackwardsOrPrivilegedOrNotARange() throws Exception {
        assertThat(errors("apps: {port-range: 44320-43124}\n")).containsExactly("DIR/berth.yaml:1: key 'apps.port-range': "
                + "expected a range of ports like 43124-44320: first-last, from 1024 to 65535, first below last; found 44320-43124");
        report = new ConfigReport();
        assertThat(errors("apps: {port-range: 80-90}\n")).containsExactly("DIR/berth.yaml:1: key 'apps.port-range': "
                + "expected a range of ports like 43124-44320: first-last, from 1024 to 65535, first below last; found 80-90");
        report = new ConfigReport();
        assertThat(errors("apps: {port-range: 43124}\n")).containsExactly("DIR/berth.yaml:1: key 'apps.port-range': "
                + "expected a range of ports like 43124-44320: first-last, from 1024 to 65535, first below last; found \"43124\"");
        report = new ConfigReport();
        assertThat(errors("apps: {port-range: [43124, 44320]}\n")).containsExactly("DIR/berth.yaml:1: key 'apps.port-range': "
                + "expected a range of ports like 43124-44320, found a list");
    }

    @Test
    void portRangeOverlappingAListener() throws Exception {
        assertThat(errors("""
                listeners:
                  - port: 8080
                apps:
                  port-range: 8000-8999
                """)).containsExactly("DIR/berth.yaml:4: key 'apps.port-range': expected a range that leaves out the "
                + "listeners' ports; *:8080 is in 8000-8999");
    }

    @Test
    void durationsWithoutUnitsOrZero() throws Exception {
        assertThat(errors("""
                apps:
                  start-timeout: 90
                  stop-timeout: 0s
                  rescan-interval: 0ms
                """)).containsExactly(
                "DIR/berth.yaml:2: key 'apps.start-timeout': expected a duration with a unit, like 30s, 500ms, 10m or 1h; "
                        + "found number 90",
                "DIR/berth.yaml:3: key 'apps.stop-timeout': expected a duration above zero, like 10s",
                "DIR/berth.yaml:4: key 'apps.rescan-interval': expected a duration above zero, like 5s");
    }

    @Test
    void theProxysTimeoutsNeedAUnitAndLieAboveZeroAndWithinADay() throws Exception {
        assertThat(errors("""
                apps:
                  connect-timeout: 5
                  idle-timeout: 0s
                """)).containsExactly(
                "DIR/berth.yaml:2: key 'apps.connect-timeout': expected a duration with a unit, like 30s, 500ms, 10m or 1h; "
                        + "found number 5",
                "DIR/berth.yaml:3: key 'apps.idle-timeout': expected a duration above zero, like 1m");
        report = new ConfigReport();
        assertThat(errors("""
                apps:
                  connect-timeout: 2d
                  idle-timeout: 25h
                """)).containsExactly(
                "DIR/berth.yaml:2: key 'apps.connect-timeout': expected a duration of at most 24h, like 5s; found 48h",
                "DIR/berth.yaml:3: key 'apps.idle-timeout': expected a duration of at most 24h, like 1m; found 25h");
    }

    @Test
    void healthTimeoutLongerThanStartTimeout() throws Exception {
        assertThat(errors("""
                apps:
                  start-timeout: 10s
                  health-timeout: 1m
                """)).containsExactly("DIR/berth.yaml:3: key 'apps.health-timeout': expected at most apps.start-timeout "
                + "(10s); found 1m");
    }

    @Test
    void bundleLimitsAndReleasesKept() throws Exception {
        assertThat(errors("""
                apps:
                  bundle-size-limit: 1 TB
                  bundle-entry-limit: 0
                  keep-releases: 0
                """)).containsExactly(
                "DIR/berth.yaml:2: key 'apps.bundle-size-limit': expected a size such as 1MiB, 512KiB or 1048576; found \"1 TB\"",
                "DIR/berth.yaml:3: key 'apps.bundle-entry-limit': expected a whole number from 1 to 2147483647, found 0",
                "DIR/berth.yaml:4: key 'apps.keep-releases': expected a whole number from 1 to 1000, found 0");
    }

    @Test
    void zeroBundleSize() throws Exception {
        assertThat(errors("apps: {bundle-size-limit: 0}\n"))
                .containsExactly("DIR/berth.yaml:1: key 'apps.bundle-size-limit': expected a size above zero, like 1GiB");
    }

    @Test
    void badTrustedProxies() throws Exception {
        assertThat(errors("""
                apps:
                  trusted-proxies:
                    - 10.0.0.0/8
                    - elb.example.org
                    - 10.0.0.1/8
                    - 10.0.0.0/33
                    - "fd00::/129"
                """)).containsExactly(
                "DIR/berth.yaml:4: key 'apps.trusted-proxies[1]': expected an IP address or a CIDR block like 10.0.0.0/8 "
                        + "or fd00::/8; found \"elb.example.org\"",
                "DIR/berth.yaml:5: key 'apps.trusted-proxies[2]': expected the network's first address, 10.0.0.0/8; "
                        + "found \"10.0.0.1/8\"",
                "DIR/berth.yaml:6: key 'apps.trusted-proxies[3]': expected a prefix length from 0 to 32 after the IPv4 "
                        + "address; found \"10.0.0.0/33\"",
                "DIR/berth.yaml:7: key 'apps.trusted-proxies[4]': expected a prefix length from 0 to 128 after the IPv6 "
                        + "address; found \"fd00::/129\"");
    }

    @Test
    void trustedProxiesAsOneString() throws Exception {
        assertThat(errors("apps: {trusted-proxies: 10.0.0.0/8}\n")).containsExactly(
                "DIR/berth.yaml:1: key 'apps.trusted-proxies': expected a list of text values, found \"10.0.0.0/8\"");
    }

    @Test
    void allErrorsOfAFileAtOnce() throws Exception {
        assertThat(errors("""
                listeners: [{port: 0}]
                setuid: 0
                rotate-logs: maybe
                apps: {keep-releases: many}
                """)).hasSize(4);
    }
}
