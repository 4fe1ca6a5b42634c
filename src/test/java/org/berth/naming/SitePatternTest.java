package org.berth.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SitePatternTest {

    private static boolean matches(String pattern, String site) {
        return new SitePattern(pattern).matches(SiteName.parse(site));
    }

    @Test
    void starMatchesEverySite() {
        assertThat(matches("*", "foo.example.org")).isTrue();
        assertThat(matches("*", "a")).isTrue();
        assertThat(matches("*", "xn--bcher-kva.example")).isTrue();
    }

    @Test
    void anExactNameMatchesOnlyItself() {
        assertThat(matches("foo.example.org", "foo.example.org")).isTrue();
        assertThat(matches("FOO.Example.org", "foo.example.org")).isTrue();
        assertThat(matches("foo.example.org", "bar.example.org")).isFalse();
        assertThat(matches("foo.example.org", "a.foo.example.org")).isFalse();
        assertThat(matches("foo.example.org", "example.org")).isFalse();
    }

    @Test
    void aWildcardMatchesSubdomainsAtAnyDepth() {
        assertThat(matches("*.example.org", "a.example.org")).isTrue();
        assertThat(matches("*.example.org", "a.b.example.org")).isTrue();
        assertThat(matches("*.Example.ORG", "a.example.org")).isTrue();
    }

    @Test
    void aWildcardDoesNotMatchTheDomainItselfOrLookalikes() {
        assertThat(matches("*.example.org", "example.org")).isFalse();
        assertThat(matches("*.example.org", "badexample.org")).isFalse();
        assertThat(matches("*.example.org", "a.example.org.evil.com")).isFalse();
        assertThat(matches("*.example.org", "a.example.com")).isFalse();
    }

    @Test
    void thePatternIsStoredLowerCased() {
        assertThat(new SitePattern("*.Example.ORG").pattern()).isEqualTo("*.example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "**", "*.", "*.*", "a.*", "foo*.org", "*example.org", "../x", "%2Ftmp", "a b", "*.a..b"})
    void refusesInvalidPatternsWithAMessage(String pattern) {
        assertThatThrownBy(() -> new SitePattern(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected '*', a site name, or '*.' followed by a domain; found '" + pattern.toLowerCase() + "'");
    }

    @Test
    void anyMatchesChecksEveryPattern() {
        SiteName site = SiteName.parse("a.example.org");
        assertThat(SitePattern.anyMatches(List.of("foo.org", "*.example.org"), site)).isTrue();
        assertThat(SitePattern.anyMatches(List.of("foo.org", "example.org"), site)).isFalse();
        assertThat(SitePattern.anyMatches(List.of(), site)).isFalse();
    }
}
