package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.berth.route.RouteTarget;
import org.berth.testing.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProxyFailureTest {
    private ProxyFixture proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aBackendThatIsDownGets502AtOnce() throws IOException {
        proxy = ProxyFixture.start();
        RouteTarget.Backend down = new RouteTarget.Backend("127.0.0.1", FreePorts.next());
        proxy.route("app.test", down);
        try (RawHttpClient client = proxy.client()) {
            long start = System.nanoTime();
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("app.test", "/"));
            assertThat(response.status()).isEqualTo(502);
            assertThat(response.text()).contains("could not be reached");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(response.header("connection")).isEqualTo("close");
        }
        assertThat(proxy.inFlight.count(down)).isZero();
    }

    @Test
    void aCrashedBackendGets502UntilItListensAgain() throws Exception {
        proxy = ProxyFixture.start();
        int port;
        try (ScriptedBackend backend = new ScriptedBackend(ScriptedBackend.keepAlive("first"))) {
            port = backend.port();
            proxy.route("app.test", backend.target());
            try (RawHttpClient client = proxy.client()) {
                assertThat(client.exchange(RawHttpClient.get("app.test", "/")).text()).isEqualTo("first");
            }
        }
        for (int i = 0; i < 3; i++) {
            try (RawHttpClient client = proxy.client()) {
                assertThat(client.exchange(RawHttpClient.get("app.test", "/")).status()).isEqualTo(502);
            }
        }
        try (ScriptedBackend restarted = new ScriptedBackend(port, ScriptedBackend.keepAlive("again"));
             RawHttpClient client = proxy.client()) {
            assertThat(client.exchange(RawHttpClient.get("app.test", "/")).text()).isEqualTo("again");
            assertThat(restarted.requests).hasValue(1);
        }
    }

    @Test
    void aBackendThatNeverAnswersGets502AfterTheRequestTimeBound() throws IOException {
        proxy = ProxyFixture.start(settings -> settings.withTimeouts(settings.connectTimeout(), settings.idleTimeout(),
                Optional.of(Duration.ofMillis(600))));
        try (ScriptedBackend backend = new ScriptedBackend(ScriptedBackend.neverAnswer());
             RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            long start = System.nanoTime();
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("app.test", "/"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(response.status()).isEqualTo(502);
            assertThat(took).isBetween(Duration.ofMillis(550), Duration.ofSeconds(3));
            assertThat(client.closedByPeer()).isTrue();
            // The backend connection is given up too, never reused.
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(backend.closed).hasValue(1));
            assertThat(proxy.inFlight.count(backend.target())).isZero();
        }
    }

    @Test
    void withoutATimeBoundTheIdleTimeoutStillEndsAHungRequest() throws IOException {
        proxy = ProxyFixture.start(settings -> settings.withTimeouts(settings.connectTimeout(), Duration.ofMillis(500),
                Optional.empty()));
        try (ScriptedBackend backend = new ScriptedBackend(ScriptedBackend.neverAnswer());
             RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            assertThat(client.exchange(RawHttpClient.get("app.test", "/")).status()).isEqualTo(502);
        }
    }

    @Test
    void anIdleClientConnectionIsClosed() throws IOException {
        proxy = ProxyFixture.start(settings -> settings.withTimeouts(settings.connectTimeout(), Duration.ofMillis(400),
                settings.requestTimeBound()));
        try (RawHttpClient client = proxy.client()) {
            long start = System.nanoTime();
            assertThat(client.closedByPeer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(350), Duration.ofSeconds(3));
        }
    }

    @Test
    void aBackendDyingHalfWayThroughItsAnswerCutsTheClientConnection() throws IOException {
        proxy = ProxyFixture.start();
        try (ScriptedBackend backend = new ScriptedBackend((socket, self) -> {
            self.readRequest(socket.getInputStream());
            ScriptedBackend.write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten..");
        }); RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            client.send(RawHttpClient.get("app.test", "/"));
            byte[] all = client.input().readAllBytes();
            String text = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("content-length: 100").endsWith("only ten..");
            await().atMost(Duration.ofSeconds(2)).until(() -> proxy.inFlight.count(backend.target()) == 0);
        }
    }
}
