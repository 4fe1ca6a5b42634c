package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.berth.bundle.Ssl;
import org.berth.config.HstsSettings;
import org.berth.config.TlsListenerSpec;
import org.berth.config.TlsSettings;
import org.berth.testing.FreePorts;
import org.berth.tls.AcmeTimings;
import org.berth.tls.TestCertificates;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A TLS listener's {@code session} key with real handshakes through the proxy: with {@code session: true} a
 * client's later connections resume its TLS session; with {@code false} each makes a full handshake. A client
 * checks the server's certificate only in a full handshake (a resumed one sends none), so counting those
 * checks in the client's trust manager tells the two apart, for TLS 1.3 (tickets) and TLS 1.2 alike.
 */
class ProxyTlsSessionTest {
    private static final TestCertificates CA = TestCertificates.newAuthority("berth session test CA");
    private static final String HOST = "session.berth.test";
    private static final int CONNECTIONS = 3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void sessionTrueResumesLaterConnections(String protocol) throws Exception {
        assertThat(fullHandshakes(true, protocol)).as("full handshakes of %d connections", CONNECTIONS).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void sessionFalseMakesEveryConnectionHandshakeInFull(String protocol) throws Exception {
        assertThat(fullHandshakes(false, protocol)).as("full handshakes of %d connections", CONNECTIONS)
                .isEqualTo(CONNECTIONS);
    }

    /** Runs CONNECTIONS requests, one connection each, from one client; returns how many were full handshakes. */
    private int fullHandshakes(boolean session, String protocol) throws Exception {
        TestCertificates.PemPair listener = TestCertificates.write(dir, "listener-" + session, CA.issue(HOST));
        try (HttpsProxyFixture proxy = new HttpsProxyFixture(FreePorts.next(), FreePorts.next(),
                new TlsListenerSpec(listener.certificate(), listener.key(), List.of(), session),
                new TlsSettings(Optional.empty(), HstsSettings.OFF), dir.resolve("data-" + session), AcmeTimings.DEFAULT);
             HttpBackend backend = new HttpBackend("web")) {
            proxy.webapp(HOST, backend.target(), Ssl.ON, false);
            AtomicInteger checks = new AtomicInteger();
            SSLContext client = countingClient(checks);
            for (int i = 0; i < CONNECTIONS; i++) {
                assertThat(get(client, proxy.tlsPort, protocol)).as("answer %d", i).startsWith("HTTP/1.1 200");
            }
            return checks.get();
        }
    }

    /**
     * One request on a new connection. Reading the answer also reads the TLS 1.3 session ticket the server
     * sends after the handshake, so the next connection can offer it.
     */
    private static String get(SSLContext client, int port, String protocol) throws Exception {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(HOST)));
            parameters.setProtocols(new String[] {protocol});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** A client trusting the test CA that counts the server-certificate checks, i.e. the full handshakes. */
    private static SSLContext countingClient(AtomicInteger checks) throws Exception {
        java.security.KeyStore roots = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        roots.load(null, null);
        roots.setCertificateEntry("ca", CA.root());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(roots);
        X509TrustManager trusting = (X509TrustManager) factory.getTrustManagers()[0];
        X509TrustManager counting = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                trusting.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                checks.incrementAndGet();
                trusting.checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return trusting.getAcceptedIssuers();
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {counting}, null);
        return context;
    }
}
