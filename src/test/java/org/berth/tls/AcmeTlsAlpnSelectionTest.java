package org.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * tls-alpn-01 on the TLS listener (RFC 8737): a ClientHello that offers {@code acme-tls/1} for a host whose
 * validation is pending gets the challenge certificate and that protocol; every other handshake, even for
 * the same host, gets the usual certificate.
 */
class AcmeTlsAlpnSelectionTest {
    private static final TestCertificates CA = TestCertificates.newAuthority("alpn test CA");

    private final CertificateTable table = new CertificateTable();
    private final TlsAlpnChallenges challenges = new TlsAlpnChallenges();
    private final CertifiedKey fallback = CA.issue("default.test");
    private final CertifiedKey own = CA.issue("pending.example.com");
    private final CertifiedKey challenge = CA.issue("pending.example.com");
    private TlsTestServer server;

    @BeforeEach
    void start() throws Exception {
        table.replace(HostCertificates.of(Map.of("pending.example.com", ServedCertificate.of(own, "test"))));
        CertificateSelector selector = new CertificateSelector(table, challenges, ServedCertificate.of(fallback, "test"));
        server = TlsTestServer.start(new TlsListener(selector, Optional.empty()));
        challenges.put("pending.example.com", ServerTlsContexts.acmeChallenge(challenge.key(), challenge.leaf()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theValidationHandshakeGetsTheChallengeCertificate() throws Exception {
        try (TlsTestClient validator = TlsTestClient.connect(server.port(), "pending.example.com", "acme-tls/1")) {
            assertThat(validator.serial()).isEqualTo(challenge.serial());
            assertThat(validator.protocol()).isEqualTo("acme-tls/1");
        }
    }

    @Test
    void browsersAndOtherHostsDoNot() throws Exception {
        try (TlsTestClient browser = TlsTestClient.connect(server.port(), "pending.example.com", "h2", "http/1.1");
             TlsTestClient other = TlsTestClient.connect(server.port(), "other.example.com", "acme-tls/1")) {
            assertThat(browser.serial()).isEqualTo(own.serial());
            assertThat(browser.protocol()).isEqualTo("h2");
            assertThat(other.serial()).isEqualTo(fallback.serial());
            assertThat(other.protocol()).as("the usual context does not speak acme-tls/1").isEmpty();
        }
    }

    @Test
    void withdrawnChallengesAreNoLongerServed() throws Exception {
        challenges.remove("PENDING.example.com");

        try (TlsTestClient validator = TlsTestClient.connect(server.port(), "pending.example.com", "acme-tls/1")) {
            assertThat(validator.serial()).isEqualTo(own.serial());
        }
    }

    @Test
    void malformedClientHellosHaveNoProtocols() {
        assertThat(ClientHelloAlpn.protocols(Unpooled.buffer())).isEmpty();
        assertThat(ClientHelloAlpn.protocols(Unpooled.wrappedBuffer(new byte[40]))).isEmpty();
        byte[] cutShort = new byte[60];
        cutShort[34] = 0;       // no session id
        cutShort[36] = 2;       // two bytes of cipher suites
        cutShort[39] = 1;       // one compression method
        cutShort[41] = 0x7f;    // extensions longer than the message
        assertThat(ClientHelloAlpn.protocols(Unpooled.wrappedBuffer(cutShort))).isEmpty();
    }
}
