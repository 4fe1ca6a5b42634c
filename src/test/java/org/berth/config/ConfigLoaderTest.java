package org.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    private BerthConfig load(String yaml) throws IOException, ConfigException {
        return new ConfigLoader(dir).load(write("berth.yaml", yaml));
    }

    private ConfigException loadFails(String yaml) throws IOException {
        Path file = write("berth.yaml", yaml);
        try {
            new ConfigLoader(dir).load(file);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected the configuration to be refused:\n" + yaml);
    }

    private String file() {
        return dir.resolve("berth.yaml").toString();
    }

    private static Path fixture() throws URISyntaxException {
        return Path.of(ConfigLoaderTest.class.getResource("/alkane/alkane.conf").toURI());
    }

    // --- Alkane's own file -------------------------------------------------------------------------

    @Test
    void loadsTheAlkaneFixtureWithRootsAgainstTheWorkingDirectory() throws Exception {
        Path workingDirectory = dir.resolve("work");
        BerthConfig config = new ConfigLoader(workingDirectory).load(fixture());

        assertThat(config.siteDirectoryTemplate()).isEqualTo("%domain%.%tld%/%subdomain%");
        assertThat(config.roots().db()).isEqualTo(workingDirectory.resolve("db"));
        assertThat(config.roots().sites()).isEqualTo(workingDirectory.resolve("wwwroot"));
        assertThat(config.roots().recipes()).isEqualTo(workingDirectory.resolve("recipes"));
        assertThat(config.dataRoot()).isEqualTo(config.roots().db());
        assertThat(config.storeFile()).isEqualTo(workingDirectory.resolve("db/berth.db"));
        assertThat(config.lockDirectory()).isEqualTo(workingDirectory.resolve("db/locks"));
        assertThat(config.source()).isEqualTo(fixture().toAbsolutePath());
        assertThat(config.warnings()).isEmpty();
        assertThat(config.siteDefaults()).isEqualTo(SiteSettings.DEFAULTS);
        assertThat(config.sites()).isEmpty();
        assertThat(config.api().address()).isEqualTo("127.0.0.1");
        assertThat(config.api().port()).isEqualTo(10206);
        assertThat(config.api().bodyLimit()).isEqualTo(1024 * 1024);
        assertThat(config.api().tokens()).isEmpty();
        assertThat(config.outputLimit()).isEqualTo(BerthConfig.DEFAULT_OUTPUT_LIMIT);
    }

    @Test
    void absoluteRootsStayAsGiven() throws Exception {
        BerthConfig config = load("""
                roots:
                  db: /srv/alkane/db
                  sites: /srv/www
                  recipes: /srv/recipes
                """);
        assertThat(config.roots()).isEqualTo(new AlkaneRoots(Path.of("/srv/alkane/db"), Path.of("/srv/www"),
                Path.of("/srv/recipes")));
        assertThat(config.dataRoot()).isEqualTo(Path.of("/srv/alkane/db"));
    }

    @Test
    void defaultsWhenKeysAreAbsent() throws Exception {
        BerthConfig config = load("");
        assertThat(config.roots().db()).isEqualTo(Path.of("/var/db/alkane"));
        assertThat(config.roots().sites()).isEqualTo(Path.of("/var/wwwroot"));
        assertThat(config.roots().recipes()).isEqualTo(Path.of("/usr/local/libexec/alkane"));
        assertThat(config.siteDirectoryTemplate()).isEqualTo("%domain%.%tld%/%subdomain%");
        assertThat(config.dataRoot()).isEqualTo(Path.of("/var/lib/berth"));
        assertThat(config.siteDefaults().timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void someRootsGivenOthersDefault() throws Exception {
        BerthConfig config = load("roots:\n  sites: www\n");
        assertThat(config.roots().sites()).isEqualTo(dir.resolve("www"));
        assertThat(config.roots().db()).isEqualTo(Path.of("/var/db/alkane"));
        assertThat(config.roots().recipes()).isEqualTo(Path.of("/usr/local/libexec/alkane"));
        // no roots.db: not an Alkane data layout, berth's own default
        assertThat(config.dataRoot()).isEqualTo(Path.of("/var/lib/berth"));
    }

    @Test
    void berthsRootResolvesAgainstTheConfigFolder() throws Exception {
        Path file = write("etc/berth.yaml", "root: state\nroots:\n  db: db\n");
        BerthConfig config = new ConfigLoader(dir.resolve("elsewhere")).load(file);
        assertThat(config.dataRoot()).isEqualTo(dir.resolve("etc/state"));
        assertThat(config.roots().db()).isEqualTo(dir.resolve("elsewhere/db"));
    }

    // --- wrong types -------------------------------------------------------------------------------

    @Test
    void aPortThatIsNotANumber() throws Exception {
        ConfigException e = loadFails("""
                api:
                  address: 127.0.0.1
                  port: abc
                """);
        assertThat(e.getMessage()).isEqualTo(file() + ":3: key 'api.port': expected a whole number from 0 to 65535, found \"abc\"");
        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(dir.resolve("berth.yaml"));
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.key()).isEqualTo("api.port");
        });
    }

    @Test
    void aPortOutOfRange() throws Exception {
        ConfigException e = loadFails("api:\n  port: 70000\n");
        assertThat(e.getMessage()).isEqualTo(file() + ":2: key 'api.port': expected a whole number from 0 to 65535, found 70000");
        assertThat(loadFails("api:\n  port: -1\n").getMessage()).endsWith("found -1");
        assertThat(loadFails("api:\n  port: 1.5\n").getMessage()).endsWith("found number 1.5");
    }

    @Test
    void aValidPortAndListener() throws Exception {
        BerthConfig config = load("api:\n  address: 0.0.0.0\n  port: 8080\n  mount-point: /alkane\n  trust-loopback: false\n"
                + "  body-limit: 2MiB\n");
        assertThat(config.api().port()).isEqualTo(8080);
        assertThat(config.api().address()).isEqualTo("0.0.0.0");
        assertThat(config.api().mountPoint()).isEqualTo("/alkane");
        assertThat(config.api().trustLoopback()).isFalse();
        assertThat(config.api().bodyLimit()).isEqualTo(2 * 1024 * 1024);
    }

    @Test
    void aMappingWhereTextIsExpected() throws Exception {
        ConfigException e = loadFails("roots:\n  db:\n    nested: x\n");
        assertThat(e.problems()).isNotEmpty().extracting(ConfigProblem::render)
                .containsOnly(file() + ":3: key 'roots.db': expected a text value, found a mapping");
    }

    @Test
    void rootsThatAreNotAMapping() throws Exception {
        ConfigException e = loadFails("roots: /var/db\n");
        assertThat(e.problems()).isNotEmpty().extracting(ConfigProblem::render)
                .containsOnly(file() + ":1: key 'roots': expected a mapping of keys to values, found \"/var/db\"");
    }

    @Test
    void aMistakeInRootsIsReportedOnce() throws Exception {
        assertThat(loadFails("roots:\n  db:\n    nested: x\n").getMessage())
                .isEqualTo(file() + ":3: key 'roots.db': expected a text value, found a mapping");
        assertThat(loadFails("roots: /var/db\n").getMessage())
                .isEqualTo(file() + ":1: key 'roots': expected a mapping of keys to values, found \"/var/db\"");
        assertThat(loadFails("roots:\n  sites: 42\n").problems()).hasSize(1);
    }

    @Test
    void anUnquotedYesWhereTextIsExpected() throws Exception {
        ConfigException e = loadFails("site-defaults:\n  after-success: yes\n");
        assertThat(e.getMessage()).isEqualTo(file() + ":2: key 'site-defaults.after-success': expected text, found the "
                + "boolean yes; put it in quotes (\"yes\") to make it text");
    }

    @Test
    void anUnquotedNumberInAnEnvBlock() throws Exception {
        ConfigException e = loadFails("site-defaults:\n  env:\n    PORT: 8080\n");
        assertThat(e.getMessage()).contains(":3: key 'site-defaults.env.PORT': expected text, found the number 8080; "
                + "put it in quotes (\"8080\") to make it text");
    }

    @Test
    void aBooleanThatIsNotOne() throws Exception {
        ConfigException e = loadFails("api:\n  trust-loopback: maybe\n");
        assertThat(e.getMessage()).isEqualTo(file() + ":2: key 'api.trust-loopback': expected true or false, found \"maybe\"");
    }

    @Test
    void aMountPointWithoutSlash() throws Exception {
        ConfigException e = loadFails("api:\n  mount-point: alkane\n");
        assertThat(e.getMessage()).isEqualTo(file() + ":2: key 'api.mount-point': expected a path starting with '/', "
                + "like /alkane; found \"alkane\"");
    }

    @Test
    void aTemplateThatLeavesTheRootOrHasUnknownPlaceholders() throws Exception {
        for (String template : List.of("../%fqdn%", "/var/www/%fqdn%", "%site%/x", "%domain%/../%fqdn%", "  ")) {
            ConfigException e = loadFails("site_directory_template: \"" + template + "\"\n");
            assertThat(e.getMessage()).as(template).isEqualTo(file() + ":1: key 'site_directory_template': expected a "
                    + "relative path made of %fqdn%, %subdomain%, %domain%, %tld% and plain text, like "
                    + "\"%domain%.%tld%/%subdomain%\"; found \"" + template + "\"");
        }
        assertThat(load("site_directory_template: \"%fqdn%\"\n").siteDirectoryTemplate()).isEqualTo("%fqdn%");
    }

    @Test
    void storeOutputLimit() throws Exception {
        assertThat(load("store:\n  output-limit: 1MiB\n").outputLimit()).isEqualTo(1024 * 1024);
        assertThat(load("store:\n  output-limit: 4096\n").outputLimit()).isEqualTo(4096);
        ConfigException e = loadFails("store:\n  output-limit: lots\n");
        assertThat(e.getMessage()).isEqualTo(file() + ":2: key 'store.output-limit': expected a size such as 1MiB, "
                + "512KiB or 1048576; found \"lots\"");
    }

    // --- unknown keys, repeated keys -----------------------------------------------------------------

    @Test
    void unknownKeysAreWarningsNamingKeyAndLine() throws Exception {
        BerthConfig config = load("""
                roots:
                  db: db
                  dbb: typo
                rots:
                  sites: www
                api:
                  prot: 1
                """);
        assertThat(config.warnings()).extracting(ConfigProblem::render).containsExactlyInAnyOrder(
                file() + ":3: key 'roots.dbb': unknown key, ignored",
                file() + ":4: key 'rots': unknown key, ignored",
                file() + ":7: key 'api.prot': unknown key, ignored");
        assertThat(config.roots().db()).isEqualTo(dir.resolve("db"));
    }

    @Test
    void unknownKeysInsideSitesAndTokensAreWarnings() throws Exception {
        BerthConfig config = load("""
                sites:
                  foo.acme.tld:
                    timout: 5m
                api:
                  tokens:
                    - name: ci
                      token: 0123456789abcdef0123
                      site: foo.acme.tld
                """);
        assertThat(config.warnings()).extracting(ConfigProblem::render).containsExactlyInAnyOrder(
                file() + ":3: key 'sites.foo.acme.tld.timout': unknown key, ignored",
                file() + ":8: key 'api.tokens[0].site': unknown key, ignored");
    }

    @Test
    void aRepeatedKeyWarnsAndTheLastValueWins() throws Exception {
        BerthConfig config = load("api:\n  port: 1000\n  port: 2000\n");
        assertThat(config.api().port()).isEqualTo(2000);
        assertThat(config.warnings()).extracting(ConfigProblem::render)
                .containsExactly(file() + ":3: key 'api.port': repeated key; the last value is used");
    }

    // --- broken files ------------------------------------------------------------------------------

    @Test
    void malformedYamlIsALocatedError() throws Exception {
        ConfigException e = loadFails("roots:\n  db: db\n  sites: [unclosed\nsite_directory_template: x\n");
        assertThat(e.getMessage()).startsWith(file() + ":").contains("not valid YAML");
        assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem.line()).isBetween(3, 5));
    }

    @Test
    void badIndentationIsALocatedError() throws Exception {
        ConfigException e = loadFails("roots:\n  db: db\n sites: www\n");
        assertThat(e.getMessage()).startsWith(file() + ":3: not valid YAML: ");
    }

    @Test
    void aTopLevelListIsRefused() throws Exception {
        ConfigException e = loadFails("- a\n- b\n");
        assertThat(e.getMessage()).isEqualTo(file() + ":1: expected a mapping of keys to values at the top of the file");
    }

    @Test
    void aMissingFile() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> new ConfigLoader(dir).load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void aFileThatIsNotUtf8() throws Exception {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> new ConfigLoader(dir).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": file is not valid UTF-8 text");
    }

    // --- durations ---------------------------------------------------------------------------------

    @Test
    void durationsWithUnits() throws Exception {
        assertThat(load("site-defaults:\n  timeout: 10m\n").siteDefaults().timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(load("site-defaults:\n  timeout: 90s\n").siteDefaults().timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(load("site-defaults:\n  timeout: 1h30m\n").siteDefaults().timeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(load("site-defaults:\n  timeout: 500ms\n").siteDefaults().timeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aDurationWithoutUnitIsAnError() throws Exception {
        ConfigException e = loadFails("site-defaults:\n  timeout: 10\n");
        assertThat(e.getMessage()).isEqualTo(file() + ":2: key 'site-defaults.timeout': expected a duration with a unit, "
                + "like 30s, 500ms, 10m or 1h; found number 10");
        assertThat(loadFails("site-defaults:\n  timeout: ten minutes\n").getMessage())
                .contains("expected a duration with a unit").endsWith("found \"ten minutes\"");
        assertThat(loadFails("site-defaults:\n  timeout: true\n").getMessage())
                .contains("expected a duration with a unit").endsWith("found boolean true");
    }

    @Test
    void hugeNumbersAreLocatedErrors() throws Exception {
        assertThat(loadFails("site-defaults:\n  timeout: 99999999999999999999s\n").getMessage())
                .startsWith(file() + ":2: key 'site-defaults.timeout': expected a duration with a unit");
        assertThat(loadFails("store:\n  output-limit: 99999999999999999999\n").getMessage())
                .startsWith(file() + ":2: key 'store.output-limit': expected a size");
    }

    @Test
    void aZeroTimeoutIsAnError() throws Exception {
        ConfigException e = loadFails("sites:\n  foo.acme.tld:\n    timeout: 0s\n");
        assertThat(e.getMessage()).isEqualTo(file() + ":3: key 'sites.foo.acme.tld.timeout': expected a duration above zero");
    }

    // --- site settings -----------------------------------------------------------------------------

    @Test
    void siteDefaultsAndPerSiteOverridesMerge() throws Exception {
        BerthConfig config = load("""
                site-defaults:
                  timeout: 5m
                  after-success: systemctl reload php-fpm
                  env:
                    APP_ENV: production
                    SHARED: defaults
                sites:
                  foo.acme.tld:
                    timeout: 30s
                    env:
                      SHARED: foo
                      ONLY_FOO: "1"
                  bar.acme.tld:
                    after-success: /usr/local/bin/reload-bar
                """);

        assertThat(config.siteDefaults()).isEqualTo(new SiteSettings(Duration.ofMinutes(5),
                Optional.of("systemctl reload php-fpm"), Map.of("APP_ENV", "production", "SHARED", "defaults")));

        SiteSettings foo = config.siteSettings("foo.acme.tld");
        assertThat(foo.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(foo.afterSuccess()).contains("systemctl reload php-fpm");
        assertThat(foo.env()).containsExactlyInAnyOrderEntriesOf(
                Map.of("APP_ENV", "production", "SHARED", "foo", "ONLY_FOO", "1"));

        SiteSettings bar = config.siteSettings("bar.acme.tld");
        assertThat(bar.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(bar.afterSuccess()).contains("/usr/local/bin/reload-bar");
        assertThat(bar.env()).containsExactlyInAnyOrderEntriesOf(Map.of("APP_ENV", "production", "SHARED", "defaults"));

        assertThat(config.siteSettings("other.acme.tld")).isEqualTo(config.siteDefaults());
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void siteKeysAreLowerCased() throws Exception {
        BerthConfig config = load("sites:\n  FOO.Acme.TLD:\n    timeout: 1m\n");
        assertThat(config.sites()).containsOnlyKeys("foo.acme.tld");
        assertThat(config.siteSettings("foo.acme.tld").timeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aBlankAfterSuccessMeansNone() throws Exception {
        BerthConfig config = load("site-defaults:\n  after-success: \"  \"\n");
        assertThat(config.siteDefaults().afterSuccess()).isEmpty();
    }

    @Test
    void anInvalidSiteNameUnderSitesIsAnError() throws Exception {
        ConfigException e = loadFails("""
                sites:
                  foo.acme.tld:
                    timeout: 1m
                  "../x":
                    timeout: 1m
                """);
        assertThat(e.getMessage()).isEqualTo(file() + ":4: key 'sites.../x': expected a site name as the key; "
                + "invalid site name: the name has an empty label (two dots in a row, or a dot at the start or end)");
        assertThat(loadFails("sites:\n  \"%2Ftmp%2Fx\": {}\n").getMessage())
                .startsWith(file() + ":2: key 'sites.%2Ftmp%2Fx': expected a site name as the key; invalid site name: "
                        + "the name contains '%'");
    }

    @Test
    void anEnvValueThatIsNull() throws Exception {
        ConfigException e = loadFails("site-defaults:\n  env:\n    EMPTY:\n");
        assertThat(e.getMessage()).isEqualTo(file() + ":3: key 'site-defaults.env.EMPTY': expected a text value, found nothing (null)");
    }

    // --- tokens ------------------------------------------------------------------------------------

    @Test
    void tokensWithTheirSitePatterns() throws Exception {
        BerthConfig config = load("""
                api:
                  tokens:
                    - name: ci
                      token: 0123456789abcdef0123456789abcdef
                      sites: ["*.acme.tld", "foo.example.org"]
                    - token: fedcba9876543210fedcba9876543210
                """);
        assertThat(config.api().tokens()).containsExactly(
                new ApiToken("ci", "0123456789abcdef0123456789abcdef", List.of("*.acme.tld", "foo.example.org")),
                // no sites and no apps: the token covers everything
                new ApiToken("token-2", "fedcba9876543210fedcba9876543210", List.of("*"), List.of("*")));
        assertThat(config.api().tokens().get(0).toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void aTokenShorterThan16Characters() throws Exception {
        ConfigException e = loadFails("api:\n  tokens:\n    - name: ci\n      token: short-secret\n");
        assertThat(e.getMessage()).isEqualTo(file() + ":4: key 'api.tokens[0].token': expected a token of at least "
                + "16 characters (try: openssl rand -hex 32)");
        // exactly 16 is enough
        assertThat(load("api:\n  tokens:\n    - token: \"0123456789abcdef\"\n").api().tokens()).hasSize(1);
    }

    @Test
    void aMissingToken() throws Exception {
        ConfigException e = loadFails("api:\n  tokens:\n    - name: ci\n");
        assertThat(e.getMessage()).isEqualTo(file() + ":3: key 'api.tokens[0].token': required key is missing; "
                + "expected the token itself, or 'token-file' naming a file that holds it");
    }

    @Test
    void tokenAndTokenFileTogether() throws Exception {
        write("secret", "0123456789abcdef0123456789abcdef\n");
        ConfigException e = loadFails("""
                api:
                  tokens:
                    - name: ci
                      token: 0123456789abcdef0123456789abcdef
                      token-file: secret
                """);
        assertThat(e.getMessage()).isEqualTo(file() + ":5: key 'api.tokens[0].token-file': expected either 'token' "
                + "or 'token-file', not both");
    }

    @Test
    void aTokenFileIsReadAndStripped() throws Exception {
        Path secret = write("secrets/ci.token", "  0123456789abcdef0123456789abcdef \n\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        BerthConfig config = load("api:\n  tokens:\n    - name: ci\n      token-file: secrets/ci.token\n");
        assertThat(config.api().tokens()).singleElement()
                .satisfies(token -> assertThat(token.secret()).isEqualTo("0123456789abcdef0123456789abcdef"));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void aTokenFileReadableByOthersWarns() throws Exception {
        Path secret = write("ci.token", "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        BerthConfig config = load("api:\n  tokens:\n    - token-file: ci.token\n");
        assertThat(config.warnings()).extracting(ConfigProblem::render).containsExactly(file()
                + ":3: key 'api.tokens[0].token-file': file " + secret + " is readable by other users; chmod 600 it");
    }

    @Test
    void aMissingTokenFile() throws Exception {
        ConfigException e = loadFails("api:\n  tokens:\n    - token-file: nope.token\n");
        assertThat(e.getMessage()).isEqualTo(file() + ":3: key 'api.tokens[0].token-file': cannot read secret file "
                + dir.resolve("nope.token") + " (NoSuchFileException); expected a readable file holding the token");
    }

    @Test
    void aShortTokenFile() throws Exception {
        Path secret = write("ci.token", "short\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        ConfigException e = loadFails("api:\n  tokens:\n    - token-file: ci.token\n");
        assertThat(e.getMessage()).isEqualTo(file() + ":3: key 'api.tokens[0].token-file': expected a token of at "
                + "least 16 characters (try: openssl rand -hex 32)");
    }

    @Test
    void anInvalidTokenSitePattern() throws Exception {
        ConfigException e = loadFails("""
                api:
                  tokens:
                    - token: 0123456789abcdef0123456789abcdef
                      sites: ["*.*"]
                """);
        assertThat(e.getMessage()).isEqualTo(file() + ":4: key 'api.tokens[0].sites': expected '*', a site name, "
                + "or '*.' followed by a domain; found '*.*'");
    }

    @Test
    void tokenSitesMustBeAList() throws Exception {
        ConfigException e = loadFails("""
                api:
                  tokens:
                    - token: 0123456789abcdef0123456789abcdef
                      sites: foo.acme.tld
                """);
        assertThat(e.getMessage()).isEqualTo(file() + ":4: key 'api.tokens[0].sites': expected a list of text values, "
                + "found \"foo.acme.tld\"");
    }

    @Test
    void webhookSecrets() throws Exception {
        BerthConfig config = load("""
                api:
                  webhooks:
                    - name: gitea
                      secret: 0123456789abcdef0123456789abcdef
                      sites: ["foo.acme.tld"]
                """);
        assertThat(config.api().webhooks()).containsExactly(
                new WebhookSecret("gitea", "0123456789abcdef0123456789abcdef", List.of("foo.acme.tld")));
        assertThat(loadFails("api:\n  webhooks:\n    - secret: tiny\n").getMessage()).isEqualTo(file()
                + ":3: key 'api.webhooks[0].secret': expected a secret of at least 16 characters (try: openssl rand -hex 32)");
    }

    // --- everything at once ------------------------------------------------------------------------

    @Test
    void multipleErrorsAreAllReported() throws Exception {
        ConfigException e = loadFails("""
                api:
                  port: abc
                  tokens:
                    - token: short
                site-defaults:
                  timeout: 10
                sites:
                  "a..b":
                    timeout: 1m
                """);
        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::key).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(2, "api.port"),
                org.assertj.core.groups.Tuple.tuple(4, "api.tokens[0].token"),
                org.assertj.core.groups.Tuple.tuple(6, "site-defaults.timeout"),
                org.assertj.core.groups.Tuple.tuple(8, "sites.a..b"));
        assertThat(e.getMessage().lines()).hasSize(4);
        assertThat(e.getMessage())
                .contains("expected a whole number from 0 to 65535, found \"abc\"")
                .contains("expected a token of at least 16 characters")
                .contains("expected a duration with a unit")
                .contains("expected a site name as the key");
    }
}
