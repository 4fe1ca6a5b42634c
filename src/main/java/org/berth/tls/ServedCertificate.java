package org.berth.tls;

import io.netty.handler.ssl.SslContext;

/**
 * A certificate ready for handshakes: the key and chain, and the context built from them once, so that
 * choosing it for a connection costs a map lookup.
 *
 * @param certified the key and chain
 * @param context   the server context serving them (TLS 1.2/1.3, ALPN h2 and http/1.1), sessions resumable
 * @param contextWithoutResumption the same for listeners with {@code session: false}: full handshakes only
 * @param origin    where it came from, for status and logs: a file name or "ACME"
 */
public record ServedCertificate(CertifiedKey certified, SslContext context, SslContext contextWithoutResumption,
                                String origin) {

    /** Builds the context; fails with a message naming {@code origin} when the TLS stack refuses the key. */
    public static ServedCertificate of(CertifiedKey certified, String origin) throws TlsFileException {
        try {
            return new ServedCertificate(certified, ServerTlsContexts.serving(certified, true),
                    ServerTlsContexts.serving(certified, false), origin);
        } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
            throw new TlsFileException(origin + ": the TLS stack refused this key and certificate (" + e.getMessage() + ")", e);
        }
    }

    /** The context for a listener with or without session resumption. */
    public SslContext context(boolean resumption) {
        return resumption ? context : contextWithoutResumption;
    }

    @Override
    public String toString() {
        return certified + " from " + origin;
    }
}
