package org.berth.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * The ACME challenges berth can answer itself (RFC 8555 §8.3, RFC 8737): {@code http-01} on the
 * proxy's plain listener, {@code tls-alpn-01} on its TLS listener. dns-01 (needed for wildcard
 * certificates) is not among them: it needs a DNS provider's API.
 */
public enum AcmeChallenge {
    HTTP_01("http-01"),
    TLS_ALPN_01("tls-alpn-01");

    private final String keyword;

    AcmeChallenge(String keyword) {
        this.keyword = keyword;
    }

    /** The name used in configs and by ACME itself, e.g. {@code http-01}. */
    public String keyword() {
        return keyword;
    }

    public static Optional<AcmeChallenge> parse(String text) {
        return Arrays.stream(values()).filter(challenge -> challenge.keyword.equals(text)).findFirst();
    }

    @Override
    public String toString() {
        return keyword;
    }
}
