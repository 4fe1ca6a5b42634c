package org.berth.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS client for the tests, on a real socket: it sends the SNI name and ALPN protocols it is told, and
 * reports the certificate the server chose. By default it accepts any certificate, since the tests ask
 * which one was presented; {@link #verifying} checks it as a browser would.
 */
final class TlsTestClient implements AutoCloseable {
    private final SSLSocket socket;

    private TlsTestClient(SSLSocket socket) {
        this.socket = socket;
    }

    /** Handshakes with a client that accepts any certificate. */
    static TlsTestClient connect(int port, String serverName, String... alpn) throws IOException {
        return connect(acceptingAnything(), port, serverName, null, alpn);
    }

    /** Handshakes trusting only {@code trust}, and checking the certificate is valid for {@code serverName}. */
    static TlsTestClient verifying(SSLContext trust, int port, String serverName, String... alpn) throws IOException {
        return connect(trust, port, serverName, "HTTPS", alpn);
    }

    /** A handshake with exactly these protocol versions offered, e.g. TLSv1.1 to see it refused. */
    static TlsTestClient withProtocols(int port, String serverName, String... protocols) throws IOException {
        SSLSocket socket = socket(acceptingAnything(), port, serverName, null);
        socket.setEnabledProtocols(protocols);
        socket.startHandshake();
        return new TlsTestClient(socket);
    }

    private static TlsTestClient connect(SSLContext context, int port, String serverName, String identification,
                                         String... alpn) throws IOException {
        SSLSocket socket = socket(context, port, serverName, identification);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(alpn);
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return new TlsTestClient(socket);
    }

    private static SSLSocket socket(SSLContext context, int port, String serverName, String identification)
            throws IOException {
        // Layered over a plain socket so the peer's name is the server name, as for a browser that looked it up.
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain,
                serverName == null ? "localhost" : serverName, port, true);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        parameters.setEndpointIdentificationAlgorithm(identification);
        socket.setSSLParameters(parameters);
        return socket;
    }

    X509Certificate peerCertificate() throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    String serial() throws IOException {
        return peerCertificate().getSerialNumber().toString(16);
    }

    String protocol() {
        return socket.getApplicationProtocol();
    }

    String tlsVersion() {
        return socket.getSession().getProtocol();
    }

    String cipherSuite() {
        return socket.getSession().getCipherSuite();
    }

    /** Sends a line and reads the echo back: the connection still carries data. */
    String echo(String text) throws IOException {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        byte[] back = in.readNBytes(bytes.length);
        return new String(back, StandardCharsets.UTF_8).strip();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static SSLContext acceptingAnything() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // the tests look at which certificate came, not whether it is trusted
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
