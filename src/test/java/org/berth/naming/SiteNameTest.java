package org.berth.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SiteNameTest {

    private static InvalidSiteNameException invalid(String raw) {
        try {
            SiteName.parse(raw);
        } catch (InvalidSiteNameException e) {
            return e;
        }
        throw new AssertionError("expected '" + raw + "' to be refused");
    }

    @Test
    void lowerCasesTheName() {
        assertThat(SiteName.parse("FOO.Example.ORG").value()).isEqualTo("foo.example.org");
        assertThat(SiteName.parse("FOO.Example.ORG").toString()).isEqualTo("foo.example.org");
        assertThat(SiteName.isValid("FOO.Example.ORG")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "foo.example.org", "xn--bcher-kva.example", "xn--80ak6aa92e.com", "a1.b2.c3", "123.example.org",
            "my-site.ex-ample.org", "a", "localhost", "a-b-c.d--e.org", "foo.acme.tld"})
    void acceptsHostNames(String raw) {
        assertThat(SiteName.parse(raw).value()).isEqualTo(raw);
        assertThat(SiteName.isValid(raw)).isTrue();
    }

    @Test
    void acceptsLabelsOf63AndNamesOf253Characters() {
        String label63 = "a".repeat(63);
        assertThat(SiteName.parse(label63 + ".org").value()).isEqualTo(label63 + ".org");

        // 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253
        String name253 = label63 + "." + label63 + "." + label63 + "." + "b".repeat(61);
        assertThat(name253).hasSize(253);
        assertThat(SiteName.parse(name253).value()).hasSize(253);
    }

    @Test
    void refusesEmptyAndNullNames() {
        assertThat(invalid("").reason()).isEqualTo("the name is empty");
        assertThat(invalid("").getMessage()).isEqualTo("invalid site name: the name is empty");
        assertThat(invalid(null).reason()).isEqualTo("the name is empty");
        assertThat(SiteName.isValid("")).isFalse();
        assertThat(SiteName.isValid(null)).isFalse();
    }

    @Test
    void refusesPercentEncodedPaths() {
        InvalidSiteNameException e = invalid("%2Ftmp%2Fx");
        assertThat(e.getMessage()).isEqualTo(
                "invalid site name: the name contains '%'; only letters a-z, digits, hyphens and dots are allowed");
        assertThat(e.rawName()).isEqualTo("%2Ftmp%2Fx");
    }

    @Test
    void refusesSlashes() {
        assertThat(invalid("/tmp/x").reason()).isEqualTo(
                "the name contains a slash; only letters a-z, digits, hyphens and dots are allowed");
        assertThat(invalid("foo/bar.org").reason()).contains("a slash");
        assertThat(invalid("foo\\bar.org").reason()).contains("'\\'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../..", "a..b", ".a", "a.", ".", "../x", "foo.example.org."})
    void refusesEmptyLabels(String raw) {
        assertThat(invalid(raw).reason()).isEqualTo(
                "the name has an empty label (two dots in a row, or a dot at the start or end)");
        assertThat(invalid(raw).getMessage()).contains("empty label");
    }

    @ParameterizedTest
    @CsvSource({"-a.b, -a", "a-.b, a-", "ok.-x.org, -x", "ok.org-, org-"})
    void refusesHyphensAtTheEdgesOfALabel(String raw, String label) {
        assertThat(invalid(raw).reason()).isEqualTo("the label '" + label + "' starts or ends with a hyphen");
    }

    @Test
    void refusesALabelOf64Characters() {
        String label64 = "x".repeat(64);
        assertThat(invalid(label64 + ".org").reason())
                .isEqualTo("the label '" + "x".repeat(20) + "…' is longer than 63 characters")
                .contains("longer than 63");
        assertThat(invalid("www." + label64).reason()).contains("longer than 63");
    }

    @Test
    void refusesANameOf254Characters() {
        String label63 = "a".repeat(63);
        String name254 = label63 + "." + label63 + "." + label63 + "." + "b".repeat(62);
        assertThat(name254).hasSize(254);
        assertThat(invalid(name254).reason()).isEqualTo("the name is longer than 253 characters");
    }

    @Test
    void refusesNonAsciiAndPointsToTheXnForm() {
        InvalidSiteNameException e = invalid("héllo.org");
        assertThat(e.reason()).isEqualTo("the name contains 'é'; only letters a-z, digits, hyphens and dots are allowed"
                + " (write an international name in its xn-- form)");
        assertThat(invalid("bücher.example").reason()).contains("xn--");
    }

    @Test
    void refusesControlCharacters() {
        assertThat(invalid("foo\u0001.org").reason()).startsWith("the name contains a control character (U+0001)");
        assertThat(invalid("foo.org\n").reason()).startsWith("the name contains a control character (U+000A)");
        assertThat(invalid("foo\u0000.org").reason()).startsWith("the name contains a control character (U+0000)");
        assertThat(invalid("foo\u007f.org").reason()).startsWith("the name contains a control character (U+007F)");
    }

    @Test
    void refusesSpacesUnderscoresAndOtherPunctuation() {
        assertThat(invalid("foo bar.org").reason()).startsWith("the name contains ' '");
        assertThat(invalid(" foo.org").reason()).startsWith("the name contains ' '");
        assertThat(invalid("foo_bar.org").reason()).startsWith("the name contains '_'");
        assertThat(invalid("*.example.org").reason()).startsWith("the name contains '*'");
        assertThat(invalid("foo:80").reason()).startsWith("the name contains ':'");
    }

    @Test
    void theConstructorValidatesToo() {
        assertThatThrownBy(() -> new SiteName("Upper.org"))
                .isInstanceOf(InvalidSiteNameException.class)
                .hasMessage("invalid site name: the name contains 'U'; only letters a-z, digits, hyphens and dots are allowed");
        assertThatThrownBy(() -> new SiteName(null))
                .isInstanceOf(InvalidSiteNameException.class)
                .hasMessage("invalid site name: the name is empty");
    }

    @Test
    void equalityFollowsTheLowerCasedValue() {
        assertThat(SiteName.parse("Foo.Org")).isEqualTo(SiteName.parse("foo.org"));
    }

    @Test
    void refusesNonAsciiLettersThatLowerCaseToAscii() {
        assertThat(SiteName.isValid("\u212Aelvin.org")).isFalse();
        assertThatThrownBy(() -> SiteName.parse("\u212Aelvin.org")).isInstanceOf(InvalidSiteNameException.class);
    }
}
