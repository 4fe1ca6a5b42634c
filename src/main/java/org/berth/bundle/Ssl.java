package org.berth.bundle;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.berth.config.AcmeChallenge;

/** A stanza's {@code ssl} key. */
public sealed interface Ssl {
    Off OFF = new Off();
    On ON = new On();

    /** {@code ssl: false}, absent, or a mapping lacking key or certificate (Keter turns it off then). */
    record Off() implements Ssl {
    }

    /** {@code ssl: true}: APPROOT uses https; the certificate comes from the TLS listener. */
    record On() implements Ssl {
    }

    /**
     * {@code ssl: {key, certificate, chain-certificates}}: served by SNI for the stanza's hosts.
     * Relative paths are resolved against the bundle's {@code config/} directory (Keter uses them as written).
     */
    record Certificate(Path key, Path certificate, List<Path> chain) implements Ssl {
        public Certificate {
            chain = List.copyOf(chain);
        }
    }

    /**
     * berth's extension {@code ssl: acme} (Keter refuses a string here): a certificate from the ACME CA of
     * {@code berth.yaml}'s {@code acme:} block, served by SNI. {@code ssl: {acme: tls-alpn-01}} names the
     * challenge; otherwise the block's preference applies.
     */
    record Acme(Optional<AcmeChallenge> challenge) implements Ssl {
    }

    /** True unless off: APPROOT then starts with https. */
    default boolean enabled() {
        return !(this instanceof Off);
    }
}
