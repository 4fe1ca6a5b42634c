package org.berth.tls;

import io.netty.handler.ssl.SslContext;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Chooses the TLS context for one handshake on one listener, from what the ClientHello says: the
 * server name (SNI) and whether ALPN offers {@code acme-tls/1}. In order:
 * <ol>
 *   <li>{@code acme-tls/1} offered and a tls-alpn-01 validation pending for that name: the challenge context;</li>
 *   <li>the host's own certificate (a stanza's files or ACME), exact name before wildcard;</li>
 *   <li>the listener's default certificate (also for clients that send no SNI).</li>
 * </ol>
 * Lock-free: it reads immutable snapshots that are swapped whole.
 */
public final class CertificateSelector {
    private final CertificateTable table;
    private final TlsAlpnChallenges challenges;
    private final AtomicReference<ServedCertificate> fallback;
    private final boolean resumption;

    /** A listener's selector with session resumption off (Keter's default, {@code session: false}). */
    public CertificateSelector(CertificateTable table, TlsAlpnChallenges challenges, ServedCertificate fallback) {
        this(table, challenges, fallback, false);
    }

    /** @param resumption the listener's {@code session}: whether clients may resume TLS sessions */
    public CertificateSelector(CertificateTable table, TlsAlpnChallenges challenges, ServedCertificate fallback,
                               boolean resumption) {
        this.table = table;
        this.challenges = challenges;
        this.fallback = new AtomicReference<>(fallback);
        this.resumption = resumption;
    }

    /** Whether this listener lets clients resume TLS sessions. */
    public boolean resumption() {
        return resumption;
    }

    /** @param serverName the SNI name, or null when the client sent none */
    public SslContext select(String serverName, boolean offersAcmeTls) {
        if (offersAcmeTls) {
            Optional<SslContext> challenge = challenges.find(serverName);
            if (challenge.isPresent()) {
                return challenge.get();
            }
        }
        return certificateFor(serverName).context(resumption);
    }

    /** The certificate a normal handshake for this name gets. */
    public ServedCertificate certificateFor(String serverName) {
        return table.current().find(serverName).orElseGet(fallback::get);
    }

    public ServedCertificate fallback() {
        return fallback.get();
    }

    /** Replaces the listener's default certificate (its files changed); open connections keep theirs. */
    void replaceFallback(ServedCertificate next) {
        fallback.set(next);
    }
}
