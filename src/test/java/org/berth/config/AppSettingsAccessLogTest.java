package org.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth's top-level {@code access-log} key: its forms, its default, and its messages. */
class AppSettingsAccessLogTest {
    @TempDir
    Path dir;

    private ConfigReport report;

    @BeforeEach
    void newReport() {
        report = new ConfigReport();
    }

    private AccessLogSettings read(String yaml) throws ConfigException {
        YamlMap top = YamlDocument.parse(dir.resolve("berth.yaml"), yaml, report);
        AccessLogSettings settings = AppSettingsReader.read(top, dir).accessLog();
        top.warnUnreadKeys();
        return settings;
    }

    private List<String> render(List<ConfigProblem> problems) {
        return problems.stream().map(problem -> problem.render().replace(dir.toString(), "DIR")).toList();
    }

    private AccessLogSettings clean(String yaml) throws ConfigException {
        AccessLogSettings settings = read(yaml);
        assertThat(render(report.errors())).isEmpty();
        assertThat(render(report.warnings())).isEmpty();
        return settings;
    }

    @Test
    void absentOrNullMeansOnInTheCombinedFormat() throws Exception {
        assertThat(clean("")).isEqualTo(AccessLogSettings.DEFAULT);
        assertThat(clean("access-log:\n")).isEqualTo(AccessLogSettings.DEFAULT);
        assertThat(AccessLogSettings.DEFAULT).isEqualTo(new AccessLogSettings(true, "combined"));
        assertThat(AppSettings.DEFAULTS.accessLog()).isEqualTo(AccessLogSettings.DEFAULT);
    }

    @Test
    void falseTurnsItOffAndTrueKeepsTheDefault() throws Exception {
        assertThat(clean("access-log: false\n")).isEqualTo(new AccessLogSettings(false, "combined"));
        assertThat(clean("access-log: true\n")).isEqualTo(new AccessLogSettings(true, "combined"));
    }

    @Test
    void aMappingChoosesTheFormat() throws Exception {
        assertThat(clean("access-log: {format: json}\n")).isEqualTo(new AccessLogSettings(true, "json"));
        assertThat(clean("""
                access-log:
                  format: combined
                """)).isEqualTo(new AccessLogSettings(true, "combined"));
        assertThat(clean("access-log: {format: JSON}\n")).isEqualTo(new AccessLogSettings(true, "json"));
        assertThat(clean("access-log: {}\n")).isEqualTo(AccessLogSettings.DEFAULT);
        assertThat(clean("access-log: {enabled: false, format: json}\n")).isEqualTo(new AccessLogSettings(false, "json"));
    }

    @Test
    void anUnknownFormatIsAnErrorAtItsLine() throws Exception {
        AccessLogSettings settings = read("""
                listeners: [{}]
                access-log:
                  format: xml
                """);

        assertThat(render(report.errors())).containsExactly(
                "DIR/berth.yaml:3: key 'access-log.format': expected combined or json; found \"xml\"");
        assertThat(settings).isEqualTo(AccessLogSettings.DEFAULT);
    }

    @Test
    void anythingButABooleanOrAMappingIsAnError() throws Exception {
        read("""
                access-log: json
                """);
        read("""
                rotate-logs: true
                access-log: [combined]
                """);

        assertThat(render(report.errors())).containsExactly(
                "DIR/berth.yaml:1: key 'access-log': expected true, false or a mapping like {format: json}; found \"json\"",
                "DIR/berth.yaml:2: key 'access-log': expected true, false or a mapping like {format: json}; found a list");
    }

    @Test
    void aWrongTypeInsideTheMappingIsAnError() throws Exception {
        read("""
                access-log:
                  enabled: sometimes
                  format: 5
                """);

        assertThat(render(report.errors())).containsExactly(
                "DIR/berth.yaml:2: key 'access-log.enabled': expected true or false, found \"sometimes\"",
                "DIR/berth.yaml:3: key 'access-log.format': expected text, found the number 5; put it in quotes (\"5\") "
                        + "to make it text");
    }

    @Test
    void anUnknownKeyInTheMappingIsAWarning() throws Exception {
        AccessLogSettings settings = read("""
                access-log:
                  formt: json
                """);

        assertThat(report.errors()).isEmpty();
        assertThat(render(report.warnings())).containsExactly("DIR/berth.yaml:2: key 'access-log.formt': unknown key, ignored");
        assertThat(settings).isEqualTo(AccessLogSettings.DEFAULT);
    }

    @Test
    void theRecordRefusesAnUnknownFormat() {
        assertThatThrownBy(() -> new AccessLogSettings(true, "xml")).isInstanceOf(IllegalArgumentException.class);
    }
}
