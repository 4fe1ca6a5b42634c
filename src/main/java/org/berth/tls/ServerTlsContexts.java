package org.berth.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Builds the server-side TLS contexts: TLS 1.3 and 1.2 only, forward-secret AEAD suites only, and ALPN
 * offering {@code h2} before {@code http/1.1}. A client that shares none of them fails the handshake
 * rather than falling back to something weaker. The provider is Netty's default (OpenSSL when
 * netty-tcnative is on the class path, else the JDK's), so a faster provider needs no change here.
 */
public final class ServerTlsContexts {
    /** ALPN protocol of RFC 8737: a validation handshake for tls-alpn-01, never application data. */
    public static final String ACME_TLS_1 = "acme-tls/1";
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** TLS 1.3's three suites, then TLS 1.2's ECDHE + AEAD ones (Mozilla's "intermediate" list, IANA names). */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final ApplicationProtocolConfig HTTP = alpn(ApplicationProtocolNames.HTTP_2,
            ApplicationProtocolNames.HTTP_1_1);
    private static final ApplicationProtocolConfig ACME = alpn(ACME_TLS_1);
    /** Sessions kept for resumption, and for how long: the JDK's own defaults, written down. */
    static final long RESUMPTION_CACHE_SIZE = 20_480;
    static final long RESUMPTION_TIMEOUT_SECONDS = 86_400;
    /**
     * The JDK sends no session ticket (TLS 1.3, nor TLS 1.2's RFC 5077 one) when the session timeout is
     * longer than its longest ticket lifetime, 7 days (RFC 8446 §4.6.1): one second more turns tickets off
     * for this context alone, where the switches ({@code jdk.tls.server.enableSessionTicketExtension},
     * {@code jdk.tls.server.newSessionTicketCount}) are JVM-wide. TLS 1.2 resumption by session ID needs the
     * session in the server's cache: {@link SniAlpnHandler} invalidates it after the handshake.
     */
    static final long NO_TICKETS_TIMEOUT_SECONDS = 7 * 86_400 + 1;

    private ServerTlsContexts() {
    }

    /**
     * The context that serves HTTP/2 and HTTP/1.1 with this key and chain; with {@code resumption}, clients
     * may resume their sessions (Keter's listener {@code session: true}), else every connection makes a full
     * handshake.
     */
    public static SslContext serving(CertifiedKey certified, boolean resumption) throws SSLException {
        SslContextBuilder builder = builder(certified.key(), certified.chain()).applicationProtocolConfig(HTTP);
        if (resumption) {
            builder.sessionCacheSize(RESUMPTION_CACHE_SIZE).sessionTimeout(RESUMPTION_TIMEOUT_SECONDS);
        } else {
            builder.sessionCacheSize(1).sessionTimeout(NO_TICKETS_TIMEOUT_SECONDS);
        }
        return builder.build();
    }

    /**
     * The context for one tls-alpn-01 validation: the challenge certificate, and {@code acme-tls/1} as the only
     * protocol, so the CA's handshake negotiates it as RFC 8737 §3 requires.
     */
    public static SslContext acmeChallenge(PrivateKey key, X509Certificate challengeCertificate) throws SSLException {
        return builder(key, List.of(challengeCertificate)).applicationProtocolConfig(ACME).build();
    }

    private static SslContextBuilder builder(PrivateKey key, List<X509Certificate> chain) {
        return SslContextBuilder.forServer(key, chain)
                .protocols(PROTOCOLS)
                .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
    }

    /** NO_ADVERTISE and ACCEPT: a client without ALPN still gets HTTP/1.1, as before ALPN existed. */
    private static ApplicationProtocolConfig alpn(String... protocols) {
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocols);
    }
}
