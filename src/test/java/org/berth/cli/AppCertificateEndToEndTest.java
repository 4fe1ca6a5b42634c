package org.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.berth.testing.BundleBuilder;
import org.berth.testing.FreePorts;
import org.berth.testing.Pebble;
import org.berth.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic certificates seen from the outside: a real {@code berth server} with plain and TLS listeners and
 * a real ACME CA (pebble), an app deployed with {@code ssl: acme}, its certificate state in the API and in
 * {@code berth app status}, then {@code berth app renew-cert} following a renewal to its end and a new
 * connection getting the new certificate.
 */
class AppCertificateEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String HOST = "shop.berth.test";

    @TempDir
    Path temp;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void statusShowsTheAcmeCertificateAndRenewCertReplacesIt() throws Exception {
        assumeTrue(Pebble.installed(), Pebble.NOT_INSTALLED);
        int plainPort = FreePorts.next();
        int tlsPort = FreePorts.next();
        try (Pebble pebble = Pebble.start(plainPort, tlsPort);
             BerthServerProcess server = BerthServerProcess.start(temp, config(pebble, plainPort, tlsPort))) {
            Path bundle = BundleBuilder.versionApp("v1", HOST, "    ssl: acme\n").writeTo(temp.resolve("build/shop.keter"));
            BerthProcess.Result deploy = BerthProcess.run(temp, "app", "deploy", bundle.toString(), "--name", "shop",
                    "--server", server.url());
            assertThat(deploy.exitCode()).as(deploy.stdout() + deploy.stderr()).isZero();

            List<String> states = awaitValid(server);
            assertThat(states).as("states seen before valid").allMatch(state -> state.equals("pending"));
            JsonObject certificate = certificate(server);
            assertThat(Instant.parse(certificate.getString("notAfter"))).isAfter(Instant.now().plus(Duration.ofDays(80)));
            assertThat(certificate.getString("origin")).startsWith("ACME");
            assertThat(certificate.getBoolean("renewing")).isFalse();

            BerthProcess.Result status = BerthProcess.run(temp, "app", "status", "shop", "--server", server.url());
            assertThat(status.exitCode()).as(status.stdout() + status.stderr()).isZero();
            assertThat(status.stdout()).contains("certificate: " + HOST + ": valid until " + certificate.getString("notAfter"));

            BigInteger before = servedSerial(pebble, tlsPort);
            BerthProcess.Result renew = BerthProcess.run(temp, "app", "renew-cert", "shop", HOST, "--server", server.url());
            assertThat(renew.exitCode()).as(renew.stdout() + renew.stderr()).isZero();
            assertThat(renew.stdout()).contains(HOST + ": renewal started").contains(HOST + ": renewed: valid until");
            assertThat(servedSerial(pebble, tlsPort)).as("the serial a new connection gets").isNotEqualTo(before);
            assertThat(certificate(server).getBoolean("renewing")).isFalse();
        }
    }

    @Test
    void renewCertRefusesAHostWithoutAnAutomaticCertificate() throws Exception {
        assumeTrue(Pebble.installed(), Pebble.NOT_INSTALLED);
        int plainPort = FreePorts.next();
        int tlsPort = FreePorts.next();
        try (Pebble pebble = Pebble.start(plainPort, tlsPort);
             BerthServerProcess server = BerthServerProcess.start(temp, config(pebble, plainPort, tlsPort))) {
            Path bundle = BundleBuilder.versionApp("v1", "plain.berth.test", "").writeTo(temp.resolve("build/plain.keter"));
            assertThat(BerthProcess.run(temp, "app", "deploy", bundle.toString(), "--name", "plain", "--server",
                    server.url()).exitCode()).isZero();

            BerthProcess.Result renew = BerthProcess.run(temp, "app", "renew-cert", "plain", "plain.berth.test",
                    "--server", server.url());
            assertThat(renew.exitCode()).isEqualTo(1);
            assertThat(renew.stderr().strip())
                    .isEqualTo("plain.berth.test has no automatic certificate (ssl: acme, or acme.all-hosts) to renew");
        }
    }

    // ---- helpers

    private Path config(Pebble pebble, int plainPort, int tlsPort) throws Exception {
        TestCertificates.PemPair listener = TestCertificates.write(temp, "listener",
                TestCertificates.newAuthority("berth listener CA").issue("listener.berth.test"));
        Path config = temp.resolve("berth.yaml");
        Files.writeString(config, """
                root: data
                listeners:
                  - host: 127.0.0.1
                    port: %d
                  - host: 127.0.0.1
                    port: %d
                    certificate: %s
                    key: %s
                acme:
                  directory: %s
                  email: admin@berth.test
                  accept-terms: true
                  ca-certificates: %s
                apps:
                  port-range: 25900-25999
                  rescan-interval: 1s
                """.formatted(plainPort, tlsPort, listener.certificate(), listener.key(), pebble.directory(),
                pebble.trustFile()));
        return config;
    }

    /** Polls the API until the host's certificate is valid; returns every other state seen on the way. */
    private List<String> awaitValid(BerthServerProcess server) throws Exception {
        List<String> seen = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            String state = certificate(server).getString("state");
            if (!state.equals("valid") && (seen.isEmpty() || !seen.getLast().equals(state))) {
                seen.add(state);
            }
            return state.equals("valid") || state.equals("failed");
        });
        assertThat(certificate(server).getString("state")).as(certificate(server).encode()).isEqualTo("valid");
        return seen;
    }

    private JsonObject certificate(BerthServerProcess server) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/apps/shop"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonObject certificate = new JsonObject(response.body()).getJsonArray("certificates").getJsonObject(0);
        assertThat(certificate.getString("host")).isEqualTo(HOST);
        assertThat(Set.of("none", "pending", "valid", "failed", "expired")).contains(certificate.getString("state"));
        return certificate;
    }

    /** The serial of the certificate a fresh TLS connection for the host gets, checked against pebble's root. */
    private static BigInteger servedSerial(Pebble pebble, int tlsPort) throws Exception {
        try (SSLSocket socket = (SSLSocket) TestCertificates.trusting(pebble.issuingRoot()).getSocketFactory()
                .createSocket()) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(HOST)));
            socket.setSSLParameters(parameters);
            socket.connect(new InetSocketAddress("127.0.0.1", tlsPort), 5000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
