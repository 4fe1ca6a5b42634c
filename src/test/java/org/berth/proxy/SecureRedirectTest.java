package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecureRedirectTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "example.org|/a/b?c=1&d=%2F|443|https://example.org/a/b?c=1&d=%2F",
            "example.org:80|/|443|https://example.org/",
            "example.org:8080|/x|443|https://example.org/x",
            "Example.ORG|/x|443|https://Example.ORG/x",
            "example.org|/x|8443|https://example.org:8443/x",
            "example.org:80|/x?y|8443|https://example.org:8443/x?y",
            "192.0.2.10:80|/|443|https://192.0.2.10/",
            "[::1]|/p|443|https://[::1]/p",
            "[2001:db8::1]:8080|/p|443|https://[2001:db8::1]/p",
            "[2001:db8::1]:80|/p|8443|https://[2001:db8::1]:8443/p",
            "2001:db8::1|/p|443|https://[2001:db8::1]/p",
            "sub_domain.example.org|/|443|https://sub_domain.example.org/",
            "example.org|http://example.org:80/abs?q|443|https://example.org/abs?q",
            "example.org|*|443|https://example.org/"})
    void theHttpsUrlKeepsHostPathAndQuery(String host, String target, int port, String location) {
        assertThat(SecureRedirect.to(host, target, port)).contains(new RedirectResponse(301, location));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "evil.example@good.example", "good.example/evil", "a b", "[::1", "[zz::1]",
            "[::1]x", "[::1]:", "host:abc", "host:", "host:1234567", "good.example\\evil", "good.example?x",
            "good.example#x", "ex%41mple.org"})
    void aHostThatCannotBeAnAuthorityGivesNoRedirect(String host) {
        assertThat(SecureRedirect.to(host, "/", 443)).isEmpty();
    }

    @Test
    void noHostGivesNoRedirect() {
        assertThat(SecureRedirect.to(null, "/", 443)).isEmpty();
    }

    @Test
    void theStatusIsMovedPermanently() {
        assertThat(SecureRedirect.to("example.org", "/", 443)).map(RedirectResponse::status).contains(301);
    }
}
