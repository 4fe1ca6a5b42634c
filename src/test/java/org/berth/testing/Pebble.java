package org.berth.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.berth.tls.CertifiedKey;
import org.berth.tls.PemFiles;
import org.berth.tls.TestCertificates;
import org.berth.tls.TlsFileException;

/**
 * Debian's pebble (Let's Encrypt's ACME test server) for end-to-end tests, with its companion
 * {@code pebble-challtestsrv} as the DNS server that answers every name with 127.0.0.1, so the CA's
 * validations of any test host reach the responders on this machine.
 *
 * <p>Everything lives in a fresh temporary folder: pebble's config, its HTTPS certificate (made here,
 * since the Debian package ships none; {@link #trustFile()} is the root that signed it, for
 * {@code acme.ca-certificates}) and both logs. Validations go to the given ports on 127.0.0.1:
 * {@code httpPort} for http-01, {@code tlsPort} for tls-alpn-01. It runs with no validation sleeps, no
 * rejected nonces, no reused authorizations (every order is validated), and issues 90-day certificates
 * like Let's Encrypt. {@link #issuingRoot()} is the root its certificates chain to.
 *
 * <pre>{@code
 * assumeTrue(Pebble.installed(), Pebble.NOT_INSTALLED);
 * try (Pebble pebble = Pebble.start(httpPort, tlsPort)) { ... pebble.directory() ... }
 * }</pre>
 */
public final class Pebble implements AutoCloseable {
    public static final String NOT_INSTALLED = "pebble not installed: run scripts/install-deps";
    public static final Duration VALIDITY = Duration.ofDays(90);

    private static final Path PEBBLE = Path.of("/usr/bin/pebble");
    private static final Path DNS_SERVER = Path.of("/usr/bin/pebble-challtestsrv");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final String LOOPBACK = "127.0.0.1";

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "pebble-cleanup");
    private int acmePort;
    private int managementPort;
    private SSLContext trust;
    private X509Certificate issuingRoot;

    private Pebble(Path dir) {
        this.dir = dir;
    }

    public static boolean installed() {
        return Files.isExecutable(PEBBLE) && Files.isExecutable(DNS_SERVER);
    }

    /** Starts the DNS server and pebble; validations connect to these ports on 127.0.0.1. */
    public static Pebble start(int httpPort, int tlsPort) throws IOException {
        Pebble pebble = new Pebble(Files.createTempDirectory("berth-pebble-"));
        Runtime.getRuntime().addShutdownHook(pebble.shutdownHook);
        try {
            pebble.launch(httpPort, tlsPort);
            return pebble;
        } catch (IOException | RuntimeException e) {
            pebble.close();
            throw e;
        }
    }

    /** The ACME directory URL. */
    public URI directory() {
        return URI.create("https://" + LOOPBACK + ":" + acmePort + "/dir");
    }

    /** A PEM file with the root that signed pebble's own HTTPS certificate. */
    public Path trustFile() {
        return dir.resolve("https-root.pem");
    }

    /** The root of the certificates pebble issues (made fresh at each start). */
    public X509Certificate issuingRoot() {
        return issuingRoot;
    }

    @Override
    public synchronized void close() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
    }

    private void launch(int httpPort, int tlsPort) throws IOException {
        writeHttpsCertificate();
        int dnsPort = FreePorts.next();
        acmePort = FreePorts.next();
        managementPort = FreePorts.next();
        processes.add(run("dns", List.of(DNS_SERVER.toString(), "-dns01", LOOPBACK + ":" + dnsPort, "-http01", "",
                "-https01", "", "-tlsalpn01", "", "-management", LOOPBACK + ":" + FreePorts.next(),
                "-defaultIPv6", "")));
        Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {"listenAddress": "%s:%d", "managementListenAddress": "%s:%d",
                  "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d,
                  "ocspResponderURL": "", "externalAccountBindingRequired": false,
                  "certificateValidityPeriod": %d}}
                """.formatted(LOOPBACK, acmePort, LOOPBACK, managementPort, dir.resolve("https.crt"),
                dir.resolve("https.key"), httpPort, tlsPort, VALIDITY.toSeconds()));
        processes.add(run("pebble", List.of(PEBBLE.toString(), "-config", dir.resolve("pebble.json").toString(),
                "-dnsserver", LOOPBACK + ":" + dnsPort, "-strict=false")));
        awaitDirectory();
        issuingRoot = fetchIssuingRoot();
    }

    private void writeHttpsCertificate() throws IOException {
        TestCertificates authority = TestCertificates.newAuthority("berth test: pebble's HTTPS");
        CertifiedKey https = authority.issue("localhost", LOOPBACK);
        Files.writeString(dir.resolve("https.key"), PemFiles.encode(https.key()));
        Files.writeString(dir.resolve("https.crt"), PemFiles.encode(https.chain()));
        Files.writeString(trustFile(), PemFiles.encode(List.of(authority.root())));
        trust = TestCertificates.trusting(authority.root());
    }

    private Process run(String name, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
        builder.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        builder.environment().put("PEBBLE_AUTHZREUSE", "0");
        return builder.start();
    }

    private void awaitDirectory() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IOException("pebble stopped at start: " + logs());
                }
            }
            try {
                if (get(directory()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            sleep(50);
        }
        throw new IOException("pebble did not answer within " + START_TIMEOUT.toSeconds() + "s: " + logs(), last);
    }

    private X509Certificate fetchIssuingRoot() throws IOException {
        URI roots = URI.create("https://" + LOOPBACK + ":" + managementPort + "/roots/0");
        HttpResponse<String> answer = get(roots);
        try {
            return PemFiles.certificates(answer.body(), roots.toString()).get(0);
        } catch (TlsFileException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException {
        HttpClient client = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(2)).build();
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private String logs() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("dns", "pebble")) {
            try {
                text.append('\n').append(name).append(".log:\n").append(Files.readString(dir.resolve(name + ".log")));
            } catch (IOException e) {
                text.append('\n').append(name).append(".log unreadable: ").append(e.getMessage());
            }
        }
        return text.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
