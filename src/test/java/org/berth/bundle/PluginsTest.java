package org.berth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.berth.bundle.Bundles.AT;
import static org.berth.bundle.Bundles.errors;
import static org.berth.bundle.Bundles.parse;
import static org.berth.bundle.Bundles.warnings;

import java.util.List;
import org.junit.jupiter.api.Test;

class PluginsTest {
    private static final String STANZAS = "stanzas: []\n";

    @Test
    void postgresTrueMeansTheLocalServer() throws Exception {
        Plugins plugins = parse(STANZAS + "plugins:\n  postgres: true\n").plugins();

        assertThat(plugins).isEqualTo(new Plugins(true, List.of()));
        assertThat(plugins.postgresServer()).isEqualTo(new PostgresServerRef("localhost", 5432));
    }

    @Test
    void aServerList() throws Exception {
        Plugins plugins = parse(STANZAS + "plugins:\n  postgres:\n    - server: db.internal\n      port: 6432\n").plugins();

        assertThat(plugins).isEqualTo(new Plugins(true, List.of(new PostgresServerRef("db.internal", 6432))));
        assertThat(plugins.postgresServer()).isEqualTo(new PostgresServerRef("db.internal", 6432));
    }

    @Test
    void onlyTheFirstServerIsUsedAndAMalformedOneMeansLocalhost() throws Exception {
        BundleConfig config = parse(STANZAS + """
                plugins:
                  postgres:
                    - server: db.internal
                    - {server: other, port: 5433}
                """);

        assertThat(config.plugins().postgresServer()).isEqualTo(PostgresServerRef.LOCAL);
        assertThat(warnings(config)).contains(
                AT + "3: key 'plugins.postgres': only the first server is used, as in Keter",
                AT + "4: key 'plugins.postgres[0]': expected {server: host, port: number}, found a mapping; Keter then"
                        + " uses localhost:5432, and so does berth");
    }

    @Test
    void offAndAbsent() throws Exception {
        assertThat(parse(STANZAS + "plugins:\n  postgres: false\n").plugins()).isEqualTo(Plugins.NONE);
        assertThat(parse(STANZAS + "plugins:\n").plugins()).isEqualTo(Plugins.NONE);
        assertThat(parse(STANZAS).plugins()).isEqualTo(Plugins.NONE);
    }

    @Test
    void otherValuesAreIgnoredWithAWarning() throws Exception {
        BundleConfig config = parse(STANZAS + "plugins:\n  postgres: required\n  redis: true\n");

        assertThat(config.plugins()).isEqualTo(Plugins.NONE);
        assertThat(warnings(config)).startsWith(
                AT + "3: key 'plugins.postgres': ignored: Keter turns postgres on for true or a list of {server, port},"
                        + " found \"required\"",
                AT + "4: key 'plugins.redis': unknown key in plugins (Keter knows only postgres), ignored");
    }

    @Test
    void mistakes() {
        assertThat(errors(STANZAS + "plugins:\n  postgres: []\n")).containsExactly(AT + "3: key 'plugins.postgres':"
                + " expected true or a list of {server, port}, found an empty list (Keter crashes on it)");
        assertThat(errors(STANZAS + "plugins: postgres\n")).containsExactly(
                AT + "2: key 'plugins': expected a mapping of keys to values, found \"postgres\"");
    }
}
