package org.berth.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.berth.bundle.Ssl;
import org.berth.config.AcmeChallenge;

/** Where a host's certificate comes from, as its stanza's {@code ssl} key says. */
public sealed interface CertificateSource {
    /** No certificate of its own ({@code ssl} absent, false or true): the listener's, or ACME with {@code all-hosts}. */
    Listener LISTENER = new Listener();

    record Listener() implements CertificateSource {
    }

    /** {@code ssl: {key, certificate, chain-certificates}}: absolute paths. */
    record Files(Path key, Path certificate, List<Path> chain) implements CertificateSource {
        public Files {
            chain = List.copyOf(chain);
        }
    }

    /** {@code ssl: acme}: from the configured ACME CA, by the named challenge or the configured preference. */
    record Acme(Optional<AcmeChallenge> challenge) implements CertificateSource {
    }

    static CertificateSource of(Ssl ssl) {
        return switch (ssl) {
            case Ssl.Off off -> LISTENER;
            case Ssl.On on -> LISTENER;
            case Ssl.Certificate files -> new Files(files.key(), files.certificate(), files.chain());
            case Ssl.Acme acme -> new Acme(acme.challenge());
        };
    }
}
