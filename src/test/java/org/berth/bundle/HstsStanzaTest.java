package org.berth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.berth.bundle.Bundles.AT;
import static org.berth.bundle.Bundles.errors;
import static org.berth.bundle.Bundles.parse;
import static org.berth.bundle.Bundles.stanza;
import static org.berth.bundle.Bundles.warnings;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.berth.config.HstsSettings;
import org.junit.jupiter.api.Test;

/** berth's per-stanza {@code hsts} key: the global key's forms, on every stanza type that serves hosts. */
class HstsStanzaTest {
    private static final String WEBAPP = """
            stanzas:
              - type: webapp
                exec: ../dist/bin/app
                host: app.example.com
            """;

    @Test
    void absentMeansTheGlobalSettingAndAKeterBundleReadsAsBefore() throws Exception {
        BundleConfig config = parse(WEBAPP);

        assertThat(stanza(config, 0, WebAppStanza.class).hsts()).isEmpty();
        assertThat(warnings(config)).isEmpty();
        assertThat(stanzaJson(config)).doesNotContainKey("hsts");
        assertThat(BundleConfigText.render(config, Bundles.ROOT)).doesNotContain("hsts");
    }

    @Test
    void trueAndFalse() throws Exception {
        assertThat(stanza(parse(WEBAPP + "    hsts: true\n"), 0, WebAppStanza.class).hsts()).contains(HstsSettings.ON);
        assertThat(stanza(parse(WEBAPP + "    hsts: false\n"), 0, WebAppStanza.class).hsts()).contains(HstsSettings.OFF);
    }

    @Test
    void aMappingWithYearsAndFlags() throws Exception {
        BundleConfig config = parse(WEBAPP + "    hsts: {max-age: 2y, include-subdomains: true, preload: true}\n");

        HstsSettings hsts = stanza(config, 0, WebAppStanza.class).hsts().orElseThrow();
        assertThat(hsts).isEqualTo(new HstsSettings(true, Duration.ofDays(730), true, true));
        assertThat(hsts.headerValue()).isEqualTo("max-age=63072000; includeSubDomains; preload");
        assertThat(stanzaJson(config).get("hsts"))
                .isEqualTo(Map.of("max-age", 63072000L, "include-subdomains", true, "preload", true));
        assertThat(BundleConfigText.render(config, Bundles.ROOT))
                .containsPattern("hsts +max-age=63072000; includeSubDomains; preload");
    }

    @Test
    void everyStanzaTypeThatServesHostsTakesIt() throws Exception {
        BundleConfig config = parse("""
                stanzas:
                  - type: static-files
                    root: ../public
                    host: files.example.com
                    hsts: false
                  - type: redirect
                    hosts: [old.example.com]
                    actions: [{host: new.example.com}]
                    hsts: {max-age: 180d}
                  - type: reverse-proxy
                    reversed-host: 127.0.0.1
                    reversed-port: 8080
                    reversing-host: api.example.com
                    hsts: true
                """);

        assertThat(stanza(config, 0, StaticFilesStanza.class).hsts()).contains(HstsSettings.OFF);
        assertThat(stanza(config, 1, RedirectStanza.class).hsts())
                .contains(new HstsSettings(true, Duration.ofDays(180), false, false));
        assertThat(stanza(config, 2, ReverseProxyStanza.class).hsts()).contains(HstsSettings.ON);
        assertThat(BundleConfigText.render(config, Bundles.ROOT)).contains("off for these hosts");
    }

    @Test
    void mistakesNameTheLineAndKey() {
        assertThat(errors(WEBAPP + "    hsts: yes please\n")).containsExactly(AT + "5: key 'stanzas[0].hsts': expected"
                + " true, false or a mapping like {max-age: 1y, include-subdomains: true}; found \"yes please\"");
        assertThat(errors(WEBAPP + "    hsts:\n      max-age: forever\n")).containsExactly(AT + "6: key"
                + " 'stanzas[0].hsts.max-age': expected a duration like 1y, 180d or 0s (0s tells browsers to forget the"
                + " rule); found \"forever\"");
        assertThat(errors(WEBAPP + "    hsts: {max-age: 30d, preload: true}\n")).containsExactly(AT + "5: key"
                + " 'stanzas[0].hsts.preload': expected include-subdomains: true and a max-age of at least 1y with preload"
                + " (browsers' preload lists accept nothing less)");
    }

    @Test
    void anUnknownKeyInsideIsAWarning() throws Exception {
        assertThat(warnings(WEBAPP + "    hsts: {max-age: 1y, subdomains: true}\n"))
                .containsExactly(AT + "5: key 'stanzas[0].hsts.subdomains': unknown key in hsts, ignored");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stanzaJson(BundleConfig config) {
        Map<String, Object> json = BundleConfigJson.toJson(config, Bundles.ROOT);
        return ((List<Map<String, Object>>) json.get("stanzas")).get(0);
    }
}
