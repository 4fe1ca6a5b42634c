package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.berth.bundle.Ssl;
import org.berth.config.AcmeChallenge;
import org.berth.config.AcmeSettings;
import org.berth.config.HstsSettings;
import org.berth.config.TlsListenerSpec;
import org.berth.config.TlsSettings;
import org.berth.route.RouteTarget;
import org.berth.testing.FreePorts;
import org.berth.testing.Pebble;
import org.berth.tls.AcmeTimings;
import org.berth.tls.CertificateState;
import org.berth.tls.CertificateStatus;
import org.berth.tls.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic certificates end to end through the real proxy and a real ACME CA (pebble), whose validations
 * reach the proxy's own plain (http-01) and TLS (tls-alpn-01) listeners: HTTPS with HTTP/2 for both hosts,
 * a forced renewal under a long download, and failures that stay with their host.
 */
class ProxyAcmeTest {
    private static final AcmeTimings TIMINGS = new AcmeTimings(2.0 / 3, Duration.ofMinutes(1), Duration.ofHours(12),
            Duration.ofSeconds(30), Duration.ofHours(12), Duration.ofSeconds(10));
    private static final TestCertificates LOCAL_CA = TestCertificates.newAuthority("berth listener CA");

    @TempDir
    static Path dir;
    static Pebble pebble;
    static HttpsProxyFixture proxy;
    static HttpBackend backend;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Pebble.installed(), Pebble.NOT_INSTALLED);
        int plain = FreePorts.next();
        int tls = FreePorts.next();
        pebble = Pebble.start(plain, tls);
        proxy = new HttpsProxyFixture(plain, tls, listenerFiles("main"), settings(pebble.directory()),
                dir.resolve("data"), TIMINGS);
        backend = new HttpBackend("web");
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
            backend.close();
        }
        if (pebble != null) {
            pebble.close();
        }
    }

    @Test
    void http01AndTlsAlpn01CertificatesServeHttpsWithHttp2() throws Exception {
        proxy.webapp("web.berth.test", backend.target(), new Ssl.Acme(Optional.of(AcmeChallenge.HTTP_01)), true);
        proxy.webapp("alpn.berth.test", backend.target(), new Ssl.Acme(Optional.of(AcmeChallenge.TLS_ALPN_01)), true);

        assertThat(awaitSettled(proxy, "web.berth.test").state()).isEqualTo(CertificateState.VALID);
        assertThat(awaitSettled(proxy, "alpn.berth.test").state()).isEqualTo(CertificateState.VALID);

        HttpClient browser = HttpsProxyFixture.client(pebbleTrust(), HttpClient.Version.HTTP_2);
        for (String host : List.of("web.berth.test", "alpn.berth.test")) {
            HttpResponse<String> answer = proxy.get(browser, proxy.https(host, "/hello"));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(answer.body()).contains("header x-forwarded-proto: https");
            assertThat(answer.headers().firstValue("strict-transport-security")).contains("max-age=31536000");
            // Now that HTTPS shows the host's own certificate, requires-secure sends plain requests there.
            HttpResponse<String> plain = proxy.get(HttpClient.newHttpClient(), proxy.http(host, "/hello"));
            assertThat(plain.statusCode()).isEqualTo(301);
            assertThat(plain.headers().firstValue("location")).contains(proxy.https(host, "/hello"));
        }
    }

    @Test
    void aForcedRenewalReplacesTheCertificateWhileALongDownloadOnTheOldConnectionCompletes() throws Exception {
        try (HeldDownload held = new HeldDownload(64 * 1024)) {
            proxy.webapp("long.berth.test", held.target(), new Ssl.Acme(Optional.empty()), false);
            assertThat(awaitSettled(proxy, "long.berth.test").state()).isEqualTo(CertificateState.VALID);
            HttpClient browser = HttpsProxyFixture.client(pebbleTrust(), HttpClient.Version.HTTP_2);

            HttpResponse<InputStream> download = browser.send(
                    HttpRequest.newBuilder(URI.create(proxy.https("long.berth.test", "/held"))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            X509Certificate before = leaf(download);
            try (InputStream body = download.body()) {
                byte[] first = body.readNBytes(held.half());

                CertificateStatus renewed = proxy.tls.renewNow("long.berth.test").get(60, TimeUnit.SECONDS);
                assertThat(renewed.state()).as(renewed.describe()).isEqualTo(CertificateState.VALID);
                HttpClient newcomer = HttpsProxyFixture.client(pebbleTrust(), HttpClient.Version.HTTP_2);
                X509Certificate after = leaf(proxy.get(newcomer, proxy.https("long.berth.test", "/")));

                // The swap, seen by a new connection, came while the download was half done: its second half is
                // held back by the app until now.
                assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
                assertThat(after.getNotBefore()).isAfterOrEqualTo(before.getNotBefore());
                assertThat(held.finished()).as("download finished before the swap").isFalse();
                held.release();

                byte[] rest = body.readAllBytes();
                assertThat(first.length + rest.length).isEqualTo(held.size());
                assertThat(first).isEqualTo(pattern(0, first.length));
                assertThat(rest).isEqualTo(pattern(first.length, rest.length));
            }
            // The old connection goes on with the certificate it started with.
            HttpResponse<String> again = proxy.get(browser, proxy.https("long.berth.test", "/"));
            assertThat(leaf(again).getSerialNumber()).isEqualTo(before.getSerialNumber());
        }
    }

    @Test
    void aFailingChallengeOrAnUnreachableCaStaysWithItsHostWhileOthersServe() throws Exception {
        // A second proxy: pebble's validations go to the first one, which knows none of its tokens.
        try (HttpsProxyFixture other = new HttpsProxyFixture(FreePorts.next(), FreePorts.next(),
                listenerFiles("other"), settings(pebble.directory()), dir.resolve("data-other"), TIMINGS);
             HttpsProxyFixture offline = new HttpsProxyFixture(FreePorts.next(), FreePorts.next(),
                listenerFiles("offline"), settings(URI.create("https://127.0.0.1:" + FreePorts.next() + "/dir")),
                dir.resolve("data-offline"), TIMINGS)) {
            other.webapp("refused.berth.test", backend.target(), new Ssl.Acme(Optional.of(AcmeChallenge.HTTP_01)), true);
            other.webapp("neighbour.berth.test", backend.target(), Ssl.OFF, false);
            offline.webapp("offline.berth.test", backend.target(), new Ssl.Acme(Optional.empty()), true);

            CertificateStatus refused = awaitSettled(other, "refused.berth.test");
            CertificateStatus unreachable = awaitSettled(offline, "offline.berth.test");

            assertThat(refused.state()).isEqualTo(CertificateState.FAILED);
            assertThat(refused.problem().orElseThrow()).startsWith("the CA could not validate http-01 for refused.berth.test")
                    .doesNotContain("\n");
            assertThat(unreachable.state()).isEqualTo(CertificateState.FAILED);
            assertThat(unreachable.problem().orElseThrow()).contains("cannot reach the ACME server").doesNotContain("\n");
            // The hosts without a certificate keep working over plain HTTP (no redirect to a broken HTTPS) ...
            assertThat(other.get(HttpClient.newHttpClient(), other.http("refused.berth.test", "/")).statusCode()).isEqualTo(200);
            assertThat(offline.get(HttpClient.newHttpClient(), offline.http("offline.berth.test", "/")).statusCode()).isEqualTo(200);
            // ... and every other host serves, over both listeners.
            assertThat(other.get(HttpClient.newHttpClient(), other.http("neighbour.berth.test", "/")).statusCode()).isEqualTo(200);
            assertThat(proxy.tls.status("web.berth.test").state()).isNotEqualTo(CertificateState.FAILED);
        }
    }

    // ---- helpers

    private static AcmeSettings acme(URI directory) {
        return new AcmeSettings(directory, Optional.of("admin@berth.test"), true, false,
                List.of(AcmeChallenge.HTTP_01, AcmeChallenge.TLS_ALPN_01), List.of(pebble.trustFile()));
    }

    private static TlsSettings settings(URI directory) {
        return new TlsSettings(Optional.of(acme(directory)), HstsSettings.ON);
    }

    private static TlsListenerSpec listenerFiles(String name) throws Exception {
        TestCertificates.PemPair pair = TestCertificates.write(dir, name, LOCAL_CA.issue("listener.berth.test"));
        return new TlsListenerSpec(pair.certificate(), pair.key(), List.of(), false);
    }

    private static SSLContext pebbleTrust() {
        return TestCertificates.trusting(pebble.issuingRoot());
    }

    private static CertificateStatus awaitSettled(HttpsProxyFixture on, String host) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            CertificateState state = on.tls.status(host).state();
            return state == CertificateState.VALID || state == CertificateState.FAILED;
        });
        return on.tls.status(host);
    }

    private static X509Certificate leaf(HttpResponse<?> response) throws Exception {
        return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    }

    private static byte[] pattern(long offset, int length) {
        byte[] bytes = new byte[length];
        Patterns.fill(bytes, offset, length);
        return bytes;
    }

    /**
     * An app whose one download sends its first half, then holds the rest back until the test releases it:
     * what happens meanwhile happens while the download is in progress, however long it takes.
     */
    private static final class HeldDownload implements AutoCloseable {
        private final HttpServer server;
        private final int size;
        private final CountDownLatch released = new CountDownLatch(1);
        private final CountDownLatch finished = new CountDownLatch(1);

        HeldDownload(int size) throws IOException {
            this.size = size;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/held", this::send);
            server.createContext("/", exchange -> {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        RouteTarget.Backend target() {
            return new RouteTarget.Backend("127.0.0.1", server.getAddress().getPort());
        }

        int size() {
            return size;
        }

        int half() {
            return size / 2;
        }

        void release() {
            released.countDown();
        }

        /** Whether the app has written the last byte. */
        boolean finished() {
            return finished.getCount() == 0;
        }

        private void send(HttpExchange exchange) throws IOException {
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, size);
                out.write(pattern(0, half()));
                out.flush();
                if (!released.await(90, TimeUnit.SECONDS)) {
                    return; // the test failed meanwhile; a short body tells the client so
                }
                out.write(pattern(half(), size - half()));
                finished.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            released.countDown();
            server.stop(0);
        }
    }
}
