package org.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.berth.testing.LoadGeneratorOutcome.Failure;
import org.berth.testing.LoadGeneratorPlan.Connection;
import org.berth.testing.LoadGeneratorPlan.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
    private static final String HOST = "load.example";

    private HttpServer server;
    private final Set<String> hostsSeen = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<Long> uploadLengths = new CopyOnWriteArrayList<>();
    private final AtomicBoolean lieAboutLength = new AtomicBoolean();

    /** Like VersionApp, plus what the tests need to see: Host, upload sizes, chunked answers, errors. */
    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        hostsSeen.add(exchange.getRequestHeaders().getFirst("Host"));
        String path = exchange.getRequestURI().getPath();
        long received;
        try (InputStream body = exchange.getRequestBody()) {
            received = body.transferTo(OutputStream.nullOutputStream());
        }
        if (path.equals("/slow")) {
            sleep(Long.parseLong(exchange.getRequestURI().getQuery().replace("ms=", "")));
        }
        if (exchange.getRequestMethod().equals("POST")) {
            uploadLengths.add(received);
            exchange.getResponseHeaders().set("X-Body-Length", Long.toString(lieAboutLength.get() ? received - 1 : received));
        }
        if (path.equals("/close")) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        int status = path.equals("/fail") ? 500 : 200;
        byte[] answer = (status == 200 ? "v1\n" : "broken").getBytes(StandardCharsets.UTF_8);
        // /chunked: unknown length, so the JDK server sends chunks
        exchange.sendResponseHeaders(status, path.equals("/chunked") ? 0 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private int port() {
        return server.getAddress().getPort();
    }

    @Test
    void mixOfKindsAndConnectionsAllSucceedWithTheHostHeader() throws Exception {
        LoadGeneratorReport report = LoadGenerator.run(LoadGeneratorPlan.builder(port(), HOST)
                .clients(3, 3)
                .mix(5, 1, 2)
                .paths("/", "/slow?ms=200", "/upload")
                .duration(Duration.ofSeconds(2))
                .build());

        assertThat(report.failed()).as(report.summary()).isZero();
        assertThat(report.total()).as(report.summary()).isGreaterThan(50);
        assertThat(report.versions()).as("body trimmed: the version").containsExactly(Map.entry("v1", report.total()));
        for (Kind kind : Kind.values()) {
            assertThat(report.count(kind)).as(kind + " in " + report.summary()).isPositive();
        }
        assertThat(report.count(Connection.KEEP_ALIVE)).isPositive();
        assertThat(report.count(Connection.NEW_PER_REQUEST)).isPositive();
        assertThat(report.reusedConnections()).as("keep-alive clients reuse their connection").isPositive();
        assertThat(report.count(outcome -> outcome.reused() && outcome.connection() == Connection.NEW_PER_REQUEST))
                .isZero();
        assertThat(report.byKind().get(Kind.SLOW).p50()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(hostsSeen).containsExactly(HOST);
        assertThat(uploadLengths).hasSize((int) report.count(Kind.UPLOAD)).containsOnly(64L * 1024);
        assertThat(report.elapsed()).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void stopsAfterTheRequestCount() throws Exception {
        LoadGeneratorReport report = LoadGenerator.run(LoadGeneratorPlan.builder(port(), HOST)
                .clients(2, 3).duration(null).maxRequests(57).build());

        assertThat(report.total()).isEqualTo(57);
        assertThat(report.succeeded()).as(report.summary()).isEqualTo(57);
    }

    @Test
    void reportsFailuresWhenTheServerStopsMidRun() throws Exception {
        LoadGeneratorPlan plan = LoadGeneratorPlan.builder(port(), HOST)
                .clients(2, 2)
                .mix(3, 0, 1)
                .duration(Duration.ofSeconds(3))
                .pause(Duration.ofMillis(5))
                .build();
        Thread stopper = Thread.ofVirtual().start(() -> {
            sleep(1000);
            server.stop(0);
        });

        LoadGeneratorReport report = LoadGenerator.run(plan);
        stopper.join();

        assertThat(report.succeeded()).as(report.summary()).isPositive();
        assertThat(report.failed()).as(report.summary()).isPositive();
        assertThat(report.failureCounts()).as(report.summary()).containsKey(Failure.CONNECT_REFUSED);
        assertThat(report.failures()).allSatisfy(failure -> {
            assertThat(failure.startedNanos()).isGreaterThan(Duration.ofMillis(900).toNanos());
            assertThat(failure.detail()).isNotBlank();
            assertThat(failure.version()).isNull();
        });
        assertThat(report.summary()).contains("CONNECT_REFUSED").contains("first failures:");
        assertThat(report.elapsed()).as("bounded by the plan, not by the failures").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void reportsErrorStatusesTimeoutsAndShortUploads() throws Exception {
        LoadGeneratorReport status = LoadGenerator.run(LoadGeneratorPlan.builder(port(), HOST)
                .clients(1, 1).paths("/fail", "/slow", "/upload").maxRequests(4).build());
        assertThat(status.failureCounts()).isEqualTo(Map.of(Failure.STATUS, 4L));
        assertThat(status.failures().getFirst().status()).isEqualTo(500);
        assertThat(status.failures().getFirst().detail()).isEqualTo("HTTP 500: broken");

        LoadGeneratorReport timeout = LoadGenerator.run(LoadGeneratorPlan.builder(port(), HOST)
                .clients(1, 1).mix(0, 1, 0).paths("/", "/slow?ms=2000", "/upload")
                .timeouts(Duration.ofSeconds(1), Duration.ofMillis(300)).maxRequests(2).build());
        assertThat(timeout.failureCounts()).as(timeout.summary()).isEqualTo(Map.of(Failure.TIMEOUT, 2L));
        assertThat(timeout.byKind().get(Kind.SLOW).max()).isLessThan(Duration.ofMillis(1500));

        lieAboutLength.set(true);
        LoadGeneratorReport uploads = LoadGenerator.run(LoadGeneratorPlan.builder(port(), HOST)
                .clients(1, 0).mix(0, 0, 1).uploadBytes(1000).maxRequests(3).build());
        assertThat(uploads.failureCounts()).as(uploads.summary()).isEqualTo(Map.of(Failure.BODY_LENGTH, 3L));
        assertThat(uploads.failures().getFirst().detail()).isEqualTo("sent 1000 bytes, the backend received 999");
    }

    @Test
    void clientReadsChunkedAnswersAndReconnectsAfterConnectionClose() throws Exception {
        try (LoadGeneratorClient client = new LoadGeneratorClient("127.0.0.1", port(), HOST,
                Duration.ofSeconds(2), Duration.ofSeconds(2))) {
            LoadGeneratorClient.Response chunked = client.send("GET", "/chunked", null, true);
            assertThat(chunked.header("Transfer-Encoding")).hasValue("chunked");
            assertThat(chunked.bodyText()).isEqualTo("v1\n");
            assertThat(chunked.reusedConnection()).isFalse();

            assertThat(client.send("GET", "/", null, true).reusedConnection()).isTrue();
            assertThat(client.requestsOnConnection()).isEqualTo(2);

            LoadGeneratorClient.Response closing = client.send("GET", "/close", null, true);
            assertThat(closing.status()).isEqualTo(200);
            assertThat(client.requestsOnConnection()).as("closed as the server asked").isZero();

            LoadGeneratorClient.Response next = client.send("POST", "/upload", new byte[70_000], true);
            assertThat(next.reusedConnection()).isFalse();
            assertThat(next.header("X-Body-Length")).hasValue("70000");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
