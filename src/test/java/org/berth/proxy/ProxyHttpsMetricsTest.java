package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.berth.bundle.Ssl;
import org.berth.config.HstsSettings;
import org.berth.config.TlsListenerSpec;
import org.berth.config.TlsSettings;
import org.berth.testing.FreePorts;
import org.berth.tls.AcmeTimings;
import org.berth.tls.CertificateState;
import org.berth.tls.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests over HTTPS, HTTP/2 streams and HTTP/1.1 alike, are counted by the proxy's meters like plain ones. */
class ProxyHttpsMetricsTest {
    private static final TestCertificates CA = TestCertificates.newAuthority("berth metrics test CA");

    @TempDir
    Path dir;
    HttpsProxyFixture proxy;
    HttpBackend backend;
    final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        ProxyMetrics.install(new CountingMeters());
        TestCertificates.PemPair listener = TestCertificates.write(dir, "listener", CA.issue("default.berth.test"));
        proxy = new HttpsProxyFixture(FreePorts.next(), FreePorts.next(),
                new TlsListenerSpec(listener.certificate(), listener.key(), List.of(), false),
                new TlsSettings(Optional.empty(), HstsSettings.OFF), dir.resolve("data"), AcmeTimings.DEFAULT);
        backend = new HttpBackend("web");
    }

    @AfterEach
    void stop() {
        ProxyMetrics.install(null);
        proxy.close();
        backend.close();
    }

    @Test
    void everyProtocolIsCounted() throws Exception {
        TestCertificates.PemPair pair = TestCertificates.write(dir, "shop", CA.issue("shop.berth.test"));
        proxy.webapp("shop.berth.test", backend.target(), new Ssl.Certificate(pair.key(), pair.certificate(), List.of()), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.tls.status("shop.berth.test").state() == CertificateState.VALID);

        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
            HttpClient client = HttpsProxyFixture.client(TestCertificates.trusting(CA.root()), version);
            for (int i = 0; i < 3; i++) {
                assertThat(proxy.get(client, proxy.https("shop.berth.test", "/")).statusCode()).isEqualTo(200);
            }
        }
        assertThat(proxy.get(HttpClient.newHttpClient(), proxy.http("shop.berth.test", "/")).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> count("shop.berth.test 200") == 7);
    }

    private int count(String key) {
        AtomicInteger value = answered.get(key);
        return value == null ? 0 : value.get();
    }

    /** Counts answers by route host and status. */
    private final class CountingMeters implements ExchangeMeters {
        @Override
        public HostMeters host(String routeHost) {
            return new HostMeters() {
                @Override
                public void started() {
                }

                @Override
                public void answered(int status, long nanos) {
                    answered.computeIfAbsent(routeHost + " " + status, key -> new AtomicInteger()).incrementAndGet();
                }

                @Override
                public void backendFailure() {
                }
            };
        }
    }
}
