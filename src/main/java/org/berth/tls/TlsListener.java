package org.berth.tls;

import java.util.Optional;

/**
 * One TLS listener's view of {@link TlsService}: its default certificate and the selector that picks a
 * host's own one by SNI. The proxy puts {@link #newHandler()} first in each accepted connection's pipeline.
 */
public final class TlsListener {
    private final CertificateSelector selector;
    private final Optional<CertificateSource.Files> defaultFiles;

    TlsListener(CertificateSelector selector, Optional<CertificateSource.Files> defaultFiles) {
        this.selector = selector;
        this.defaultFiles = defaultFiles;
    }

    /** A new handler for one accepted connection (handlers are per connection). */
    public SniAlpnHandler newHandler() {
        return new SniAlpnHandler(selector);
    }

    public CertificateSelector selector() {
        return selector;
    }

    /** The files of the default certificate; empty for a generated one. */
    Optional<CertificateSource.Files> defaultFiles() {
        return defaultFiles;
    }
}
