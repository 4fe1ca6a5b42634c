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
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The format without a top-level stanzas key, converted as Keter converts it. */
class LegacyFormatTest {

    @Test
    void convertsInKetersOrder() throws Exception {
        BundleConfig config = parse("""
                exec: ../app
                args: [serve]
                host: WWW.Example.com
                extra-hosts: [example.com, www.example.com]
                ssl: true
                postgres: true
                static-hosts:
                  - {host: static.example.com, root: ../static}
                  - {host: assets.example.com, root: /var/assets}
                  - {host: assets.example.com, root: ../assets}
                redirects:
                  - {from: old.example.com, to: www.example.com}
                  - {from: example.org, to: www.example.com}
                """);

        assertThat(config.stanzas()).containsExactly(
                new WebAppStanza(inBundle("app"), List.of("serve"), Map.of(), List.of(), List.of("www.example.com", "example.com"),
                        Ssl.ON, false, Optional.empty(), Duration.ofSeconds(90), List.of(), List.of(), Optional.empty(),
                        Optional.empty(), 1),
                // sorted by (host, root): "/srv/bundle/config/../assets" sorts before "/var/assets"
                new StaticFilesStanza(inBundle("assets"), List.of("assets.example.com"), true, Ssl.OFF, false, List.of(), Optional.empty(), 10),
                new StaticFilesStanza(Path.of("/var/assets"), List.of("assets.example.com"), true, Ssl.OFF, false, List.of(), Optional.empty(), 9),
                new StaticFilesStanza(inBundle("static"), List.of("static.example.com"), true, Ssl.OFF, false, List.of(), Optional.empty(), 8),
                redirect("example.org", "www.example.com", 13),
                redirect("old.example.com", "www.example.com", 12));
        assertThat(config.plugins()).isEqualTo(new Plugins(true, List.of()));
        assertThat(warnings(config)).containsExactly(AT + "9: key 'static-hosts[1].host': host 'assets.example.com' is"
                + " already served by the static-files stanza at line 10, which keeps it (as in Keter)");
    }

    private static RedirectStanza redirect(String from, String to, int line) {
        return new RedirectStanza(List.of(from), List.of(new RedirectAction(Optional.empty(),
                new RedirectTarget.HostTarget(to, false, OptionalInt.empty()))), 301, Ssl.OFF, false, line);
    }

    @Test
    void aWebappThatFailsIsDroppedWithAWarningAndTheBundleStillLoads() throws Exception {
        BundleConfig config = parse("""
                exec: ../app
                args: [0]
                host: example.com
                postgres: true
                static-hosts:
                  - {host: static.example.com, root: ../static}
                """);

        assertThat(config.stanzas()).extracting(Stanza::type).containsExactly("static-files");
        assertThat(config.plugins()).isEqualTo(Plugins.NONE);
        assertThat(warnings(config)).containsExactly(
                AT + "2: key 'args[0]': the legacy webapp (exec, args, host, ssl, extra-hosts) is dropped, as Keter"
                        + " drops it without a word: expected text, found the number 0; put it in quotes (\"0\") to make it text",
                AT + "4: key 'postgres': ignored: in the legacy format Keter applies postgres: true only with a webapp,"
                        + " and this file has none that loads");
    }

    @Test
    void everyWayTheWebappCanFailIsReportedAsADrop() throws Exception {
        assertThat(warnings("exec: ../app\n")).containsExactly(
                AT + "1: key 'host': the legacy webapp (exec, args, host, ssl, extra-hosts) is dropped, as Keter drops it"
                        + " without a word: required key is missing; expected a host name",
                Bundles.CONFIG + ": no stanzas: this bundle runs and serves nothing");
        assertThat(warnings("exec: ../app\nhost: a.com\nssl: 1\nextra-hosts: b.com\n")).containsExactly(
                AT + "3: key 'ssl': the legacy webapp (exec, args, host, ssl, extra-hosts) is dropped, as Keter drops it"
                        + " without a word: expected true or false, found the number 1 (and 1 more)",
                Bundles.CONFIG + ": no stanzas: this bundle runs and serves nothing");
        assertThat(warnings("host: a.com\nssl: {key: k, certificate: c}\n")).first().asString().isEqualTo(
                AT + "1: key 'exec': the legacy webapp (exec, args, host, ssl, extra-hosts) is dropped, as Keter drops it"
                        + " without a word: required key is missing; expected the path of the program to run (and 1 more)");
    }

    @Test
    void noWebappKeysMeansNoWebappAndNoWarning() throws Exception {
        BundleConfig config = parse("static-hosts:\n  - {host: a.com, root: ../a}\n");

        assertThat(config.stanzas()).extracting(Stanza::type).containsExactly("static-files");
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void malformedStaticHostsOrRedirectsRefuseTheBundle() {
        assertThat(errors("""
                exec: ../app
                host: a.com
                static-hosts:
                  - {host: b.com}
                  - c.com
                redirects:
                  - {from: d.com, to: 5}
                """)).containsExactly(
                AT + "4: key 'static-hosts[0].root': required key is missing; expected the directory to serve",
                AT + "5: key 'static-hosts[1]': expected a {host, root} mapping, found \"c.com\"",
                AT + "7: key 'redirects[0].to': expected text, found the number 5; put it in quotes (\"5\") to make it text");
        assertThat(errors("static-hosts: {host: a, root: b}\n")).containsExactly(
                AT + "1: key 'static-hosts': expected a list of {host, root} mappings, found a mapping");
    }

    @Test
    void identicalEntriesCountOnce() throws Exception {
        BundleConfig config = parse("redirects:\n  - {from: a.com, to: b.com}\n  - {from: a.com, to: b.com}\n");

        assertThat(config.stanzas()).hasSize(1);
        assertThat(warnings(config)).containsExactly(AT + "3: key 'redirects[1]': repeated entry, ignored");
    }

    @Test
    void stanzaKeysAndPluginsAreIgnoredHereWithAWarning() throws Exception {
        assertThat(warnings("""
                exec: ../app
                host: a.com
                env: {A: b}
                plugins: {postgres: true}
                hostname: b.com
                """)).containsExactly(
                AT + "3: key 'env': ignored: Keter reads env only inside stanzas, and this file has no stanzas key (legacy format)",
                AT + "4: key 'plugins': ignored: Keter reads plugins only beside stanzas; in this legacy format (no"
                        + " stanzas key) write postgres: true at the top level instead",
                AT + "5: key 'hostname': unknown key, ignored");
    }

    @Test
    void postgresMustBeTheBooleanTrue() throws Exception {
        BundleConfig config = parse("exec: ../app\nhost: a.com\npostgres: \"true\"\n");

        assertThat(config.plugins()).isEqualTo(Plugins.NONE);
        assertThat(warnings(config)).containsExactly(
                AT + "3: key 'postgres': ignored: Keter turns postgres on only for true, found \"true\"");
        assertThat(parse("exec: ../app\nhost: a.com\npostgres: yes\n").plugins().postgres()).isTrue();
        assertThat(parse("exec: ../app\nhost: a.com\npostgres: false\n").plugins().postgres()).isFalse();
    }
}
