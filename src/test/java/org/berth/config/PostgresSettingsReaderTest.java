package org.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The postgres: block: servers, the default, passwords inline or in files; every mistake located. */
class PostgresSettingsReaderTest {
    @TempDir
    Path dir;

    private ConfigReport report;

    @BeforeEach
    void passwordFile() throws Exception {
        report = new ConfigReport();
        Files.writeString(dir.resolve("pg-admin"), "s3cret-admin\n");
        Files.setPosixFilePermissions(dir.resolve("pg-admin"), PosixFilePermissions.fromString("rw-------"));
    }

    private PostgresSettings read(String yaml) throws ConfigException {
        return PostgresSettingsReader.read(YamlDocument.parse(dir.resolve("berth.yaml"), yaml, report), dir);
    }

    private List<String> errors(String yaml) throws ConfigException {
        read(yaml);
        return rendered(report.errors());
    }

    private List<String> rendered(List<ConfigProblem> problems) {
        return problems.stream().map(problem -> problem.render().replace(dir.toString(), "DIR")).toList();
    }

    @Test
    void theIssuesExampleReadsWithDefaultsForTheRest() throws Exception {
        PostgresSettings settings = read("""
                postgres:
                  default: main
                  servers:
                    main: {host: 127.0.0.1, port: 5432, user: postgres, password-file: pg-admin}
                """);
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        PostgresServer main = settings.defaultEntry().orElseThrow();
        assertThat(main).isEqualTo(new PostgresServer("main", "127.0.0.1", 5432, "postgres", "s3cret-admin", "postgres",
                Duration.ofSeconds(10)));
        assertThat(main.toString()).doesNotContain("s3cret-admin").contains("password hidden");
    }

    @Test
    void noBlockMeansNoServers() throws Exception {
        assertThat(read("root: /srv")).isEqualTo(PostgresSettings.NONE);
        assertThat(PostgresSettings.NONE.configured()).isFalse();
    }

    @Test
    void aSingleServerIsTheDefaultAndEveryKeyCanBeSet() throws Exception {
        PostgresSettings settings = read("""
                postgres:
                  servers:
                    db1:
                      host: "[::1]"
                      port: 5433
                      user: berth_admin
                      password: inline-secret
                      database: template1
                      connect-timeout: 3s
                """);
        assertThat(report.errors()).isEmpty();
        PostgresServer server = settings.defaultEntry().orElseThrow();
        assertThat(server).isEqualTo(new PostgresServer("db1", "::1", 5433, "berth_admin", "inline-secret", "template1",
                Duration.ofSeconds(3)));
        assertThat(server.address()).isEqualTo("[::1]:5433");
    }

    @Test
    void severalServersNeedADefaultAndBundlesPickByHostAndPort() throws Exception {
        assertThat(errors("""
                postgres:
                  servers:
                    a: {host: 10.0.0.1, password: x}
                    b: {host: 10.0.0.2, password: y}
                """)).containsExactly("DIR/berth.yaml:2: key 'postgres.default': required key is missing; expected the "
                + "name of the server bundles get when they name none (one of a, b)");

        report = new ConfigReport();
        PostgresSettings settings = read("""
                postgres:
                  default: b
                  servers:
                    a: {host: 127.0.0.1, password: x}
                    b: {host: db.example.org, port: 6432, password: y}
                """);
        assertThat(settings.defaultServer()).hasValue("b");
        assertThat(settings.matching("localhost", 5432)).map(PostgresServer::name).hasValue("a");
        assertThat(settings.matching("DB.example.org", 6432)).map(PostgresServer::name).hasValue("b");
        assertThat(settings.matching("db.example.org", 5432)).isEmpty();
    }

    @Test
    void mistakesAreReportedTogetherWithTheirLines() throws Exception {
        assertThat(errors("""
                postgres:
                  default: nowhere
                  servers:
                    main:
                      host: "db example"
                      port: 70000
                      password: x
                      password-file: pg-admin
                    "bad name!": {password: x}
                    other:
                      connect-timeout: 0s
                """)).containsExactly(
                "DIR/berth.yaml:5: key 'postgres.servers.main.host': expected a host name or an IP address, like "
                        + "127.0.0.1 or db.example.org; found \"db example\"",
                "DIR/berth.yaml:6: key 'postgres.servers.main.port': expected a whole number from 1 to 65535, found 70000",
                "DIR/berth.yaml:8: key 'postgres.servers.main.password-file': expected either 'password' or "
                        + "'password-file', not both",
                "DIR/berth.yaml:9: key 'postgres.servers.bad name!': expected a server name of letters, digits, '.', '-' "
                        + "and '_' (at most 63), like main",
                "DIR/berth.yaml:11: key 'postgres.servers.other.connect-timeout': expected a duration above zero, like 10s",
                "DIR/berth.yaml:11: key 'postgres.servers.other.password-file': required key is missing; expected "
                        + "'password-file' naming a file that holds the admin's password (or 'password' with the password "
                        + "itself)",
                "DIR/berth.yaml:2: key 'postgres.default': expected the name of a server under 'servers' (none is "
                        + "configured); found \"nowhere\"");
    }

    @Test
    void anEmptyOrMissingServerListIsAnError() throws Exception {
        assertThat(errors("""
                postgres:
                  default: main
                """)).containsExactly("DIR/berth.yaml:2: key 'postgres.servers': expected at least one server, like main: "
                + "{host: 127.0.0.1, port: 5432, user: postgres, password-file: /etc/berth/pg-admin}");
        report = new ConfigReport();
        assertThat(errors("""
                postgres:
                  servers: {}
                """)).first().asString().startsWith("DIR/berth.yaml:2: key 'postgres.servers': expected at least one server");
    }

    @Test
    void theSameServerTwiceIsAnError() throws Exception {
        assertThat(errors("""
                postgres:
                  default: a
                  servers:
                    a: {host: localhost, password: x}
                    b: {host: 127.0.0.1, password: y}
                """)).containsExactly("DIR/berth.yaml:5: key 'postgres.servers.b': expected each server once; "
                + "127.0.0.1:5432 is already server 'a'");
    }

    @Test
    void aMissingOrEmptyPasswordFileIsAnError() throws Exception {
        Files.writeString(dir.resolve("empty"), "\n");
        assertThat(errors("""
                postgres:
                  servers:
                    main: {password-file: absent}
                    other: {host: 10.0.0.9, password-file: empty}
                """)).containsExactly(
                "DIR/berth.yaml:3: key 'postgres.servers.main.password-file': cannot read DIR/absent (no such file); "
                        + "expected a file berth can read holding the admin's password (a relative path starts at the "
                        + "config file's folder)",
                "DIR/berth.yaml:4: key 'postgres.servers.other.password-file': file DIR/empty is empty; expected the "
                        + "admin's password in it");
    }

    @Test
    void aPasswordFileOthersCanReadIsWarnedAbout() throws Exception {
        Files.setPosixFilePermissions(dir.resolve("pg-admin"), PosixFilePermissions.fromString("rw-r-----"));
        read("""
                postgres:
                  servers:
                    main:
                      password-file: pg-admin
                      colour: blue
                """);
        assertThat(report.errors()).isEmpty();
        assertThat(rendered(report.warnings())).containsExactly(
                "DIR/berth.yaml:4: key 'postgres.servers.main.password-file': file DIR/pg-admin holds a password but is "
                        + "readable by other users; chmod 600 DIR/pg-admin",
                "DIR/berth.yaml:5: key 'postgres.servers.main.colour': unknown key, ignored");
    }

    @Test
    void anInlinePasswordInAConfigFileOthersCanReadIsWarnedAbout() throws Exception {
        Path config = dir.resolve("berth.yaml");
        Files.writeString(config, """
                root: data
                postgres:
                  servers:
                    main: {password: inline-secret}
                """);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        BerthConfig loaded = new ConfigLoader(dir).load(config);
        assertThat(loaded.postgres().defaultEntry().map(PostgresServer::password)).hasValue("inline-secret");
        assertThat(rendered(loaded.warnings())).containsExactly("DIR/berth.yaml:4: key 'postgres.servers.main.password': "
                + "the config file holds an inline password but is readable by other users; chmod 600 DIR/berth.yaml");
    }

    @Test
    void theLoaderReportsThemAsOneConfigException() throws Exception {
        Path config = dir.resolve("berth.yaml");
        Files.writeString(config, """
                postgres:
                  servers:
                    main: {port: nope}
                """);
        assertThatThrownBy(() -> new ConfigLoader(dir).load(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("berth.yaml:3: key 'postgres.servers.main.port': expected a whole number from 1 to "
                        + "65535, found \"nope\"")
                .hasMessageContaining("key 'postgres.servers.main.password-file': required key is missing");
    }

    @Test
    void settingsRefuseADefaultThatIsNotListed() {
        assertThatThrownBy(() -> new PostgresSettings(Optional.of("x"), java.util.Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
