package org.berth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.berth.bundle.Bundles.AT;
import static org.berth.bundle.Bundles.inBundle;
import static org.berth.bundle.Bundles.parseFixture;
import static org.berth.bundle.Bundles.stanza;
import static org.berth.bundle.Bundles.warnings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The 25 real-world configs in src/test/resources/keter (copied from shared/fixtures/keter). */
class KeterFixturesTest {

    /** Every fixture loads; the warnings are exactly these (none unless listed). */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("001__commercialhaskell__stackage-server.yaml", List.of(AT + "4: key 'env': ignored: Keter"
                        + " reads env only inside stanzas, and this file has no stanzas key (legacy format)")),
                Arguments.of("002__commercialhaskell__haskellers.yaml", List.of()),
                Arguments.of("003__yesodweb__yesodweb.com.yaml", List.of(
                        AT + "27: key 'exec': ignored: beside stanzas, Keter reads only plugins at the top level")),
                Arguments.of("004__yesodweb__yesod-scaffold.yaml", List.of()),
                Arguments.of("006__snoyberg__keter.yaml", List.of(
                        AT + "56: key 'stanzas[4].reversed-ssl': missing; berth uses false, but Keter refuses a"
                                + " reverse-proxy stanza without this key (reversed-ssl: false keeps both happy)",
                        AT + "60: key 'stanzas[4].rewrite-path': unknown key for a reverse-proxy stanza, ignored")),
                Arguments.of("009__Burtannia__kalamazi.yaml", List.of(
                        AT + "24: key 'stanzas[0].env': env is a list of NAME: value mappings; berth accepts it, but"
                                + " Keter refuses the bundle (it expects one mapping): write env as a mapping")),
                Arguments.of("011__ahushh__monaba.yaml", List.of(
                        AT + "4: key 'host': '<<host-not-set>>' is not a valid host name; no request will match it")),
                Arguments.of("013__JoeKennedy__fantasy.yaml", List.of()),
                Arguments.of("014__snowdriftcoop__snowdrift.yaml", List.of()),
                Arguments.of("015__fpco__schoolofhaskell.yaml", List.of()),
                Arguments.of("019__HalfWayMan__meadowstalk.yaml", List.of()),
                Arguments.of("020__LSU-Code-Dojo__lsucodedojo.com.yaml", List.of()),
                Arguments.of("021__achirkin__mooc-images.yaml", List.of()),
                Arguments.of("024__purescript__pursuit.yaml", List.of()),
                Arguments.of("028__parsonsmatt__servant-persistent.yaml", List.of(
                        AT + "4: key 'plugins': ignored: Keter reads plugins only beside stanzas; in this legacy format"
                                + " (no stanzas key) write postgres: true at the top level instead")),
                Arguments.of("035__geraldus__birds-exchanger.yaml", List.of(
                        AT + "50: key 'stanzas[1].hosts': host 'www.outb.info' is already served by the webapp stanza"
                                + " at line 11, which keeps it (as in Keter)")),
                Arguments.of("036__snoyberg__keter.yaml", List.of()),
                Arguments.of("040__SebastianCallh__krank.yaml", List.of()),
                Arguments.of("042__samstokes__yesodoro-reboot.yaml", List.of(
                        AT + "4: key 'host': host '*' matches only one-label names such as localhost (a '*' stands for"
                                + " exactly one label, as in Keter); it is not a catch-all")),
                Arguments.of("044__snoyberg__keter.yaml", List.of()),
                Arguments.of("052__snoyberg__photosorter.yaml", List.of()),
                Arguments.of("057__arowM__ASPico.yaml", List.of()),
                Arguments.of("062__Gizra__yesoders.yaml", List.of()),
                Arguments.of("066__InFreefall__dota-counterpick.yaml", List.of()),
                Arguments.of("069__lambdacms__lambdacms.org.yaml", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void loadsWithExactlyTheseWarnings(String name, List<String> expected) throws Exception {
        assertThat(warnings(parseFixture(name))).containsExactlyElementsOf(expected);
    }

    @Test
    void everyFixtureIsCovered() throws Exception {
        try (Stream<Path> files = java.nio.file.Files.list(Path.of(KeterFixturesTest.class.getResource("/keter").toURI()))) {
            List<String> names = files.map(path -> path.getFileName().toString()).filter(n -> n.endsWith(".yaml")).toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(fixtures().map(a -> (String) a.get()[0]).toList());
        }
    }

    @Test
    void legacyWebappWithRedirect001() throws Exception {
        BundleConfig config = parseFixture("001__commercialhaskell__stackage-server.yaml");

        assertThat(config.stanzas()).hasSize(2);
        WebAppStanza web = stanza(config, 0, WebAppStanza.class);
        assertThat(web).isEqualTo(new WebAppStanza(inBundle("dist/build/stackage-server/stackage-server"),
                List.of("production"), Map.of(), List.of(), List.of("www.stackage.org"), Ssl.OFF, false,
                Optional.empty(), Duration.ofSeconds(90), List.of(), List.of(), Optional.empty(), Optional.empty(), 1));
        RedirectStanza redirect = stanza(config, 1, RedirectStanza.class);
        assertThat(redirect).isEqualTo(new RedirectStanza(List.of("stackage.org"),
                List.of(new RedirectAction(Optional.empty(),
                        new RedirectTarget.HostTarget("www.stackage.org", false, OptionalInt.empty()))),
                301, Ssl.OFF, false, 9));
        assertThat(config.plugins()).isEqualTo(Plugins.NONE);
    }

    @Test
    void webappStaticAndRedirect003() throws Exception {
        BundleConfig config = parseFixture("003__yesodweb__yesodweb.com.yaml");

        assertThat(config.stanzas()).extracting(Stanza::type).containsExactly("webapp", "static-files", "redirect");
        WebAppStanza web = stanza(config, 0, WebAppStanza.class);
        assertThat(web.exec()).isEqualTo(inBundle("dist/build/yesodweb/yesodweb"));
        assertThat(web.args()).containsExactly("production");
        assertThat(web.env()).isEmpty();
        assertThat(web.hosts()).containsExactly("www.yesodweb.com");
        assertThat(web.line()).isEqualTo(2);

        StaticFilesStanza files = stanza(config, 1, StaticFilesStanza.class);
        assertThat(files).isEqualTo(new StaticFilesStanza(inBundle("static"), List.of("static.yesodweb.com"), false,
                Ssl.OFF, false, List.of(), Optional.empty(), 11));

        RedirectStanza redirect = stanza(config, 2, RedirectStanza.class);
        assertThat(redirect).isEqualTo(new RedirectStanza(
                List.of("www.yesodweb.org", "yesodweb.org", "yesodweb.com", "docs.yesodweb.com"),
                List.of(new RedirectAction(Optional.empty(),
                        new RedirectTarget.HostTarget("www.yesodweb.com", false, OptionalInt.of(80)))),
                301, Ssl.OFF, false, 16));
    }

    @Test
    void yesodScaffold004LowerCasesHostsButKeepsTheRedirectTarget() throws Exception {
        BundleConfig config = parseFixture("004__yesodweb__yesod-scaffold.yaml");

        WebAppStanza web = stanza(config, 0, WebAppStanza.class);
        assertThat(web.hosts()).containsExactly("www.projectname.com");
        assertThat(web.exec()).isEqualTo(inBundle("dist/build/PROJECTNAME/PROJECTNAME"));
        assertThat(web.requiresSecure()).isFalse();
        assertThat(stanza(config, 1, StaticFilesStanza.class).hosts()).containsExactly("static.projectname.com");
        RedirectStanza redirect = stanza(config, 2, RedirectStanza.class);
        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.hosts()).containsExactly("projectname.com");
        assertThat(redirect.actions()).containsExactly(new RedirectAction(Optional.empty(),
                new RedirectTarget.HostTarget("www.PROJECTNAME.com", false, OptionalInt.empty())));
        assertThat(config.plugins()).isEqualTo(Plugins.NONE);
    }

    @Test
    void everyStanzaType006() throws Exception {
        BundleConfig config = parseFixture("006__snoyberg__keter.yaml");

        assertThat(config.stanzas()).extracting(Stanza::type)
                .containsExactly("webapp", "background", "static-files", "static-files", "reverse-proxy");
        WebAppStanza web = stanza(config, 0, WebAppStanza.class);
        assertThat(web.exec()).isEqualTo(inBundle("hello"));
        assertThat(web.args()).containsExactly("Hello World v1.0");
        assertThat(web.env()).containsExactly(Map.entry("FROM_KETER_CONFIG", "foo bar baz"));
        assertThat(web.forwardEnv()).containsExactly("FROM_SYSTEM_ENV", "ANOTHER_ENV_VAR");
        assertThat(web.hosts()).containsExactly("keter1_0", "pong1_0");

        BackgroundStanza back = stanza(config, 1, BackgroundStanza.class);
        assertThat(back).isEqualTo(new BackgroundStanza(inBundle("worker"), List.of("Keter Background Worker"),
                Map.of("FROM_KETER_CONFIG", "foo bar baz"), List.of("ENV_VAR_FOR_BACKGROUND"), RestartCount.limited(10),
                Duration.ofSeconds(6), Optional.empty(), 17));

        StaticFilesStanza unsafe1 = stanza(config, 2, StaticFilesStanza.class);
        assertThat(unsafe1.root()).isEqualTo(Path.of("/srv")); // config/../../ leaves the bundle
        assertThat(unsafe1.directoryListing()).isTrue();
        assertThat(unsafe1.requiresSecure()).isTrue();

        StaticFilesStanza unsafe2 = stanza(config, 3, StaticFilesStanza.class);
        assertThat(unsafe2.root()).isEqualTo(Path.of("/home"));
        assertThat(unsafe2.directoryListing()).isFalse();
        assertThat(unsafe2.middleware()).containsExactly(
                new Middleware.Standard(Middleware.Kind.AUTOHEAD),
                new Middleware.Standard(Middleware.Kind.ACCEPT_OVERRIDE),
                new Middleware.Standard(Middleware.Kind.JSONP),
                new Middleware.Standard(Middleware.Kind.METHOD_OVERRIDE),
                new Middleware.Standard(Middleware.Kind.METHOD_OVERRIDE_POST),
                new Middleware.Local(405, "Keter Rocks (local status message)"),
                new Middleware.BasicAuth(Map.of("jon", "rocks", "bla", "dada"), "Keter Basic Auth"),
                new Middleware.Headers(Map.of("Access-Control-Allow-Origin", "*")));

        ReverseProxyStanza proxy = stanza(config, 4, ReverseProxyStanza.class);
        assertThat(proxy).isEqualTo(new ReverseProxyStanza("localhost", 80, false, List.of("www.yesodweb.com"), Ssl.OFF,
                false, Optional.empty(), List.of(), List.of(), false, List.of(), Optional.empty(), 56));
        // plugins: with no value means no plugins
        assertThat(config.plugins()).isEqualTo(Plugins.NONE);
    }

    @Test
    void envAsAListOfMappings009() throws Exception {
        BundleConfig config = parseFixture("009__Burtannia__kalamazi.yaml");

        WebAppStanza web = stanza(config, 0, WebAppStanza.class);
        assertThat(web.env()).containsExactly(
                Map.entry("YESOD_IMAGE_DIR", "/opt/kalamazi/images"),
                Map.entry("YESOD_WEAKAURA_DIR", "/opt/kalamazi/weakauras"),
                Map.entry("YESOD_SQLITE_DATABASE", "/opt/kalamazi/kalamazi.sqlite3"));
        assertThat(web.args()).isEmpty();
        assertThat(web.forwardEnv()).containsExactly("KALA_YOUTUBE_SECRET", "KALA_GOOGLE_OAUTH_ID", "KALA_GOOGLE_OAUTH_SECRET");
        assertThat(web.requiresSecure()).isTrue();
        assertThat(web.exec()).isEqualTo(inBundle("dist/bin/kalamazi"));
        assertThat(stanza(config, 1, StaticFilesStanza.class).requiresSecure()).isFalse();
    }

    @Test
    void certificateAndPostgres035() throws Exception {
        BundleConfig config = parseFixture("035__geraldus__birds-exchanger.yaml");

        WebAppStanza web = stanza(config, 0, WebAppStanza.class);
        assertThat(web.ssl()).isEqualTo(new Ssl.Certificate(Path.of("/opt/keter/etc/cert/outb.info.key"),
                Path.of("/opt/keter/etc/cert/outb.info.pem"), List.of()));
        assertThat(web.hosts()).containsExactly("outb.info", "www.outb.info");
        RedirectStanza redirect = stanza(config, 1, RedirectStanza.class);
        assertThat(redirect.actions()).containsExactly(new RedirectAction(Optional.empty(),
                new RedirectTarget.HostTarget("outb.info", true, OptionalInt.of(443))));
        assertThat(config.hostOwners()).containsEntry("www.outb.info", web);
        assertThat(config.plugins()).isEqualTo(new Plugins(true, List.of()));
        assertThat(config.plugins().postgresServer()).isEqualTo(new PostgresServerRef("localhost", 5432));
    }

    @Test
    void legacyConversionOrder036() throws Exception {
        BundleConfig config = parseFixture("036__snoyberg__keter.yaml");

        WebAppStanza web = stanza(config, 0, WebAppStanza.class);
        assertThat(web.hosts()).containsExactly("tealc-mint", "pong", "www.mysite.com", "*.example.com", "baz.example.com");
        // static hosts sorted by (host, root), all with directory listing; then redirects sorted by (from, to)
        assertThat(config.stanzas().subList(1, 5)).containsExactly(
                new StaticFilesStanza(Bundles.ROOT, List.of("foobar"), true, Ssl.OFF, false, List.of(), Optional.empty(), 11),
                new StaticFilesStanza(Bundles.ROOT, List.of("qux.example.com"), true, Ssl.OFF, false, List.of(), Optional.empty(), 17),
                new StaticFilesStanza(Path.of("/srv"), List.of("unsafe1"), true, Ssl.OFF, false, List.of(), Optional.empty(), 13),
                new StaticFilesStanza(Path.of("/home"), List.of("unsafe2"), true, Ssl.OFF, false, List.of(), Optional.empty(), 15));
        assertThat(config.stanzas().subList(5, 7)).extracting(Stanza::hosts)
                .containsExactly(List.of("foobar.example.com"), List.of("mysite.com"));
        assertThat(stanza(config, 6, RedirectStanza.class).status()).isEqualTo(301);
    }

    @Test
    void hostWithPort040() throws Exception {
        BundleConfig config = parseFixture("040__SebastianCallh__krank.yaml");

        WebAppStanza web = stanza(config, 0, WebAppStanza.class);
        assertThat(web.hosts()).containsExactly("localhost:8000");
        assertThat(web.approotHost()).isEqualTo("localhost:8000");
        assertThat(web.exec()).isEqualTo(inBundle("krank-exe"));
        assertThat(web.args()).containsExactly("production");
    }

    @Test
    void starHost042() throws Exception {
        BundleConfig config = parseFixture("042__samstokes__yesodoro-reboot.yaml");

        assertThat(stanza(config, 0, WebAppStanza.class).hosts()).containsExactly("*");
        assertThat(stanza(config, 0, WebAppStanza.class).args()).containsExactly("Staging");
    }

    @Test
    void wildcardStaticHostsOnly044() throws Exception {
        BundleConfig config = parseFixture("044__snoyberg__keter.yaml");

        assertThat(config.stanzas()).hasSize(4).allSatisfy(stanza -> {
            assertThat(stanza).isInstanceOf(StaticFilesStanza.class);
            assertThat(((StaticFilesStanza) stanza).root()).isEqualTo(inBundle("static"));
            assertThat(((StaticFilesStanza) stanza).directoryListing()).isTrue();
        });
        // sorted as Keter's set sorts them: '*' comes before letters
        assertThat(config.stanzas()).extracting(Stanza::hosts).containsExactly(
                List.of("baz.*.*.*.example.com"), List.of("baz.*.*.example.com"),
                List.of("baz.*.example.com"), List.of("baz.example.com"));
        assertThat(config.webApps()).isEmpty();
        assertThat(config.plugins()).isEqualTo(Plugins.NONE);
    }

    @Test
    void legacyPostgres052AndIpHost() throws Exception {
        BundleConfig config = parseFixture("052__snoyberg__photosorter.yaml");

        assertThat(stanza(config, 0, WebAppStanza.class).hosts()).containsExactly("192.168.0.2");
        assertThat(config.plugins().postgres()).isTrue();
    }

    @Test
    void backgroundsAndSecureRedirect014() throws Exception {
        BundleConfig config = parseFixture("014__snowdriftcoop__snowdrift.yaml");

        assertThat(config.backgrounds()).hasSize(2);
        BackgroundStanza daemon = config.backgrounds().get(0);
        assertThat(daemon.args()).containsExactly("--db=production", "--email=notifications@snowdrift.coop");
        assertThat(daemon.restartCount()).isEqualTo(RestartCount.UNLIMITED);
        assertThat(daemon.restartDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.backgrounds().get(1).exec()).isEqualTo(inBundle("ops/manage-symlink"));
        assertThat(stanza(config, 3, RedirectStanza.class).actions()).containsExactly(new RedirectAction(Optional.empty(),
                new RedirectTarget.HostTarget("snowdrift.coop", true, OptionalInt.empty())));
    }
}
