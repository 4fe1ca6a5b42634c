package org.berth.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.berth.naming.SiteName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SitePathResolverTest {
    private static final String ALKANE_TEMPLATE = "%domain%.%tld%/%subdomain%";

    @TempDir
    Path sites;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "foo.example.org,     example.org/foo",
            "foo.acme.tld,        acme.tld/foo",
            "foo.acme.co.uk,      acme.co.uk/foo",
            "bar.foo.acme.eu.org, acme.eu.org/bar.foo",
            "FOO.Example.ORG,     example.org/foo"})
    void resolvesWithAlkanesTemplate(String name, String expected) {
        SitePathResolver resolver = new SitePathResolver(sites, ALKANE_TEMPLATE);
        assertThat(resolver.resolve(SiteName.parse(name))).contains(sites.resolve(expected));
    }

    @Test
    void cannotResolveANameWithoutSubdomain() {
        SitePathResolver resolver = new SitePathResolver(sites, ALKANE_TEMPLATE);
        assertThat(resolver.resolve(SiteName.parse("acme.org"))).isEmpty();
        assertThat(resolver.resolve(SiteName.parse("acme.tld"))).isEmpty();
        assertThat(resolver.resolve(SiteName.parse("org"))).isEmpty();
    }

    @Test
    void fqdnTemplateUsesTheWholeName() {
        SitePathResolver resolver = new SitePathResolver(sites, "%fqdn%");
        assertThat(resolver.resolve(SiteName.parse("foo.example.org"))).contains(sites.resolve("foo.example.org"));
        // %fqdn% does not need a subdomain label, so even a bare domain resolves.
        assertThat(resolver.resolve(SiteName.parse("acme.org"))).contains(sites.resolve("acme.org"));
    }

    @Test
    void plainTextAndMixedPlaceholdersAreKept() {
        SitePathResolver resolver = new SitePathResolver(sites, "%tld%/%domain%/%subdomain%/htdocs");
        assertThat(resolver.resolve(SiteName.parse("bar.foo.acme.eu.org")))
                .contains(sites.resolve("eu.org/acme/bar.foo/htdocs"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../%fqdn%", "/etc/%fqdn%", "%fqdn%/../../x", "%tld%/../..", "", ".", "%fqdn%/.."})
    void refusesTemplatesThatLeaveTheRoot(String template) {
        SitePathResolver resolver = new SitePathResolver(sites, template);
        assertThat(resolver.resolve(SiteName.parse("foo.example.org"))).isEmpty();
    }

    @Test
    void aRelativeRootIsMadeAbsolute() {
        SitePathResolver resolver = new SitePathResolver(Path.of("wwwroot"), ALKANE_TEMPLATE);
        Path resolved = resolver.resolve(SiteName.parse("foo.acme.tld")).orElseThrow();
        assertThat(resolved.isAbsolute()).isTrue();
        assertThat(resolved).isEqualTo(Path.of("wwwroot").toAbsolutePath().normalize().resolve("acme.tld/foo"));
    }
}
