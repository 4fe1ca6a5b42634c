package org.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.berth.auth.Authorizer;
import org.berth.testing.BundleBuilder;
import org.berth.testing.SiteLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code berth server} with its proxy, an app and a site, told to notify a live webhook
 * receiver and a dead one (accepts, never answers): deploys, a refused deploy and a rollback reach
 * the live receiver in order and signed, while the dead one is tried without slowing anything;
 * then proxied requests, a recipe run and the deploys show in a {@code /metrics} scrape. Last, headless
 * Chromium signs in to the dashboard with a token, restarts the app and follows its log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorSurfaceEndToEndTest {
    static final String TOKEN = "ops-token-5f1d0c";
    static final String SITE = "foo.acme.tld";
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path temp;

    final HttpClient http = HttpClient.newHttpClient();
    final List<JsonObject> received = new CopyOnWriteArrayList<>();
    final List<Instant> receivedAt = new CopyOnWriteArrayList<>();
    final List<String> signatures = new CopyOnWriteArrayList<>();
    final AtomicInteger deadAttempts = new AtomicInteger();
    final List<Socket> deadConnections = new CopyOnWriteArrayList<>();
    HttpServer receiver;
    ServerSocket dead;
    BerthServerProcess server;
    int proxyPort;
    Path incoming;

    @BeforeAll
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new JsonObject(new String(body, StandardCharsets.UTF_8)));
            receivedAt.add(Instant.now());
            signatures.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Berth-Signature-256"))
                    + " " + HexFormat.of().formatHex(Authorizer.hmacSha256("hook-secret", body)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        dead = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptAndIgnore);
        try (ServerSocket free = new ServerSocket(0)) {
            proxyPort = free.getLocalPort();
        }
        SiteLayout layout = new SiteLayout(temp);
        Files.createDirectories(layout.sites().resolve("acme.tld/foo"));
        layout.recipe(SITE, "update", "echo updated");
        layout.config("""
                listeners:
                  - host: 127.0.0.1
                    port: %d
                apps:
                  port-range: 25700-25799
                  rescan-interval: 1s
                api:
                  trust-loopback: false
                  tokens:
                    - {name: ops, token: %s}
                notifications:
                  webhooks:
                    - {url: "http://127.0.0.1:%d/hook", secret: hook-secret}
                    - {url: "http://127.0.0.1:%d/dead"}
                  timeout: 1s
                  retries: 2
                """.formatted(proxyPort, TOKEN, receiver.getAddress().getPort(), dead.getLocalPort()));
        Path config = layout.writeConfig();
        incoming = layout.state().resolve("incoming");
        Files.createDirectories(incoming);
        server = BerthServerProcess.start(temp, config);
    }

    private void acceptAndIgnore() {
        try {
            while (!dead.isClosed()) {
                deadConnections.add(dead.accept());
                deadAttempts.incrementAndGet();
            }
        } catch (java.io.IOException closed) {
            // the test is over
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        receiver.stop(0);
        dead.close();
        for (Socket socket : deadConnections) {
            socket.close();
        }
    }

    @Test
    @Order(1)
    void deploysNotifyTheReceiverInOrderAndADeadOneSlowsNothing() throws Exception {
        drop("hello", BundleBuilder.versionApp("v1", "hello.example.com", ""));
        awaitServing(1);
        drop("hello", BundleBuilder.versionApp("v2", "hello.example.com", ""));
        awaitServing(2);
        // Another app asking for hello's host is refused before anything starts: a failed deploy.
        drop("thief", BundleBuilder.versionApp("t", "hello.example.com", ""));
        await().atMost(WAIT).until(() -> types().contains("deploy-failed"));
        HttpResponse<String> rollback = send(HttpRequest.newBuilder(uri("/api/v1/apps/hello/rollback"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(202);
        awaitServing(1);
        await().atMost(WAIT).until(() -> types().contains("rollback"));

        assertThat(received.stream().map(event -> event.getString("type") + " " + event.getString("app") + " "
                + event.getLong("release")).toList()).containsExactly(
                "deploy-started hello 1", "deploy-succeeded hello 1",
                "deploy-started hello 2", "deploy-succeeded hello 2",
                "deploy-started thief 3", "deploy-failed thief 3",
                "deploy-started hello 1", "deploy-succeeded hello 1", "rollback hello 1");
        assertThat(received.get(5).getString("message")).contains("already served by app hello");
        assertThat(received.get(6).getString("trigger")).isEqualTo("rollback");
        assertThat(received.get(1).getLong("duration_ms")).isPositive();
        assertThat(signatures).allSatisfy(pair -> assertThat(pair.split(" ")[0]).isEqualTo("sha256=" + pair.split(" ")[1]));

        // The dead receiver was tried (1 s timeout, 2 retries: 4.5 s per event before giving up), yet each event reached
        // the live one within moments of its deploy ending: deliveries never wait for each other or for a deploy.
        assertThat(deadAttempts.get()).isPositive();
        JsonObject lastDeployment = new JsonObject(send(HttpRequest.newBuilder(uri("/api/v1/apps/hello/deployments")))
                .body().substring(1).replaceFirst("(?s)},\\s*\\{.*", "}").replaceFirst("(?s)}]$", "}"));
        Instant ended = Instant.parse(lastDeployment.getString("endedAt"));
        Instant heard = receivedAt.get(7);
        assertThat(Duration.between(ended, heard)).isLessThan(Duration.ofMillis(900));
    }

    @Test
    @Order(2)
    void aScrapeAfterScriptedRequestsShowsTheCounts() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(proxied("hello.example.com").statusCode()).isEqualTo(200);
        }
        int unrouted = 0;
        for (int i = 0; i < 3; i++) {
            unrouted = proxied("nobody.example.com").statusCode();
        }
        HttpResponse<String> update = send(HttpRequest.newBuilder(uri("/update/" + SITE)).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(update.statusCode()).as(update.body()).isEqualTo(200);

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("no token, loopback not trusted").isEqualTo(401);
        String scrape = send(HttpRequest.newBuilder(uri("/metrics"))).body();
        assertThat(value(scrape, "berth_proxy_requests_total", "host=\"hello.example.com\"", "status=\"2xx\"")).isEqualTo(5);
        assertThat(value(scrape, "berth_proxy_requests_total", "host=\"unrouted\"", "status=\"" + unrouted / 100 + "xx\""))
                .isEqualTo(3);
        assertThat(value(scrape, "berth_proxy_request_duration_seconds_count", "host=\"hello.example.com\"")).isEqualTo(5);
        assertThat(value(scrape, "berth_proxy_requests_in_flight")).isZero();
        assertThat(value(scrape, "berth_deploy_duration_seconds_count", "app=\"hello\"", "outcome=\"succeeded\"")).isEqualTo(3);
        assertThat(value(scrape, "berth_deploy_duration_seconds_count", "app=\"thief\"", "outcome=\"failed\"")).isEqualTo(1);
        assertThat(value(scrape, "berth_app_rollbacks_total", "app=\"hello\"")).isEqualTo(1);
        assertThat(value(scrape, "berth_app_state", "app=\"hello\"", "state=\"serving\"")).isEqualTo(1);
        assertThat(value(scrape, "berth_app_state", "app=\"hello\"", "state=\"failed\"")).isZero();
        assertThat(value(scrape, "berth_recipe_duration_seconds_count", "site=\"" + SITE + "\"", "action=\"update\"",
                "result=\"Success\"")).isEqualTo(1);
        assertThat(value(scrape, "jvm_memory_used_bytes", "area=\"heap\"", "id=")).isPositive();
        assertThat(value(scrape, "process_uptime_seconds")).isPositive();
    }

    @Test
    @Order(3)
    void theDashboardSignsInShowsAppAndSiteAndRestartsTheApp() throws Exception {
        DashboardBrowser.run(server.url(), TOKEN, SITE);
    }

    /** The value of the one sample line of {@code name} that has all {@code labels}. */
    static double value(String scrape, String name, String... labels) {
        List<String> lines = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " "))
                    && java.util.Arrays.stream(labels).allMatch(line::contains)) {
                lines.add(line);
            }
        }
        assertThat(lines).as(name + " " + List.of(labels) + " in\n" + scrape).isNotEmpty();
        return Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
    }

    private HttpResponse<String> proxied(String host) throws Exception {
        // The JDK client will not send a Host of our choosing; a raw request will.
        try (Socket socket = new Socket("127.0.0.1", proxyPort)) {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(answer.substring(9, 12));
            return new RawResponse(status, answer);
        }
    }

    private record RawResponse(int statusCode, String body) implements HttpResponse<String> {
        public HttpRequest request() { return null; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return null; }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return null; }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }

    List<String> types() {
        return received.stream().map(event -> event.getString("type")).toList();
    }

    void drop(String app, BundleBuilder bundle) throws Exception {
        Path built = bundle.writeTo(temp.resolve("build/" + app + "-" + System.nanoTime() + ".keter"));
        Files.move(built, incoming.resolve(app + ".keter"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    void awaitServing(long release) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            JsonObject status = new JsonObject(send(HttpRequest.newBuilder(uri("/api/v1/apps/hello"))).body());
            return status.getString("state").equals("serving") && status.getLong("release") == release
                    && status.getString("activity") == null;
        });
    }

    URI uri(String path) {
        return URI.create(server.url() + path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }
}
