package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxyConnectionReuseTest {
    private ProxyFixture proxy;

    @BeforeEach
    void start() throws IOException {
        proxy = ProxyFixture.start();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void aKeptAliveBackendConnectionServesTheNextRequest() throws IOException {
        try (HttpBackend backend = new HttpBackend("echo"); RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            String first = HttpBackend.field(client.exchange(RawHttpClient.get("app.test", "/1")).text(), "remote-port");
            String second = HttpBackend.field(client.exchange(RawHttpClient.get("app.test", "/2")).text(), "remote-port");
            assertThat(second).isEqualTo(first);
        }
    }

    @Test
    void aConnectionTheBackendClosesIsNeverReused() throws IOException {
        try (HttpBackend backend = new HttpBackend("echo"); RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            RawHttpClient.Response closing = client.exchange(RawHttpClient.get("app.test", "/close"));
            assertThat(closing.status()).isEqualTo(200);
            // The backend's Connection: close is its own business: the client's connection stays open.
            assertThat(closing.header("connection")).isNull();
            String first = HttpBackend.field(closing.text(), "remote-port");
            String next = HttpBackend.field(client.exchange(RawHttpClient.get("app.test", "/2")).text(), "remote-port");
            assertThat(next).isNotEqualTo(first);
        }
    }

    @Test
    void aBackendThatDropsIdleConnectionsCausesNoFailedRequest() throws IOException {
        // Answers with keep-alive, then closes right away: the classic race of a short backend keep-alive timeout.
        try (ScriptedBackend backend = new ScriptedBackend((socket, self) -> {
            self.readRequest(socket.getInputStream());
            ScriptedBackend.write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        }); RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            for (int i = 0; i < 50; i++) {
                RawHttpClient.Response response = client.exchange(RawHttpClient.get("app.test", "/" + i));
                assertThat(response.status()).as("request %d", i).isEqualTo(200);
            }
        }
    }

    @Test
    void theConnectionsOfABackendThatLeavesTheRouteTableAreClosed() throws IOException {
        try (ScriptedBackend backend = new ScriptedBackend(ScriptedBackend.keepAlive("ok"));
             RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            assertThat(client.exchange(RawHttpClient.get("app.test", "/")).status()).isEqualTo(200);
            assertThat(backend.opened).hasValue(1);
            assertThat(backend.closed).hasValue(0);
            proxy.unroute("app.test");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(backend.closed).hasValue(1));
        }
    }

    @Test
    void idleBackendConnectionsAreClosedAfterThePoolIdleTimeout() throws IOException {
        try (ScriptedBackend backend = new ScriptedBackend(ScriptedBackend.keepAlive("ok"));
             RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            assertThat(client.exchange(RawHttpClient.get("app.test", "/")).status()).isEqualTo(200);
            long sent = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(backend.closed).hasValue(1));
            assertThat(Duration.ofNanos(System.nanoTime() - sent))
                    .isGreaterThanOrEqualTo(ProxySettings.DEFAULT_POOL_IDLE_TIMEOUT.minusMillis(100));
        }
    }

    @Test
    void requestsAreCountedInFlightUntilTheirAnswerIsSent() throws Exception {
        try (HttpBackend backend = new HttpBackend("slow"); RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            client.send(RawHttpClient.get("app.test", "/slow?ms=700"));
            await().atMost(Duration.ofSeconds(2)).until(() -> proxy.inFlight.count(backend.target()) == 1);
            assertThat(client.read().status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(2)).until(() -> proxy.inFlight.count(backend.target()) == 0);
        }
    }
}
