package org.berth.tls;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.berth.config.AcmeSettings;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * Opens acme4j sessions to the configured directory. With {@code acme.ca-certificates}, the HTTPS client
 * trusts those roots besides the JDK's own, so a private or test CA (pebble) works without touching the
 * JVM's trust store.
 */
final class AcmeSessions {
    private final URI directory;
    private final Duration timeout;
    private final SSLContext trust;

    private AcmeSessions(URI directory, Duration timeout, SSLContext trust) {
        this.directory = directory;
        this.timeout = timeout;
        this.trust = trust;
    }

    static AcmeSessions of(AcmeSettings settings, Duration timeout) throws TlsFileException {
        return new AcmeSessions(settings.directory(), timeout,
                settings.caCertificates().isEmpty() ? null : trusting(settings.caCertificates()));
    }

    URI directory() {
        return directory;
    }

    Session open() {
        Session session = trust == null ? new Session(directory) : new Session(directory, new TrustingProvider(trust));
        session.networkSettings().setTimeout(timeout);
        return session;
    }

    /** The JDK's roots plus the given ones, as one ordinary trust store (hostname checks stay on). */
    private static SSLContext trusting(List<Path> files) throws TlsFileException {
        List<X509Certificate> roots = new ArrayList<>();
        for (Path file : files) {
            roots.addAll(PemFiles.readCertificates(file));
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (X509Certificate root : defaultRoots()) {
                store.setCertificateEntry("jdk-" + index++, root);
            }
            for (X509Certificate root : roots) {
                store.setCertificateEntry("configured-" + index++, root);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsFileException("cannot build a trust store from " + files + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> defaultRoots() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        List<X509Certificate> roots = new ArrayList<>();
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                roots.addAll(List.of(x509.getAcceptedIssuers()));
            }
        }
        return roots;
    }

    /** acme4j's generic provider, with the HTTP client built as acme4j builds it, plus our trust. */
    private static final class TrustingProvider extends GenericAcmeProvider {
        private final SSLContext trust;

        TrustingProvider(SSLContext trust) {
            this.trust = trust;
        }

        @Override
        public HttpClient createHttpClient(NetworkSettings settings) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(settings.getTimeout())
                    .proxy(settings.getProxySelector())
                    .sslContext(trust);
            if (settings.getAuthenticator() != null) {
                builder.authenticator(settings.getAuthenticator());
            }
            return builder.build();
        }
    }
}
