package org.berth.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.berth.naming.InvalidSiteNameException;
import org.berth.naming.SiteName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Alkane's public-suffix vectors, plus a few of berth's own. */
class DomainPartsTest {

    @ParameterizedTest(name = "{0} -> ({1}, {2}, {3})")
    @CsvSource({
            "foo.acme.org,         foo,     acme,    org",
            "foo.acme.co.uk,       foo,     acme,    co.uk",
            "foo.acme.eu.org,      foo,     acme,    eu.org",
            "bar.foo.acme.eu.org,  bar.foo, acme,    eu.org",
            "foo.acme.tld,         foo,     acme,    tld",
            "foo.example.org,      foo,     example, org",
            "a.b.c.example.com,    a.b.c,   example, com",
            "www.acme.github.io,   www,     acme,    github.io",
            "FOO.Acme.ORG,         foo,     acme,    org"})
    void splitsAroundTheRegistrableDomain(String name, String subdomain, String domain, String tld) {
        assertThat(DomainParts.of(SiteName.parse(name))).contains(new DomainParts(subdomain, domain, tld));
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme.org", "org", "acme.co.uk", "co.uk", "acme.eu.org", "acme.tld", "localhost"})
    void hasNoPartsWithoutASubdomainLabel(String name) {
        assertThat(DomainParts.of(SiteName.parse(name))).isEmpty();
    }

    @Test
    void anEmptyNameIsNotASiteName() {
        assertThatThrownBy(() -> SiteName.parse(""))
                .isInstanceOf(InvalidSiteNameException.class)
                .hasMessage("invalid site name: the name is empty");
    }

    @Test
    void aNumericLastLabelFallsBackToTheLastLabel() {
        // Guava refuses a numeric top-level label; berth falls back as Alkane does.
        assertThat(DomainParts.of(SiteName.parse("foo.acme.123"))).contains(new DomainParts("foo", "acme", "123"));
    }
}
