package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.berth.bundle.Ssl;
import org.berth.bundle.WebAppStanza;
import org.berth.config.AcmeChallenge;
import org.berth.config.AcmeSettings;
import org.berth.config.BindHost;
import org.berth.config.HstsSettings;
import org.berth.config.ListenerSpec;
import org.berth.config.TlsListenerSpec;
import org.berth.config.TlsSettings;
import org.berth.route.HostPattern;
import org.berth.route.InFlightRequests;
import org.berth.route.Route;
import org.berth.route.Router;
import org.berth.testing.FreePorts;
import org.berth.testing.Pebble;
import org.berth.tls.AcmeTimings;
import org.berth.tls.CertificateState;
import org.berth.tls.TestCertificates;
import org.berth.tls.TlsService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code external-https-port} is where clients reach HTTPS (a port forwarded, or a load balancer), not where
 * berth's TLS listener binds: requires-secure sends browsers to the configured port, while the listener on
 * its own (random) port serves the host's ACME certificate. The proxy is started as {@code berth server}
 * starts it, with the two ports apart.
 */
class ProxyAcmeExternalPortTest {
    private static final String HOST = "external.berth.test";
    private static final String PATH = "/a/b?c=1";
    private static final AcmeTimings TIMINGS = new AcmeTimings(2.0 / 3, Duration.ofMinutes(1), Duration.ofHours(12),
            Duration.ofSeconds(30), Duration.ofHours(12), Duration.ofSeconds(10));

    @TempDir
    static Path dir;
    static int plainPort;
    static int tlsPort;
    static Pebble pebble;
    static HttpBackend backend;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Pebble.installed(), Pebble.NOT_INSTALLED);
        plainPort = FreePorts.next();
        tlsPort = FreePorts.next();
        pebble = Pebble.start(plainPort, tlsPort);
        backend = new HttpBackend("web");
    }

    @AfterAll
    static void stop() {
        if (pebble != null) {
            pebble.close();
            backend.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {443, 8443})
    void requiresSecureRedirectsToTheConfiguredPortWhileTheListenerBindsItsOwn(int externalPort) throws Exception {
        assertThat(tlsPort).isNotEqualTo(externalPort);
        try (Proxy proxy = new Proxy(externalPort)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> proxy.tls.status(HOST).state() != CertificateState.PENDING);
            assertThat(proxy.tls.status(HOST).state()).as(proxy.tls.status(HOST).describe())
                    .isEqualTo(CertificateState.VALID);

            HttpResponse<String> plain = get(HttpClient.newHttpClient(), "http://" + HOST + ":" + plainPort + PATH);
            assertThat(plain.statusCode()).isEqualTo(301);
            assertThat(plain.headers().firstValue("location"))
                    .contains("https://" + HOST + (externalPort == 443 ? "" : ":" + externalPort) + PATH);

            // What the forwarded port would reach: the listener, with the host's own certificate.
            HttpClient browser = HttpsProxyFixture.client(TestCertificates.trusting(pebble.issuingRoot()),
                    HttpClient.Version.HTTP_2);
            HttpResponse<String> secure = get(browser, "https://" + HOST + ":" + tlsPort + PATH);
            assertThat(secure.statusCode()).isEqualTo(200);
            assertThat(secure.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(secure.body()).contains("uri: " + PATH, "header x-forwarded-proto: https");
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A proxy on pebble's validation ports whose external HTTPS port is another one, serving {@link #HOST} with
     * {@code ssl: acme} and {@code requires-secure}. Its data folder is shared: a later one reuses the certificate.
     */
    private static final class Proxy implements AutoCloseable {
        final TlsService tls;
        final ProxyServer server;

        Proxy(int externalPort) throws Exception {
            AcmeSettings acme = new AcmeSettings(pebble.directory(), Optional.empty(), true, false,
                    List.of(AcmeChallenge.HTTP_01), List.of(pebble.trustFile()));
            tls = new TlsService(new TlsSettings(Optional.of(acme), HstsSettings.OFF), dir.resolve("data"), TIMINGS,
                    Clock.systemUTC());
            BindHost loopback = BindHost.parse("127.0.0.1");
            ProxySettings d = ProxyFixture.defaults();
            ProxySettings settings = new ProxySettings(
                    List.of(new ListenerSpec(loopback, plainPort, Optional.empty()),
                            new ListenerSpec(loopback, tlsPort, Optional.of(listenerFiles()))),
                    d.connectTimeout(), d.idleTimeout(), d.requestTimeBound(), d.poolIdleTimeout(), d.healthcheckPath(),
                    externalPort, d.trustsForwardingFrom(), d.responseFiles(), d.upstreamTls(), Duration.ofSeconds(2),
                    d.ioThreads());
            Router router = new Router();
            server = new ProxyServer(settings, router, new InFlightRequests(), new Tunnels(), LocalTargets.standard(),
                    Optional.empty(), Optional.of(tls));
            server.start();
            RouteCertificates.follow(router, tls);
            tls.start();
            boolean requiresSecure = true;
            WebAppStanza stanza = new WebAppStanza(Path.of("/bin/true"), List.of(), Map.of(), List.of(), List.of(HOST),
                    new Ssl.Acme(Optional.empty()), requiresSecure, Optional.empty(), WebAppStanza.DEFAULT_ENSURE_ALIVE,
                    List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), 1);
            router.update(table -> table.withApp("app", List.of(
                    new Route(new HostPattern(HOST), "app", 1, backend.target(), stanza))));
        }

        private static TlsListenerSpec listenerFiles() throws IOException {
            TestCertificates.PemPair pair = TestCertificates.write(dir, "listener",
                    TestCertificates.newAuthority("berth listener CA").issue("listener.berth.test"));
            return new TlsListenerSpec(pair.certificate(), pair.key(), List.of(), false);
        }

        @Override
        public void close() {
            server.close();
            tls.close();
        }
    }
}
