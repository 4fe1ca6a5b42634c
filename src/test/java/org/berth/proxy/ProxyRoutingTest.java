package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.berth.bundle.ReverseProxyStanza;
import org.berth.bundle.Ssl;
import org.berth.route.RouteTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxyRoutingTest {
    private HttpBackend exact;
    private HttpBackend wild;
    private HttpBackend withPort;
    private ProxyFixture proxy;

    @BeforeEach
    void start() throws IOException {
        exact = new HttpBackend("exact");
        wild = new HttpBackend("wild");
        withPort = new HttpBackend("with-port");
        proxy = ProxyFixture.start(settings -> new ProxySettings(settings.listeners(), settings.connectTimeout(),
                settings.idleTimeout(), settings.requestTimeBound(), settings.poolIdleTimeout(), Optional.of("/_health"),
                8443, settings.trustsForwardingFrom(), settings.responseFiles(), settings.upstreamTls(),
                settings.shutdownGrace(), 2));
        proxy.route("app.test", exact.target());
        proxy.route("*.wild.test", wild.target());
        proxy.route("ported.test:8080", withPort.target());
    }

    @AfterEach
    void stop() {
        proxy.close();
        exact.close();
        wild.close();
        withPort.close();
    }

    @Test
    void routesOnTheHostHeaderIgnoringItsPortAndCase() throws IOException {
        try (RawHttpClient client = proxy.client()) {
            assertThat(client.exchange(RawHttpClient.get("app.test", "/a")).header("x-backend")).isEqualTo("exact");
            assertThat(client.exchange(RawHttpClient.get("APP.test:81", "/b")).header("x-backend")).isEqualTo("exact");
            assertThat(client.exchange(RawHttpClient.get("one.wild.test", "/c")).header("x-backend")).isEqualTo("wild");
            assertThat(client.exchange(RawHttpClient.get("ported.test:8080", "/d")).header("x-backend")).isEqualTo("with-port");
        }
    }

    @Test
    void aWildcardMatchesExactlyOneLabel() throws IOException {
        try (RawHttpClient client = proxy.client()) {
            assertThat(client.exchange(RawHttpClient.get("a.b.wild.test", "/")).status()).isEqualTo(404);
            assertThat(client.exchange(RawHttpClient.get("wild.test", "/")).status()).isEqualTo(404);
        }
    }

    @Test
    void anUnknownHostGets404NamingTheHostEscaped() throws IOException {
        try (RawHttpClient client = proxy.client()) {
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("<script>x</script>.test", "/"));
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.header("content-type")).startsWith("text/html");
            assertThat(response.text()).contains("&lt;script&gt;x&lt;/script&gt;.test").doesNotContain("<script>");
            // The connection stays usable after the proxy's own answer.
            assertThat(client.exchange(RawHttpClient.get("app.test", "/")).status()).isEqualTo(200);
        }
    }

    @Test
    void aRequestWithoutHostGets502() throws IOException {
        try (RawHttpClient client = proxy.client()) {
            RawHttpClient.Response response = client.exchange("GET / HTTP/1.0\r\n\r\n");
            assertThat(response.status()).isEqualTo(502);
            assertThat(response.text()).contains("no Host header");
        }
    }

    @Test
    void theHealthCheckPathAnswersOnAnyHostBeforeRouting() throws IOException {
        try (RawHttpClient client = proxy.client()) {
            assertThat(client.exchange(RawHttpClient.get("nobody.test", "/_health")).status()).isEqualTo(200);
            assertThat(client.exchange(RawHttpClient.get("app.test", "/_health?probe=1")).status()).isEqualTo(200);
            assertThat(client.exchange("GET /_health HTTP/1.0\r\n\r\n").text()).isEqualTo("OK\n");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(exact.requests).hasValue(0);
    }

    @Test
    void requiresSecureRedirectsPlainHttpToTheExternalHttpsPort() throws IOException {
        proxy.route("secure.test", new RouteTarget.FromStanza(new ReverseProxyStanza("127.0.0.1", exact.port(), false,
                List.of("secure.test"), Ssl.OFF, true, Optional.empty(), List.of(), List.of(), false, List.of(),
                Optional.empty(), 1)));
        try (RawHttpClient client = proxy.client()) {
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("secure.test:80", "/path?q=1"));
            assertThat(response.status()).isEqualTo(301);
            assertThat(response.header("location")).isEqualTo("https://secure.test:8443/path?q=1");
        }
        assertThat(exact.requests).hasValue(0);
    }

    @Test
    void staticFilesAreServedWithValidatorsRangesAndNoWayOutOfTheRoot() throws IOException {
        java.nio.file.Path root = java.nio.file.Files.createTempDirectory("berth-static");
        java.nio.file.Path outside = java.nio.file.Files.createTempFile("berth-secret", ".txt");
        try {
            java.nio.file.Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
            java.nio.file.Files.writeString(root.resolve("data.txt"), "0123456789");
            java.nio.file.Files.writeString(outside, "secret");
            java.nio.file.Files.createSymbolicLink(root.resolve("leak.txt"), outside);
            proxy.route("files.test", new RouteTarget.StaticFiles(root, false));
            try (RawHttpClient client = proxy.client()) {
                RawHttpClient.Response home = client.exchange(RawHttpClient.get("files.test", "/"));
                assertThat(home.status()).isEqualTo(200);
                assertThat(home.text()).isEqualTo("<h1>home</h1>");
                RawHttpClient.Response data = client.exchange(RawHttpClient.get("files.test", "/data.txt"));
                String etag = data.header("etag");
                assertThat(etag).isNotBlank();
                assertThat(data.header("last-modified")).isNotBlank();
                assertThat(client.exchange(RawHttpClient.get("files.test", "/data.txt", "If-None-Match: " + etag)).status())
                        .isEqualTo(304);
                RawHttpClient.Response range = client.exchange(RawHttpClient.get("files.test", "/data.txt", "Range: bytes=2-4"));
                assertThat(range.status()).isEqualTo(206);
                assertThat(range.text()).isEqualTo("234");
                assertThat(range.header("content-range")).isEqualTo("bytes 2-4/10");
                for (String attempt : new String[] {"/../" + outside.getFileName(), "/%2e%2e/" + outside.getFileName(),
                        "/..%2f" + outside.getFileName(), "/leak.txt"}) {
                    RawHttpClient.Response refused = client.exchange(RawHttpClient.get("files.test", attempt));
                    assertThat(refused.status()).as(attempt).isIn(400, 404);
                    assertThat(refused.text()).as(attempt).doesNotContain("secret");
                }
            }
        } finally {
            java.nio.file.Files.deleteIfExists(root.resolve("leak.txt"));
            java.nio.file.Files.deleteIfExists(root.resolve("data.txt"));
            java.nio.file.Files.deleteIfExists(root.resolve("index.html"));
            java.nio.file.Files.deleteIfExists(root);
            java.nio.file.Files.deleteIfExists(outside);
        }
    }

    @Test
    void aSmallFileChangedInPlaceIsServedAfreshAndALargeOneWhole() throws IOException {
        java.nio.file.Path root = java.nio.file.Files.createTempDirectory("berth-static");
        java.nio.file.Path small = root.resolve("small.txt");
        java.nio.file.Path large = root.resolve("large.bin");
        try {
            java.nio.file.Files.writeString(small, "first version");
            String big = "x".repeat(StaticContentCache.MAX_FILE_BYTES * 3) + "end";
            java.nio.file.Files.writeString(large, big);
            proxy.route("files.test", new RouteTarget.StaticFiles(root, false));
            try (RawHttpClient client = proxy.client()) {
                assertThat(client.exchange(RawHttpClient.get("files.test", "/small.txt")).text()).isEqualTo("first version");
                // Kept in memory now; rewritten in place with the same size and a later time, then a new size.
                java.nio.file.Files.writeString(small, "other version");
                java.nio.file.Files.setLastModifiedTime(small, java.nio.file.attribute.FileTime.from(
                        java.nio.file.Files.getLastModifiedTime(small).toInstant().plusMillis(5)));
                assertThat(client.exchange(RawHttpClient.get("files.test", "/small.txt")).text()).isEqualTo("other version");
                java.nio.file.Files.writeString(small, "third, longer version");
                assertThat(client.exchange(RawHttpClient.get("files.test", "/small.txt")).text())
                        .isEqualTo("third, longer version");
                RawHttpClient.Response part = client.exchange(RawHttpClient.get("files.test", "/small.txt", "Range: bytes=0-4"));
                assertThat(part.text()).isEqualTo("third");
                assertThat(client.exchange(RawHttpClient.get("files.test", "/large.bin")).text()).isEqualTo(big);
            }
        } finally {
            java.nio.file.Files.deleteIfExists(small);
            java.nio.file.Files.deleteIfExists(large);
            java.nio.file.Files.deleteIfExists(root);
        }
    }

    @Test
    void aRouteTableSwapTakesEffectOnTheNextRequestOfTheSameConnection() throws IOException {
        try (RawHttpClient client = proxy.client()) {
            assertThat(client.exchange(RawHttpClient.get("app.test", "/")).header("x-backend")).isEqualTo("exact");
            proxy.route("app.test", wild.target());
            assertThat(client.exchange(RawHttpClient.get("app.test", "/")).header("x-backend")).isEqualTo("wild");
            proxy.unroute("app.test");
            assertThat(client.exchange(RawHttpClient.get("app.test", "/")).status()).isEqualTo(404);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (RawHttpClient client = proxy.client()) {
            client.send(RawHttpClient.get("app.test", "/slow?ms=200") + RawHttpClient.get("one.wild.test", "/second")
                    + RawHttpClient.get("nobody.test", "/third"));
            assertThat(client.read().header("x-backend")).isEqualTo("exact");
            assertThat(client.read().header("x-backend")).isEqualTo("wild");
            assertThat(client.read().status()).isEqualTo(404);
        }
    }

    @Test
    void http10RequestsAreAnsweredAndClosedUnlessKeptAlive() throws IOException {
        try (RawHttpClient client = proxy.client()) {
            RawHttpClient.Response kept = client.exchange("GET /k HTTP/1.0\r\nHost: app.test\r\nConnection: keep-alive\r\n\r\n");
            assertThat(kept.status()).isEqualTo(200);
            assertThat(kept.header("connection")).isEqualToIgnoringCase("keep-alive");
            RawHttpClient.Response last = client.exchange("GET /c HTTP/1.0\r\nHost: app.test\r\n\r\n");
            assertThat(HttpBackend.field(last.text(), "uri")).isEqualTo("/c");
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void aBadRequestLineGets400AndTheConnectionCloses() throws IOException {
        try (RawHttpClient client = proxy.client()) {
            RawHttpClient.Response response = client.exchange("GET / HTTP/1.1\r\nHost app.test\r\n\r\n");
            assertThat(response.status()).isEqualTo(400);
            assertThat(client.closedByPeer()).isTrue();
        }
    }
}
