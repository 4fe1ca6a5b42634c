package org.berth.tls;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The current {@link HostCertificates}, shared by every TLS listener and replaced whole. A connection
 * reads it once, during its ClientHello; one that has finished its handshake keeps its SSLEngine and
 * never looks again, so a replacement cannot disturb it.
 */
public final class CertificateTable {
    private final AtomicReference<HostCertificates> current = new AtomicReference<>(HostCertificates.EMPTY);

    public HostCertificates current() {
        return current.get();
    }

    public void replace(HostCertificates next) {
        current.set(next);
    }
}
