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

/** Keys accepted for compatibility but not used as Keter used them: they load, and say so. */
class AppSettingsWarningsTest {
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
        assertThat(report.errors()).isEmpty();
        return report.warnings().stream().map(problem -> problem.render().replace(dir.toString(), "DIR")).toList();
    }

    private void pem(String name, String permissions) throws IOException {
        Files.writeString(dir.resolve(name), "pem");
        Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString(permissions));
    }

    @Test
    void portManagerIsIgnored() throws Exception {
        AppSettings settings = read("""
                listeners: [{}]
                port-manager: {}
                """);

        assertThat(warnings()).containsExactly("DIR/berth.yaml:2: key 'port-manager': ignored: Keter ignores its contents "
                + "too and always hands out ports from 43124-44320; set berth's range with 'apps.port-range'");
        assertThat(settings.apps().portRange()).isEqualTo(PortRange.KETER_DEFAULT);
    }

    @Test
    void cliPortIsReplacedByTheApi() throws Exception {
        read("""
                listeners: [{}]
                cli-port: 12345
                """);

        assertThat(warnings()).containsExactly("DIR/berth.yaml:2: key 'cli-port': ignored: berth's HTTP API (the 'api' "
                + "block) and the berth command replace Keter's CLI port");
    }

    @Test
    void appCrashHookIsTheHealthCheckPath() throws Exception {
        read("""
                listeners: [{}]
                app-crash-hook: /status
                """);

        assertThat(warnings()).containsExactly("DIR/berth.yaml:2: key 'app-crash-hook': read as the health-check path, "
                + "as Keter's parser does (despite its name it is no crash hook); rename it to 'healthcheck-path'");
    }

    @Test
    void legacyKeysBesideListenersAreIgnoredAsKeterDoes() throws Exception {
        AppSettings settings = read("""
                listeners:
                  - port: 8080
                host: 127.0.0.1
                port: 9090
                ssl: {certificate: none.pem, key: none.pem}
                reverse-proxy: [{reversed-host: a.example.org}]
                """);

        String ignored = ": ignored: this file has 'listeners', and with it Keter ignores this legacy key too";
        assertThat(warnings()).containsExactly(
                "DIR/berth.yaml:3: key 'host'" + ignored,
                "DIR/berth.yaml:4: key 'port'" + ignored,
                "DIR/berth.yaml:5: key 'ssl'" + ignored,
                "DIR/berth.yaml:6: key 'reverse-proxy'" + ignored);
        assertThat(settings.listeners()).extracting(ListenerSpec::describe).containsExactly("*:8080");
        assertThat(settings.globalReverseProxies().count()).isZero();
    }

    @Test
    void newerKeysInTheLegacyFormAreAppliedUnlikeInKeter() throws Exception {
        AppSettings settings = read("""
                root: ..
                port: 8080
                env: {TZ: UTC}
                rotate-logs: false
                """);

        assertThat(warnings()).containsExactly("DIR/berth.yaml:3: key 'env': Keter ignores env, rotate-logs in a file "
                + "without 'listeners' (its legacy form); berth applies them");
        assertThat(settings.env()).containsEntry("TZ", "UTC");
        assertThat(settings.rotateLogs()).isFalse();
    }

    @Test
    void ipFromHeaderWithoutTrustedProxiesTrustsEveryPeer() throws Exception {
        read("""
                listeners: [{}]
                ip-from-header: true
                """);

        assertThat(warnings()).containsExactly("DIR/berth.yaml:2: key 'ip-from-header': client addresses are taken from "
                + "X-Forwarded-For sent by any peer, as Keter does (its last entry, the one your load balancer added); list "
                + "your load balancers in 'apps.trusted-proxies' so that clients reaching berth directly cannot fake theirs");
    }

    @Test
    void worldReadableKey() throws Exception {
        pem("cert.pem", "rw-r--r--");
        pem("key.pem", "rw-r--r--");

        read("""
                listeners:
                  - certificate: cert.pem
                    key: key.pem
                """);

        assertThat(warnings()).containsExactly("DIR/berth.yaml:3: key 'listeners[0].key': file DIR/key.pem is readable "
                + "by every user; chmod 600 it (or 640 with a group berth is in)");
    }

    @Test
    void tlsKeysOnAPlainListener() throws Exception {
        read("""
                listeners:
                  - port: 80
                    session: true
                    chain-certificates: [chain.pem]
                """);

        assertThat(warnings()).containsExactly(
                "DIR/berth.yaml:4: key 'listeners[0].chain-certificates': ignored: only a TLS listener (one with "
                        + "'certificate' and 'key') uses it",
                "DIR/berth.yaml:3: key 'listeners[0].session': ignored: only a TLS listener (one with 'certificate' "
                        + "and 'key') uses it");
    }

    @Test
    void unknownKeysInsideListenersAndApps() throws Exception {
        read("""
                listeners:
                  - prot: 80
                apps:
                  keep-release: 3
                """);

        assertThat(warnings()).containsExactly(
                "DIR/berth.yaml:2: key 'listeners[0].prot': unknown key, ignored",
                "DIR/berth.yaml:4: key 'apps.keep-release': unknown key, ignored");
    }
}
