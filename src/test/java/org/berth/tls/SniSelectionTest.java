package org.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.berth.config.TlsListenerSpec;
import org.berth.config.TlsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate each handshake gets, over real sockets: a host's own (exact before wildcard), the
 * listener's default otherwise; replaced while running without disturbing open connections.
 */
class SniSelectionTest {
    private static final TestCertificates CA = TestCertificates.newAuthority("sni test CA");

    @TempDir
    Path folder;

    private final CertifiedKey fallback = CA.issue("default.test");
    private final CertifiedKey explicit = CA.issue("app.example.com");
    private final CertifiedKey wildcard = CA.issue("*.example.org");
    private TestCertificates.PemPair explicitFiles;
    private TlsService tls;
    private TlsTestServer server;

    @BeforeEach
    void start() throws Exception {
        TestCertificates.PemPair defaults = TestCertificates.write(folder, "default", fallback);
        explicitFiles = TestCertificates.write(folder, "app", explicit);
        TestCertificates.PemPair wildcardFiles = TestCertificates.write(folder, "wildcard", wildcard);
        tls = new TlsService(TlsSettings.NONE, folder.resolve("data"));
        server = TlsTestServer.start(tls.listener(new TlsListenerSpec(defaults.certificate(), defaults.key(), List.of(), false)));
        tls.hostsChanged(Map.of(
                "app.example.com", explicitFiles.source(),
                "*.example.org", wildcardFiles.source(),
                "plain.example.com", CertificateSource.LISTENER)).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        server.close();
        tls.close();
    }

    @Test
    void explicitHostThenOneLabelWildcardThenTheDefault() throws Exception {
        assertThat(serialFor("app.example.com")).isEqualTo(explicit.serial());
        assertThat(serialFor("APP.Example.com")).as("names are case-insensitive").isEqualTo(explicit.serial());
        assertThat(serialFor("shop.example.org")).isEqualTo(wildcard.serial());
        assertThat(serialFor("a.shop.example.org")).as("a wildcard matches one label only").isEqualTo(fallback.serial());
        assertThat(serialFor("example.org")).isEqualTo(fallback.serial());
        assertThat(serialFor("plain.example.com")).isEqualTo(fallback.serial());
        assertThat(serialFor(null)).as("no SNI").isEqualTo(fallback.serial());
    }

    @Test
    void theChosenCertificatesPassABrowsersChecks() throws Exception {
        javax.net.ssl.SSLContext trust = TestCertificates.trusting(CA.root());
        try (TlsTestClient explicitClient = TlsTestClient.verifying(trust, server.port(), "app.example.com");
             TlsTestClient wildcardClient = TlsTestClient.verifying(trust, server.port(), "shop.example.org")) {
            assertThat(explicitClient.echo("hello")).isEqualTo("hello");
            assertThat(wildcardClient.echo("hello")).isEqualTo("hello");
        }
        assertThatThrownBy(() -> TlsTestClient.verifying(trust, server.port(), "a.shop.example.org"))
                .isInstanceOf(SSLException.class);
    }

    @Test
    void alpnOffersHttp2ThenHttp11() throws Exception {
        try (TlsTestClient both = TlsTestClient.connect(server.port(), "app.example.com", "h2", "http/1.1");
             TlsTestClient old = TlsTestClient.connect(server.port(), "app.example.com", "http/1.1");
             TlsTestClient none = TlsTestClient.connect(server.port(), "app.example.com")) {
            assertThat(both.protocol()).isEqualTo("h2");
            assertThat(old.protocol()).isEqualTo("http/1.1");
            assertThat(none.protocol()).isEmpty();
            assertThat(both.tlsVersion()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void onlyTls12And13WithForwardSecretAeadSuites() throws Exception {
        SSLEngine engine = tls.listeners().get(0).selector().fallback().context().newEngine(ByteBufAllocator.DEFAULT);
        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(engine.getEnabledCipherSuites()).isNotEmpty().allSatisfy(suite ->
                assertThat(suite).matches("TLS_(AES|CHACHA20)_.*|TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_\\d+_GCM|CHACHA20_POLY1305)_SHA\\d+"));

        try (TlsTestClient tls12 = TlsTestClient.withProtocols(server.port(), "app.example.com", "TLSv1.2")) {
            assertThat(tls12.tlsVersion()).isEqualTo("TLSv1.2");
            assertThat(tls12.cipherSuite()).startsWith("TLS_ECDHE_ECDSA_WITH_AES_");
        }
        assertThatThrownBy(() -> cbcOnlyHandshake()).as("the server refuses a client with only CBC suites")
                .isInstanceOf(SSLException.class);
    }

    @Test
    void aReplacedCertificateServesNewConnectionsWhileAnOpenOneGoesOn() throws Exception {
        try (TlsTestClient before = TlsTestClient.connect(server.port(), "app.example.com")) {
            assertThat(before.echo("first")).isEqualTo("first");
            CertifiedKey renewed = CA.issue("app.example.com");
            TestCertificates.PemPair renewedFiles = TestCertificates.write(folder, "app-renewed", renewed);

            tls.hostsChanged(Map.of("app.example.com", renewedFiles.source())).get(10, TimeUnit.SECONDS);

            assertThat(serialFor("app.example.com")).isEqualTo(renewed.serial());
            assertThat(before.echo("still here")).isEqualTo("still here");
            assertThat(before.serial()).isEqualTo(explicit.serial());
        }
    }

    @Test
    void filesChangedInPlaceAreReadAgain() throws Exception {
        CertifiedKey renewed = CA.issue("app.example.com");
        TestCertificates.PemPair staged = TestCertificates.write(folder, "staged", renewed);
        // As certbot and friends do: new files moved over the old ones.
        Files.move(staged.key(), explicitFiles.key(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(staged.certificate(), explicitFiles.certificate(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);

        tls.reloadFiles().get(10, TimeUnit.SECONDS);

        assertThat(serialFor("app.example.com")).isEqualTo(renewed.serial());
        assertThat(tls.status("app.example.com").describe()).startsWith("valid until ")
                .contains("(" + explicitFiles.certificate() + ")");
    }

    @Test
    void badFilesAffectTheirHostAloneWithOneMessageNamingTheFile() throws Exception {
        Path garbage = Files.writeString(folder.resolve("garbage.key"), "not a key\n");
        TestCertificates.PemPair broken = TestCertificates.write(folder, "broken", CA.issue("broken.example.com"));
        TestCertificates.PemPair other = TestCertificates.write(folder, "other", CA.issue("other.example.com"));
        TestCertificates.PemPair mismatch = TestCertificates.write(folder, "mismatch", CA.issue("mismatch.example.com"));

        tls.hostsChanged(Map.of(
                "app.example.com", explicitFiles.source(),
                "broken.example.com", new CertificateSource.Files(garbage, broken.certificate(), List.of()),
                "mismatch.example.com", new CertificateSource.Files(other.key(), mismatch.certificate(), List.of())))
                .get(10, TimeUnit.SECONDS);

        assertThat(tls.status("broken.example.com").state()).isEqualTo(CertificateState.FAILED);
        assertThat(tls.status("broken.example.com").problem()).contains(garbage + ": not a PEM private key "
                + "(expected -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY)");
        assertThat(tls.status("mismatch.example.com").problem())
                .contains("key " + other.key() + " does not match certificate " + mismatch.certificate());
        assertThat(serialFor("broken.example.com")).isEqualTo(fallback.serial());
        assertThat(serialFor("app.example.com")).isEqualTo(explicit.serial());
        assertThat(tls.status("app.example.com").state()).isEqualTo(CertificateState.VALID);
    }

    @Test
    void aBrokenReplacementKeepsTheLastGoodCertificateInService() throws Exception {
        Files.writeString(explicitFiles.key(), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        tls.reloadFiles().get(10, TimeUnit.SECONDS);

        assertThat(serialFor("app.example.com")).isEqualTo(explicit.serial());
        CertificateStatus status = tls.status("app.example.com");
        assertThat(status.state()).isEqualTo(CertificateState.VALID);
        assertThat(status.problem()).hasValueSatisfying(problem ->
                assertThat(problem).startsWith(explicitFiles.key() + ": not a usable PEM private key"));
    }

    @Test
    void statusesNameEachHostsState() {
        assertThat(tls.statuses()).extracting(CertificateStatus::host, CertificateStatus::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("*.example.org", CertificateState.VALID),
                org.assertj.core.groups.Tuple.tuple("app.example.com", CertificateState.VALID),
                org.assertj.core.groups.Tuple.tuple("plain.example.com", CertificateState.NONE));
        assertThat(tls.status("unknown.example.com").state()).isEqualTo(CertificateState.NONE);
        assertThat(tls.status("app.example.com").serving()).isTrue();
        assertThat(tls.status("app.example.com").httpsReady()).isTrue();
        assertThat(tls.status("plain.example.com").httpsReady()).as("the listener's certificate").isTrue();
    }

    private String serialFor(String serverName) throws Exception {
        try (TlsTestClient client = TlsTestClient.connect(server.port(), serverName, "http/1.1")) {
            assertThat(client.echo("ping")).isEqualTo("ping");
            return client.serial();
        }
    }

    private void cbcOnlyHandshake() throws Exception {
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) javax.net.ssl.SSLContext.getDefault().getSocketFactory()
                .createSocket(java.net.InetAddress.getLoopbackAddress(), server.port());
        try (socket) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
            socket.startHandshake();
        }
    }
}
