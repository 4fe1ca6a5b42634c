package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.berth.bundle.Ssl;
import org.berth.config.HstsSettings;
import org.berth.config.TlsListenerSpec;
import org.berth.config.TlsSettings;
import org.berth.testing.FreePorts;
import org.berth.tls.AcmeTimings;
import org.berth.tls.CertificateState;
import org.berth.tls.CertificateStatus;
import org.berth.tls.CertifiedKey;
import org.berth.tls.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * HTTPS through the real proxy with certificate files: SNI picks the explicit, the wildcard or the
 * listener's certificate; HTTP/2 and HTTP/1.1 by ALPN; the backend learns the scheme; static files cross
 * TLS and HTTP/2; unusable files give one message naming the file while every other host serves.
 */
class ProxyHttpsTest {
    private static final TestCertificates CA = TestCertificates.newAuthority("berth proxy test CA");

    @TempDir
    Path dir;
    HttpsProxyFixture proxy;
    HttpBackend backend;
    CertifiedKey defaultCertificate;
    CertifiedKey shop;
    CertifiedKey wildcard;
    SSLContext trust;

    @BeforeEach
    void start() throws Exception {
        defaultCertificate = CA.issue("default.berth.test");
        shop = CA.issue("shop.berth.test");
        wildcard = CA.issue("*.apps.berth.test");
        TestCertificates.PemPair listener = TestCertificates.write(dir, "listener", defaultCertificate);
        proxy = new HttpsProxyFixture(FreePorts.next(), FreePorts.next(),
                new TlsListenerSpec(listener.certificate(), listener.key(), List.of(), false),
                new TlsSettings(Optional.empty(), HstsSettings.ON), dir.resolve("data"), AcmeTimings.DEFAULT);
        backend = new HttpBackend("web");
        trust = TestCertificates.trusting(CA.root());
    }

    @AfterEach
    void stop() {
        proxy.close();
        backend.close();
    }

    @Test
    void sniPicksTheExplicitTheWildcardOrTheListenerCertificate() throws Exception {
        proxy.webapp("shop.berth.test", backend.target(), files("shop", shop), false);
        proxy.webapp("*.apps.berth.test", backend.target(), files("wild", wildcard), false);
        proxy.webapp("plain.berth.test", backend.target(), Ssl.OFF, false);
        awaitState("shop.berth.test", CertificateState.VALID);
        awaitState("*.apps.berth.test", CertificateState.VALID);

        assertThat(servedSerial("shop.berth.test")).isEqualTo(shop.leaf().getSerialNumber());
        assertThat(servedSerial("a.apps.berth.test")).isEqualTo(wildcard.leaf().getSerialNumber());
        assertThat(servedSerial("a.b.apps.berth.test")).isEqualTo(defaultCertificate.leaf().getSerialNumber());
        assertThat(servedSerial("plain.berth.test")).isEqualTo(defaultCertificate.leaf().getSerialNumber());
        assertThat(servedSerial(null)).isEqualTo(defaultCertificate.leaf().getSerialNumber());

        HttpResponse<String> viaWildcard = proxy.get(HttpsProxyFixture.client(trust, HttpClient.Version.HTTP_2),
                proxy.https("a.apps.berth.test", "/"));
        assertThat(viaWildcard.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(viaWildcard.body()).contains("header host: a.apps.berth.test:" + proxy.tlsPort);
    }

    @Test
    void http2AndHttp1TellTheBackendHttpsAndAddHsts() throws Exception {
        proxy.webapp("shop.berth.test", backend.target(), files("shop", shop), false);
        awaitState("shop.berth.test", CertificateState.VALID);

        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
            HttpClient client = HttpsProxyFixture.client(trust, version);
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> answer = proxy.get(client, proxy.https("shop.berth.test", "/x?i=" + i));
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.version()).isEqualTo(version);
                assertThat(answer.body()).contains("uri: /x?i=" + i, "header x-forwarded-proto: https",
                        "header x-forwarded-port: " + proxy.tlsPort, "proto=https");
                assertThat(answer.headers().firstValue("strict-transport-security")).contains("max-age=31536000");
            }
        }
        HttpResponse<String> plain = proxy.get(HttpClient.newHttpClient(), proxy.http("shop.berth.test", "/"));
        assertThat(plain.body()).contains("header x-forwarded-proto: http\n", "proto=http");
        assertThat(plain.headers().firstValue("strict-transport-security")).isEmpty();
    }

    @Test
    void staticFilesCrossTlsAndHttp2() throws Exception {
        Path root = Files.createDirectories(dir.resolve("site"));
        byte[] big = new byte[300_000];
        Patterns.fill(big, 0, big.length);
        Files.write(root.resolve("big.bin"), big);
        // The listener's own name: its certificate is the one served.
        proxy.staticFiles("default.berth.test", root);
        HttpClient.Version[] versions = {HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1};
        for (HttpClient.Version version : versions) {
            HttpResponse<byte[]> answer = HttpsProxyFixture.client(trust, version).send(
                    HttpRequest.newBuilder(URI.create(proxy.https("default.berth.test", "/big.bin"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(answer.version()).isEqualTo(version);
            assertThat(answer.body()).isEqualTo(big);
        }
    }

    @Test
    void aBadPemFileOrAForeignKeyNamesTheFileAndOtherHostsServe() throws Exception {
        TestCertificates.PemPair good = TestCertificates.write(dir, "bad", CA.issue("bad.berth.test"));
        Files.writeString(good.key(), "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n");
        TestCertificates.PemPair mismatched = TestCertificates.write(dir, "mismatch", CA.issue("mismatch.berth.test"));
        Files.copy(TestCertificates.write(dir, "other", CA.issue("other.berth.test")).key(), mismatched.key(),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        proxy.webapp("bad.berth.test", backend.target(), new Ssl.Certificate(good.key(), good.certificate(), List.of()), false);
        proxy.webapp("mismatch.berth.test", backend.target(),
                new Ssl.Certificate(mismatched.key(), mismatched.certificate(), List.of()), true);
        proxy.webapp("shop.berth.test", backend.target(), files("shop", shop), false);

        CertificateStatus bad = awaitSettled("bad.berth.test");
        CertificateStatus mismatch = awaitSettled("mismatch.berth.test");
        assertThat(bad.state()).isEqualTo(CertificateState.FAILED);
        assertThat(bad.problem().orElseThrow()).contains(good.key().toString()).doesNotContain("\n");
        assertThat(mismatch.state()).isEqualTo(CertificateState.FAILED);
        assertThat(mismatch.problem().orElseThrow()).contains(mismatched.key().toString()).doesNotContain("\n");

        awaitState("shop.berth.test", CertificateState.VALID);
        assertThat(proxy.get(HttpsProxyFixture.client(trust, HttpClient.Version.HTTP_2),
                proxy.https("shop.berth.test", "/")).statusCode()).isEqualTo(200);
        // Broken hosts get the listener's certificate over HTTPS and keep working over plain HTTP,
        // without a requires-secure redirect to an HTTPS that would not show their certificate.
        assertThat(servedSerial("bad.berth.test")).isEqualTo(defaultCertificate.leaf().getSerialNumber());
        HttpResponse<String> plain = proxy.get(HttpClient.newHttpClient(), proxy.http("mismatch.berth.test", "/"));
        assertThat(plain.statusCode()).isEqualTo(200);
    }

    @Test
    void requiresSecureRedirectsToTheExternalHttpsPortOnceTheCertificateServes() throws Exception {
        proxy.webapp("shop.berth.test", backend.target(), files("shop", shop), true);
        awaitState("shop.berth.test", CertificateState.VALID);

        HttpResponse<String> plain = proxy.get(HttpClient.newHttpClient(), proxy.http("shop.berth.test", "/a?b=1"));

        assertThat(plain.statusCode()).isEqualTo(301);
        assertThat(plain.headers().firstValue("location")).contains("https://shop.berth.test:" + proxy.tlsPort + "/a?b=1");
    }

    @Test
    void aListenerWithAnUnusableCertificateIsSkippedWithOneLineNamingTheFile() throws Exception {
        Path broken = dir.resolve("broken.crt");
        Files.writeString(broken, "not a certificate\n");
        TestCertificates.PemPair listener = TestCertificates.write(dir, "l2", defaultCertificate);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ProxyServer.class);
        lines.start();
        logger.addAppender(lines);
        try (HttpsProxyFixture other = new HttpsProxyFixture(FreePorts.next(), FreePorts.next(),
                new TlsListenerSpec(broken, listener.key(), List.of(), false), TlsSettings.NONE, dir.resolve("d2"),
                AcmeTimings.DEFAULT)) {
            assertThat(other.bound).hasSize(1);
            assertThat(other.bound.get(0).getPort()).isEqualTo(other.plainPort);
            other.webapp("plain.berth.test", backend.target(), Ssl.OFF, false);
            assertThat(other.get(HttpClient.newHttpClient(), other.http("plain.berth.test", "/")).statusCode()).isEqualTo(200);
        } finally {
            logger.detachAppender(lines);
        }
        assertThat(lines.list).filteredOn(line -> line.getFormattedMessage().contains(broken.toString()))
                .singleElement().satisfies(line -> assertThat(line.getFormattedMessage()).contains("not listening there"));
    }

    // ---- helpers

    private Ssl files(String name, CertifiedKey certified) throws IOException {
        TestCertificates.PemPair pair = TestCertificates.write(dir, name, certified);
        return new Ssl.Certificate(pair.key(), pair.certificate(), List.of());
    }

    private void awaitState(String host, CertificateState state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.tls.status(host).state() == state);
    }

    private CertificateStatus awaitSettled(String host) {
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.tls.status(host).state() != CertificateState.PENDING
                && proxy.tls.status(host).state() != CertificateState.NONE);
        return proxy.tls.status(host);
    }

    /** The serial of the certificate the TLS listener presents for this SNI name (null: no SNI). */
    private java.math.BigInteger servedSerial(String serverName) throws Exception {
        try (SSLSocket socket = (SSLSocket) trustingAnything().getSocketFactory().createSocket("127.0.0.1", proxy.tlsPort)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    static SSLContext trustingAnything() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }
}
