package org.berth.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * berth's {@code acme:} block: the account berth uses to get certificates automatically.
 *
 * @param directory      the CA's ACME directory URL (https)
 * @param email          contact address given to the CA when the account is created
 * @param acceptTerms    the operator accepted the CA's terms of service; without it no account is created
 * @param allHosts       also get certificates for every host that has none of its own ({@code ssl} absent,
 *                       false or true), not only for stanzas with {@code ssl: acme}
 * @param challenges     challenges to use, most preferred first; a stanza may name its own
 * @param caCertificates extra trusted roots for the directory's own HTTPS (a test CA such as pebble);
 *                       absolute, checked readable when the config was read
 */
public record AcmeSettings(URI directory, Optional<String> email, boolean acceptTerms, boolean allHosts,
                           List<AcmeChallenge> challenges, List<Path> caCertificates) {
    public static final URI LETS_ENCRYPT = URI.create("https://acme-v02.api.letsencrypt.org/directory");
    public static final URI LETS_ENCRYPT_STAGING = URI.create("https://acme-staging-v02.api.letsencrypt.org/directory");
    public static final List<AcmeChallenge> DEFAULT_CHALLENGES = List.of(AcmeChallenge.HTTP_01, AcmeChallenge.TLS_ALPN_01);

    public AcmeSettings {
        if (challenges.isEmpty()) {
            throw new IllegalArgumentException("at least one ACME challenge type is needed");
        }
        challenges = List.copyOf(challenges);
        caCertificates = List.copyOf(caCertificates);
    }
}
