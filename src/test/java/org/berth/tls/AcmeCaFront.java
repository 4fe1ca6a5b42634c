package org.berth.tls;

import static java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.berth.testing.Pebble;

/**
 * What Debian's pebble (2.4) does not do, put in front of it for tests: this HTTPS server serves pebble's
 * directory with a {@code renewalInfo} resource (ARI, RFC 9773) whose windows the test chooses per
 * certificate, and can take {@code newOrder} over to refuse orders as the test scripts it (a rate limit with
 * {@code Retry-After}, a server error). Everything else (accounts, nonces, orders, validations,
 * certificates) stays pebble's: the directory's other URLs point there.
 */
final class AcmeCaFront implements AutoCloseable {
    private static final String RENEWAL_INFO = "/renewal-info";
    private static final String NEW_ORDER = "/new-order";
    private static final char[] PASSWORD = "front".toCharArray();

    /** One refusal of a new order: an ACME problem with this HTTP status, and {@code Retry-After} when present. */
    record Refusal(int status, String type, String detail, Optional<Instant> retryAfter) {
        static Refusal rateLimited(String detail, Instant retryAfter) {
            return new Refusal(429, "urn:ietf:params:acme:error:rateLimited", detail, Optional.of(retryAfter));
        }

        static Refusal serverError(String detail) {
            return new Refusal(500, "urn:ietf:params:acme:error:serverInternal", detail, Optional.empty());
        }
    }

    /** A suggested renewal window, as ARI gives it. */
    record Window(Instant start, Instant end) {
    }

    /** One request for renewal information: the certificate's serial (hex) and when it came. */
    private record Lookup(String serial, Instant at) {
    }

    private final HttpsServer server;
    private final Path trustFile;
    private final String directory;
    private final List<Refusal> refusals;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final List<Lookup> asked = new CopyOnWriteArrayList<>();
    private final List<Instant> orders = new CopyOnWriteArrayList<>();
    private final Window usual;

    private AcmeCaFront(Pebble pebble, Path dir, boolean renewalInfo, List<Refusal> refusals) throws IOException {
        this.refusals = List.copyOf(refusals);
        TestCertificates authority = TestCertificates.newAuthority("berth test: ACME front");
        trustFile = Files.writeString(dir.resolve("acme-front-root.pem"), PemFiles.encode(List.of(authority.root())));
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(authority.issue("localhost", "127.0.0.1"))));
        // A window well after two thirds of a 90-day life, as a CA's usual one is: it must not postpone renewal.
        usual = new Window(Instant.now().plus(Duration.ofDays(80)), Instant.now().plus(Duration.ofDays(81)));
        directory = frontDirectory(pebble, renewalInfo, !refusals.isEmpty());
        server.createContext("/dir", exchange -> send(exchange, 200, "application/json", directory, Map.of()));
        server.createContext(RENEWAL_INFO + "/", this::renewalInfo);
        server.createContext(NEW_ORDER, this::refuseOrder);
        server.start();
    }

    /** Pebble plus renewal information: days 80 to 81 for every certificate not given a window by {@link #suggest}. */
    static AcmeCaFront withRenewalInfo(Pebble pebble, Path dir) throws IOException {
        return new AcmeCaFront(pebble, dir, true, List.of());
    }

    /** Pebble whose new orders are refused here: the n-th order gets the n-th refusal, later ones the last. */
    static AcmeCaFront refusingOrders(Pebble pebble, Path dir, Refusal... refusals) throws IOException {
        return new AcmeCaFront(pebble, dir, false, List.of(refusals));
    }

    URI directory() {
        return URI.create(base() + "/dir");
    }

    /** The root that signed this server's HTTPS certificate (pebble's own is {@link Pebble#trustFile()}). */
    Path trustFile() {
        return trustFile;
    }

    /** The window for the certificate with this serial (hex, as {@link CertifiedKey#serial()}). */
    void suggest(String serial, Window window) {
        windows.put(serial, window);
    }

    /** When renewal information for this certificate was asked for, in order. */
    List<Instant> renewalInfoAsked(String serial) {
        return asked.stream().filter(lookup -> lookup.serial().equals(serial)).map(Lookup::at).toList();
    }

    /** When each new order arrived (each refused), in order. */
    List<Instant> orderAttempts() {
        return List.copyOf(orders);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // --- answers ------------------------------------------------------------------------------------

    /** GET /renewal-info/{AKI}.{serial}: both base64url; the serial part is the DER integer's bytes. */
    private void renewalInfo(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring(RENEWAL_INFO.length() + 1);
        String serial = new BigInteger(Base64.getUrlDecoder().decode(id.substring(id.indexOf('.') + 1))).toString(16);
        asked.add(new Lookup(serial, Instant.now()));
        Window window = windows.getOrDefault(serial, usual);
        JsonObject body = new JsonObject().put("suggestedWindow",
                new JsonObject().put("start", window.start().toString()).put("end", window.end().toString()));
        send(exchange, 200, "application/json", body.encode(), Map.of("Retry-After", "21600"));
    }

    private void refuseOrder(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        orders.add(Instant.now());
        Refusal refusal = refusals.get(Math.min(orders.size(), refusals.size()) - 1);
        JsonObject problem = new JsonObject().put("type", refusal.type()).put("detail", refusal.detail())
                .put("status", refusal.status());
        // As an HTTP-date: a whole second the CA names, not one computed from the moment the answer arrives.
        Map<String, String> headers = refusal.retryAfter()
                .map(at -> Map.of("Retry-After", RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC))))
                .orElse(Map.of());
        send(exchange, refusal.status(), "application/problem+json", problem.encode(), headers);
    }

    private static void send(HttpExchange exchange, int status, String type, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // --- setup --------------------------------------------------------------------------------------

    private String base() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private String frontDirectory(Pebble pebble, boolean renewalInfo, boolean ordersHere) throws IOException {
        JsonObject resources = new JsonObject(fetchPebbleDirectory(pebble));
        if (renewalInfo) {
            resources.put("renewalInfo", base() + RENEWAL_INFO);
        }
        if (ordersHere) {
            resources.put("newOrder", base() + NEW_ORDER);
        }
        return resources.encodePrettily();
    }

    private static String fetchPebbleDirectory(Pebble pebble) throws IOException {
        try {
            X509Certificate root = PemFiles.readCertificates(pebble.trustFile()).get(0);
            HttpClient client = HttpClient.newBuilder().sslContext(TestCertificates.trusting(root)).build();
            return client.send(HttpRequest.newBuilder(pebble.directory()).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (TlsFileException e) {
            throw new IOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static SSLContext serverContext(CertifiedKey https) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("front", https.key(), PASSWORD, https.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}
